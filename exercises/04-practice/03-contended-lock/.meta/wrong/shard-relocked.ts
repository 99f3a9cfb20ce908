// expect: deadlock "adds up each route's requests: how many, their total time and the longest"
// Sharded by a hash of the whole route, each shard a Mutex and its own shared() map. publish
// locks its route's shard, then calls totals() to copy the numbers — and totals locks the same
// shard again. A Go Mutex is not reentrant: it does not know which goroutine holds it, so the
// second lock waits for the first to be released, by the very goroutine that is waiting. The
// first publish blocks forever. Copy under the lock you already hold, or take the copy first.
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

const SHARDS = 32;

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
    let h = 2166136261;
    for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 16777619) >>> 0;
    return this.shards[h % SHARDS]!;
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
    using _ = await this.shardOf(route).mu.lock();
    await this.send(route, await this.totals(route));
  }
}
