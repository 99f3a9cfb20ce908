// expect: fail "the peak is exact: five requests in flight at once give a peak of 5"
// Every count is an atomic, but the peak is raised with a load and then a store. Each is atomic;
// the pair is not: between this goroutine's load and its store another one can store a larger
// peak, and this store then overwrites it with a smaller one. No data race is reported — it is a
// lost update. A compareAndSwap loop stores only over the value it looked at.
import * as atomic from "gosync/sync/atomic";

export class RequestStats {
  private readonly servedCount = new atomic.Int64();
  private readonly active = new atomic.Int64();
  private readonly highest = new atomic.Int64();

  async track<T>(handler: () => Promise<T>): Promise<T> {
    const n = this.active.add(1);
    if (n > this.highest.load()) this.highest.store(n);
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
    return this.highest.load();
  }
}
