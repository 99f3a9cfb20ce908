// expect: fail "publishing 32 routes at once takes at most 80 ms of virtual time, not one send after another"
// Sharded: 16 shards, each a Mutex and its own shared() map, and a publish holds only its
// route's shard across the send — so publishes of routes in different shards overlap. But the
// shard is picked by the route's first character, and every route starts with "/": all of them
// land in one shard, and the 32 publishes still queue at one lock, one send after another. The
// profile shows it: every wait is at the same Mutex. A shard must depend on the whole key.
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

const SHARDS = 16;

interface Shard {
  mu: Mutex;
  routes: Map<string, Totals>;
}

export class Stats {
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => ({ mu: new Mutex(), routes: shared(new Map<string, Totals>()) }));
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  private shardOf(route: string): Shard {
    return this.shards[route.charCodeAt(0) % SHARDS]!;
  }

  async record(route: string, ms: number): Promise<void> {
    const s = this.shardOf(route);
    using _ = await s.mu.lock();
    const t = s.routes.get(route);
    if (t === undefined) {
      s.routes.set(route, { count: 1, totalMs: ms, maxMs: ms });
      return;
    }
    t.count++;
    t.totalMs += ms;
    if (ms > t.maxMs) t.maxMs = ms;
  }

  async totals(route: string): Promise<Totals> {
    const s = this.shardOf(route);
    using _ = await s.mu.lock();
    const t = s.routes.get(route);
    return t === undefined ? { count: 0, totalMs: 0, maxMs: 0 } : { ...t };
  }

  async publish(route: string): Promise<void> {
    const s = this.shardOf(route);
    using _ = await s.mu.lock();
    await this.send(route, s.routes.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 });
  }
}
