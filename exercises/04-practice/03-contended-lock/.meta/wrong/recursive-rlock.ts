// expect: deadlock "a publish sends the route's totals as they were at one moment during the call, while requests go on"
// An RWMutex: records take the write lock, publish the read lock across the send, so publishes
// overlap. To copy the totals, publish calls totals() — which takes the read lock again while
// publish still holds it. Go forbids recursive read locking: when a record calls lock() between
// the two, it waits for publish's read lock to be released, and the second rLock waits behind
// that waiting writer (a pending writer blocks new readers, so writers are not starved). Each
// waits for the other: on the schedules where a record comes in between, every goroutine is
// asleep. Read the totals directly under the read lock you hold.
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
    using _ = await this.rw.rLock(); // held across the send, so that no record changes the totals meanwhile
    await this.send(route, await this.totals(route));
  }
}
