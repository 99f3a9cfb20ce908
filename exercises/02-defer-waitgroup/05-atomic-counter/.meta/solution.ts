import * as atomic from "gosync/sync/atomic";

/**
 * RequestStats counts the requests of a service and is safe for use by many goroutines at once:
 * how many have been served, how many are in flight now, and the most that were ever in flight
 * at the same time (the high-water mark). The zero value is ready to use: everything reads 0.
 *
 * Each count is a single number that changes on its own, so each is an atomic and no lock is
 * needed. An atomic makes one operation indivisible, not a sequence of them: the peak, which
 * depends on its current value, is raised with a compareAndSwap loop, never with a load
 * followed by a store (another goroutine can store a larger peak in between, and the store
 * would overwrite it).
 */
export class RequestStats {
  // served counts the requests that have finished, whether the handler returned or threw.
  private readonly servedCount = new atomic.Int64();
  // active counts the requests whose handler is running now.
  private readonly active = new atomic.Int64();
  // highest is the most requests ever in flight at once; it only grows.
  private readonly highest = new atomic.Int64();

  /**
   * track runs handler as one request and returns (or throws) what it returns (or throws).
   * The request is in flight from the moment track is called until handler has finished.
   */
  async track<T>(handler: () => Promise<T>): Promise<T> {
    this.raisePeak(this.active.add(1));
    try {
      return await handler();
    } finally {
      // Go: defer s.active.Add(-1) — a handler that throws has finished too.
      this.active.add(-1);
      this.servedCount.add(1);
    }
  }

  /**
   * raisePeak makes the peak at least n. If the peak changed between the load and the
   * compareAndSwap, the swap fails and the loop looks again; it stops once the peak is n or more.
   */
  private raisePeak(n: number): void {
    for (let old = this.highest.load(); n > old; old = this.highest.load()) {
      if (this.highest.compareAndSwap(old, n)) return;
    }
  }

  /** served returns how many requests have finished. */
  served(): number {
    return this.servedCount.load();
  }

  /** inFlight returns how many requests are running now. */
  inFlight(): number {
    return this.active.load();
  }

  /** peak returns the most requests that were ever in flight at the same time. */
  peak(): number {
    return this.highest.load();
  }
}
