// expect: fail "counts every request served by many goroutines: no update is lost"
// The peak is right, but served is counted with a load, then a store of the value plus one. Two
// requests that finish together both load the same count and both store count + 1: one of them
// is lost. add is the single indivisible read-modify-write.
import * as atomic from "gosync/sync/atomic";

export class RequestStats {
  private readonly servedCount = new atomic.Int64();
  private readonly active = new atomic.Int64();
  private readonly highest = new atomic.Int64();

  async track<T>(handler: () => Promise<T>): Promise<T> {
    const n = this.active.add(1);
    for (let old = this.highest.load(); n > old; old = this.highest.load()) {
      if (this.highest.compareAndSwap(old, n)) break;
    }
    try {
      return await handler();
    } finally {
      this.active.add(-1);
      this.servedCount.store(this.servedCount.load() + 1);
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
