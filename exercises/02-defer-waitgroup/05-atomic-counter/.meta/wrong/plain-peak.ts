// expect: race "a goroutine that sees a new peak, or a request in flight, also sees what was done before that request started"
// served and inFlight are atomics; the peak is a plain field, raised with `if (n > this.highest)`.
// JavaScript runs that check and write in one go, so the value is never wrong here — but in Go it
// is a data race (two goroutines read and write it unsynchronised, and the check-then-write loses
// peaks), and a goroutine that reads the peak is not ordered after anything the request did.
import * as atomic from "gosync/sync/atomic";

export class RequestStats {
  private readonly servedCount = new atomic.Int64();
  private readonly active = new atomic.Int64();
  private highest = 0;

  async track<T>(handler: () => Promise<T>): Promise<T> {
    const n = this.active.add(1);
    if (n > this.highest) this.highest = n;
    try {
      return await handler();
    } finally {
      this.active.add(-1);
      this.servedCount.add(1);
    }
  }

  served(): number {
    return this.servedCount.load();
  }

  inFlight(): number {
    return this.active.load();
  }

  peak(): number {
    return this.highest;
  }
}
