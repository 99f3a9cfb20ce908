// expect: race "a publish sends the route's totals as they were at one moment during the call, while requests go on"
// "publish only reads, so it needs no lock": the lock is dropped from publish altogether, and it
// copies the route's totals with no lock at all. Nothing orders that read of the map and of the
// totals with the writes records make under the lock — a data race, whether or not the two
// happened to overlap in this run. A read needs the lock (or a read lock) as much as a write does;
// what must not be inside it is the slow send.
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

export class Stats {
  private readonly mu = new Mutex();
  private readonly routes = shared(new Map<string, Totals>());
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

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

  async totals(route: string): Promise<Totals> {
    using _ = await this.mu.lock();
    const t = this.routes.get(route);
    return t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t };
  }

  async publish(route: string): Promise<void> {
    const t = this.routes.get(route);
    await this.send(route, t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t });
  }
}
