// expect: fail "requests run side by side: five requests of 10 ms take 10 ms"
// The counts live in shared() state under a Mutex — race-free and exact — but the lock is held
// while the handler runs, so requests are served one at a time: five requests of 10 ms take
// 50 ms, and the peak is always 1. A lock, if you use one, guards the counts, never the work.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class RequestStats {
  private readonly mu = new Mutex();
  private readonly counts = shared({ served: 0, active: 0, peak: 0 });

  async track<T>(handler: () => Promise<T>): Promise<T> {
    using _ = await this.mu.lock();
    this.counts.active++;
    if (this.counts.active > this.counts.peak) this.counts.peak = this.counts.active;
    try {
      return await handler();
    } finally {
      this.counts.active--;
      this.counts.served++;
    }
  }

  async served(): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts.served;
  }

  async inFlight(): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts.active;
  }

  async peak(): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts.peak;
  }
}
