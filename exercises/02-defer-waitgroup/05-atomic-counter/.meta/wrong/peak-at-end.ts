// expect: fail "inFlight counts the requests running now, and peak already holds the most while they run"
// Raises the peak only when a request ends, from the count before its own decrement: the final
// peak is right, but while the requests run peak() is lower than inFlight() — not the highest
// inFlight has ever been (found by an independent solver).
import * as atomic from "gosync/sync/atomic";

export class RequestStats {
  private readonly servedN = new atomic.Int64();
  private readonly active = new atomic.Int64();
  private readonly high = new atomic.Int64();

  async track<T>(handler: () => Promise<T>): Promise<T> {
    this.active.add(1);
    try {
      return await handler();
    } finally {
      const now = this.active.add(-1) + 1; // bug: the peak is raised only when a request ends
      for (;;) {
        const old = this.high.load();
        if (now <= old || this.high.compareAndSwap(old, now)) break;
      }
      this.servedN.add(1);
    }
  }

  served(): number { return this.servedN.load(); }
  inFlight(): number { return this.active.load(); }
  peak(): number { return this.high.load(); }
}
