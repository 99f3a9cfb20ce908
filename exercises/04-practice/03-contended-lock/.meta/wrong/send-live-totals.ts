// expect: race "a publish sends the route's totals as they were at one moment during the call, while requests go on"
// The send is moved out of the critical section, as it should be — but what is sent is the
// route's own totals object, found under the lock and handed to send after unlocking. send reads
// it for the whole 10 ms it takes, while records write it under the lock that publish no longer
// holds: nothing orders those reads after the writes, a data race (and the collector may encode a
// count from before a request and a total from after it). Copy the numbers while holding the lock.
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
    let t: Totals;
    {
      using _ = await this.mu.lock();
      t = this.routes.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 };
    }
    await this.send(route, t); // the live totals, read by send while records change them
  }
}
