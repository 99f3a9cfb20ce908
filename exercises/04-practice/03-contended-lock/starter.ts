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
 * Stats keeps request statistics per route for a web service: every handler records how long
 * its request took, and an exporter publishes each route's totals to a metrics collector.
 * Many goroutines call its methods at once.
 *
 * It is correct, and under load it is slow: see the instructions.
 */
export class Stats {
  // mu guards routes.
  private readonly mu = new Mutex();

  // routes maps a route to its totals. shared() lets the simulator's race detector see every
  // read and write of it; keep the routes' totals in shared() state.
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
    const t = this.routes.get(route);
    return t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t };
  }

  /** publish sends route's totals to the collector: the totals of one moment, never half updated. */
  async publish(route: string): Promise<void> {
    using _ = await this.mu.lock();
    const t = this.routes.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 };
    await this.send(route, t);
  }
}
