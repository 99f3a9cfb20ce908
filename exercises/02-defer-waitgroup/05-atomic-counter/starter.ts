import { shared } from "gosync";

/**
 * RequestStats counts the requests of a service: how many have been served, how many are in
 * flight now, and the most that were ever in flight at the same time. Many goroutines call
 * track at once, and others read the counts meanwhile.
 *
 * This version keeps the counts in one shared() object with no synchronisation at all: the
 * race detector reports a DATA RACE as soon as two requests overlap.
 */
export class RequestStats {
  private readonly counts = shared({ served: 0, active: 0, peak: 0 });

  /** track runs handler as one request and returns (or throws) what it returns (or throws). */
  async track<T>(handler: () => Promise<T>): Promise<T> {
    this.counts.active++;
    if (this.counts.active > this.counts.peak) this.counts.peak = this.counts.active;
    const result = await handler();
    this.counts.active--;
    this.counts.served++;
    return result;
  }

  /** served returns how many requests have finished. */
  served(): number {
    return this.counts.served;
  }

  /** inFlight returns how many requests are running now. */
  inFlight(): number {
    return this.counts.active;
  }

  /** peak returns the most requests that were ever in flight at the same time. */
  peak(): number {
    return this.counts.peak;
  }
}
