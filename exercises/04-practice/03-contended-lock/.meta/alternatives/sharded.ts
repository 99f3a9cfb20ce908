// A correct solution in another style: the lock sharded by route, as concurrent maps shard theirs.
// 16 shards, each a Mutex and its own shared() map; a route's shard is picked by a hash of the
// whole route (djb2). A publish still holds its shard's lock across the send, so publishes of
// routes in one shard queue, and those of different shards overlap.
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

class Shard {
  readonly mu = new Mutex();
  readonly routes = shared(new Map<string, Totals>());
}

export class Stats {
  private readonly shards = Array.from({ length: SHARDS }, () => new Shard());
  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  private shardOf(route: string): Shard {
    let h = 5381;
    for (let i = 0; i < route.length; i++) h = ((h << 5) + h + route.charCodeAt(i)) >>> 0;
    return this.shards[h % SHARDS]!;
  }

  async record(route: string, ms: number): Promise<void> {
    const s = this.shardOf(route);
    await s.mu.lock();
    try {
      const t = s.routes.get(route);
      if (t === undefined) s.routes.set(route, { count: 1, totalMs: ms, maxMs: ms });
      else {
        t.count++;
        t.totalMs += ms;
        t.maxMs = Math.max(t.maxMs, ms);
      }
    } finally {
      s.mu.unlock();
    }
  }

  async totals(route: string): Promise<Totals> {
    const s = this.shardOf(route);
    await s.mu.lock();
    try {
      const t = s.routes.get(route);
      return t ? { ...t } : { count: 0, totalMs: 0, maxMs: 0 };
    } finally {
      s.mu.unlock();
    }
  }

  async publish(route: string): Promise<void> {
    const s = this.shardOf(route);
    await s.mu.lock();
    try {
      await this.send(route, s.routes.get(route) ?? { count: 0, totalMs: 0, maxMs: 0 });
    } finally {
      s.mu.unlock();
    }
  }
}
