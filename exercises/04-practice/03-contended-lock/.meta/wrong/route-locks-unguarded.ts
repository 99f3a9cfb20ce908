// expect: race "loses no request when many goroutines record at once"
// A lock per route, so that a route waits only for its own publishes: the entries (a Mutex and
// the totals) live in a shared() map — but the map itself is read and written with no lock,
// "because each route has its own". Two goroutines adding or looking up different routes at once
// read and write that one map with nothing ordering them: a data race, as in Go, where a map read
// concurrent with a write of any key is one. The map of locks needs a lock of its own, held only
// to find or add an entry.
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

interface Entry {
  mu: Mutex;
  totals: Totals;
}

export class Stats {
  private readonly routes = shared(new Map<string, Entry>());
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  private entryOf(route: string): Entry {
    let e = this.routes.get(route);
    if (e === undefined) {
      e = { mu: new Mutex(), totals: { count: 0, totalMs: 0, maxMs: 0 } };
      this.routes.set(route, e);
    }
    return e;
  }

  async record(route: string, ms: number): Promise<void> {
    const e = this.entryOf(route);
    using _ = await e.mu.lock();
    e.totals.count++;
    e.totals.totalMs += ms;
    if (ms > e.totals.maxMs) e.totals.maxMs = ms;
  }

  async totals(route: string): Promise<Totals> {
    const e = this.entryOf(route);
    using _ = await e.mu.lock();
    return { ...e.totals };
  }

  async publish(route: string): Promise<void> {
    const e = this.entryOf(route);
    using _ = await e.mu.lock();
    await this.send(route, e.totals);
  }
}
