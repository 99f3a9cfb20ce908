// expect: fail "publishing 32 routes at once takes at most 80 ms of virtual time, not one send after another"
// Meant to shorten the critical section: the totals are copied under the lock and the send comes
// after the copy. But a `using` declaration releases at the end of its block, and here that block
// is the whole method: the lock is still held while the copy is sent. Every publish waits for the
// one before it, 32 sends one after another (320 ms), and the profile still shows the publishes
// queued at this lock. End the critical section with a block of its own, or unlock explicitly.
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
    using _ = await this.mu.lock();
    const t = this.routes.get(route);
    const copy = t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t };
    // "the copy is taken: the rest is outside the critical section" — it is not, the guard lives on
    await this.send(route, copy);
  }
}
