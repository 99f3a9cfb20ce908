// A correct solution in another style: an RWMutex. publish only reads the totals, so it takes the
// read lock, and keeps it across the send (the collector reads the live totals, which no record
// can change meanwhile): publishes overlap each other. A record takes the write lock and waits
// for the publishes in progress — at most one send.
import { shared } from "gosync";
import { RWMutex } from "gosync/sync";

/** Totals are one route's request statistics. */
export interface Totals {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Send delivers one route's totals to the metrics collector; it reads them until it returns. */
export type Send = (route: string, totals: Totals) => Promise<void>;

export class Stats {
  private readonly rw = new RWMutex();
  private readonly routes = shared(new Map<string, Totals>());
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  async record(route: string, ms: number): Promise<void> {
    using _ = await this.rw.lock();
    const t = this.routes.get(route);
    if (t === undefined) {
      this.routes.set(route, { count: 1, totalMs: ms, maxMs: ms });
      return;
    }
    t.count++;
    t.totalMs += ms;
    if (ms > t.maxMs) t.maxMs = ms;
  }

  async totals(route: string): Promise<Totals> {
    using _ = await this.rw.rLock();
    const t = this.routes.get(route);
    return t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t };
  }

  async publish(route: string): Promise<void> {
    using _ = await this.rw.rLock();
    await this.send(route, this.routes.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 });
  }
}
