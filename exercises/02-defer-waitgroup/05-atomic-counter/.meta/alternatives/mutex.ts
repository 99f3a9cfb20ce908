// A correct solution in another style: one Mutex around the three numbers instead of atomics.
// The lock is held only to count — never across the handler, so requests still run side by
// side — and the getters take it too, which orders each read after the counting it reports.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class RequestStats {
  private readonly mu = new Mutex();
  private readonly s = shared({ served: 0, active: 0, peak: 0 });

  async track<T>(handler: () => Promise<T>): Promise<T> {
    {
      using _ = await this.mu.lock();
      this.s.active++;
      this.s.peak = Math.max(this.s.peak, this.s.active);
    }
    try {
      return await handler();
    } finally {
      using _ = await this.mu.lock();
      this.s.active--;
      this.s.served++;
    }
  }

  async served(): Promise<number> { using _ = await this.mu.lock(); return this.s.served; }
  async inFlight(): Promise<number> { using _ = await this.mu.lock(); return this.s.active; }
  async peak(): Promise<number> { using _ = await this.mu.lock(); return this.s.peak; }
}
