import { shared } from "gosync";
import { Mutex } from "gosync/sync";

/** Totals are one route's request statistics. */
export interface Totals {
  /** how many requests were recorded */
  count: number;
  /** their durations added up, in ms */
  totalMs: number;
  /** the longest duration, in ms (0 while there is none) */
  maxMs: number;
}

/**
 * Send delivers one route's totals to the metrics collector, over the network. It reads the
 * totals it is given while it runs, until it returns.
 */
export type Send = (route: string, totals: Totals) => Promise<void>;

/**
 * Stats keeps request statistics per route and is safe for use by many goroutines at once.
 *
 * mu guards the totals, and every critical section is a few reads and writes of memory: no
 * goroutine ever waits on the network while holding it. publish copies the route's totals under
 * the lock — one moment's totals, never half updated — and sends the copy after unlocking. The
 * tempting version sends the route's own totals object after unlocking: send reads it while
 * records change it, a data race (and the collector may get a half-updated record).
 */
export class Stats {
  // mu guards routes; it is never held across a send.
  private readonly mu = new Mutex();

  // routes maps a route to its totals, in shared() state so the race detector sees them.
  private readonly routes = shared(new Map<string, Totals>());

  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  /** record adds one request to route that took ms. */
  async record(route: string, ms: number): Promise<void> {
    using _ = await this.mu.lock();
    const t = this.routes.get(route);
    if (t === undefined) {
      this.routes.set(route, { count: 1, totalMs: ms, maxMs: ms });
      return;
    }
    t.count++;
    t.totalMs += ms;
    if (ms > t.maxMs) t.maxMs = ms;
  }

  /** totals returns a copy of route's totals as they are now (all 0 for a route never recorded). */
  async totals(route: string): Promise<Totals> {
    using _ = await this.mu.lock();
    return this.snapshot(route);
  }

  /** publish sends a copy of route's totals, taken at one moment, to the collector. */
  async publish(route: string): Promise<void> {
    let t: Totals;
    {
      using _ = await this.mu.lock();
      t = this.snapshot(route);
    } // unlocked here: other goroutines go on while the totals travel
    await this.send(route, t);
  }

  /** snapshot copies route's totals; mu must be held. */
  private snapshot(route: string): Totals {
    const t = this.routes.get(route);
    return t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { count: t.count, totalMs: t.totalMs, maxMs: t.maxMs };
  }
}
