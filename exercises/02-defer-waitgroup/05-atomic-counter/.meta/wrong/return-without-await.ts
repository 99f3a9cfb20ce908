// expect: runtime-error
// Everything is atomic and the decrement sits in a finally — but the handler's promise is returned
// without await. The finally runs as soon as the promise is handed back, while the handler's first
// operation (its sleep) is still pending: gosync stops the goroutine at the decrement with
// "a missing await?" (it points at `return fn()`), and the throwing handler's error is left with
// nobody to catch it, which ends the Run. Await the handler inside the try.
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
      return handler();
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
