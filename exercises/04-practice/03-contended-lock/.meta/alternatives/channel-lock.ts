// A correct solution in another style: a channel of one slot as the lock (a send takes it, a
// receive gives it back), the totals in a shared() record, and a critical section that only
// copies: publish takes its copy, gives the lock back, and sends the copy afterwards.
import { chan, shared } from "gosync";

/** Totals are one route's request statistics. */
export interface Totals {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Send delivers one route's totals to the metrics collector; it reads them until it returns. */
export type Send = (route: string, totals: Totals) => Promise<void>;

export class Stats {
  private readonly sem = chan<void>(1);
  private readonly routes = shared<Record<string, Totals>>({});
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  /** locked runs f holding the one-slot channel. */
  private async locked<R>(f: () => R): Promise<R> {
    await this.sem.send();
    try {
      return f();
    } finally {
      await this.sem.recv();
    }
  }

  async record(route: string, ms: number): Promise<void> {
    await this.locked(() => {
      const t = (this.routes[route] ??= { count: 0, totalMs: 0, maxMs: 0 });
      t.count += 1;
      t.totalMs += ms;
      t.maxMs = Math.max(t.maxMs, ms);
    });
  }

  async totals(route: string): Promise<Totals> {
    return this.locked(() => {
      const t = this.routes[route];
      return t ? { count: t.count, totalMs: t.totalMs, maxMs: t.maxMs } : { count: 0, totalMs: 0, maxMs: 0 };
    });
  }

  async publish(route: string): Promise<void> {
    const copy = await this.totals(route);
    await this.send(route, copy);
  }
}
