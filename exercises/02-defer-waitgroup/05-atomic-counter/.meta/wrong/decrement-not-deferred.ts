// expect: fail "a handler that throws: track throws the same error, and the request counts as finished"
// Atomics and a compareAndSwap loop, right — but the request is marked finished only after the
// handler returned. A handler that throws skips it: the request stays "in flight" forever and is
// never counted as served. Decrement on every way out, as Go's `defer s.active.Add(-1)` does.
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
    const result = await handler();
    this.active.add(-1);
    this.servedCount.add(1);
    return result;
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
