// A correct solution in another style: a Mutex per route, held across that route's send, found or
// added under one short-held lock that guards the map of routes. A publish makes only its own
// route's records and publishes wait.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

/** Totals are one route's request statistics. */
export interface Totals {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Send delivers one route's totals to the metrics collector; it reads them until it returns. */
export type Send = (route: string, totals: Totals) => Promise<void>;

interface Route {
  mu: Mutex;
  totals: Totals;
}

export class Stats {
  // mu guards the map only: it is held to find or add a route, never across a send.
  private readonly mu = new Mutex();
  private readonly routes = shared<Record<string, Route>>({});
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  private async routeOf(name: string): Promise<Route> {
    using _ = await this.mu.lock();
    return (this.routes[name] ??= { mu: new Mutex(), totals: { count: 0, totalMs: 0, maxMs: 0 } });
  }

  async record(name: string, ms: number): Promise<void> {
    const r = await this.routeOf(name);
    using _ = await r.mu.lock();
    r.totals.count += 1;
    r.totals.totalMs += ms;
    if (ms > r.totals.maxMs) r.totals.maxMs = ms;
  }

  async totals(name: string): Promise<Totals> {
    const r = await this.routeOf(name);
    using _ = await r.mu.lock();
    return { ...r.totals };
  }

  async publish(name: string): Promise<void> {
    const r = await this.routeOf(name);
    using _ = await r.mu.lock();
    await this.send(name, r.totals);
  }
}
