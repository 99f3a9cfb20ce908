// Hidden tests for "load-once-cache". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so the durations below are exact.
import { test, expect, describe } from "vitest";
import { go, chan } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { Cache } from "./solution.ts";

/** spawn runs fn in a new goroutine counted by wg (Go: wg.Add(1); go func() { defer wg.Done(); fn() }()). */
function spawn(wg: WaitGroup, fn: () => Promise<void>): void {
  wg.add(1);
  go(async () => {
    try {
      await fn();
    } finally {
      wg.done();
    }
  });
}

/** Loads counts the calls of the load functions a test hands to get, per key. */
class Loads {
  readonly calls: Record<string, number> = {};

  /** of returns a load for key that takes `ms` of virtual time and returns value. */
  of<V>(key: string, ms: number, value: V): () => Promise<V> {
    return async () => {
      this.calls[key] = (this.calls[key] ?? 0) + 1;
      await time.sleep(ms * time.Millisecond);
      return value;
    };
  }
}

/** outcome runs a get and says how it ended: its value, or "error: <message>". */
async function outcome<V>(get: () => Promise<V>): Promise<V | string> {
  try {
    return await get();
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** sharedOverlap lists the addresses of shared() state `writer` wrote that `reader` read. */
function sharedOverlap(writer: { written: readonly string[] }, reader: { read: readonly string[] }): string[] {
  return writer.written.filter((a) => reader.read.includes(a));
}

/** SHARE_ENTRIES says what must be shared, and how, in a failure message. */
const SHARE_ENTRIES =
  "the cache's entries must be kept in shared() state, as the starter has them (shared(new Map())), so the race detector can see every read and write of them (a plain Map or object hides data races)";

describe("Cache", () => {
  test({ en: "a get loads a missing key, and later gets return the cached value at once", zh: "get 加载缺失的键，之后的 get 立即返回缓存的值" }, async () => {
    const cache = new Cache<string>();
    const loads = new Loads();
    const start = time.now();
    const first = await cache.get("user:1", loads.of("user:1", 100, "alice"));
    const loaded = time.since(start);
    const again = time.now();
    const second = await cache.get("user:1", loads.of("user:1", 100, "someone else"));
    const cached = time.since(again);
    expect({ first, second }, 'two gets of "user:1" in a row').toEqual({ first: "alice", second: "alice" });
    expect(loads.calls, "load calls per key").toEqual({ "user:1": 1 });
    expect(loaded, "virtual time taken by the first get, whose load takes 100 ms").toBe(100);
    expect(cached, "virtual time taken by the second get, of a cached key").toBe(0);
  });

  test({ en: "concurrent gets of one key call load once, and each returns its value when the load ends", zh: "对同一个键的并发 get 只调用一次 load，并在加载结束时各自返回它的值" }, async () => {
    const cache = new Cache<{ id: number; name: string }>();
    const loads = new Loads();
    const start = time.now();
    const wg = new WaitGroup();
    const seen: string[] = [];
    for (let g = 1; g <= 5; g++) {
      spawn(wg, async () => {
        const user = await cache.get("user:7", loads.of("user:7", 100, { id: 7, name: "grace" }));
        seen.push(`${user.id} ${user.name} at +${time.since(start)} ms`);
      });
    }
    await wg.wait();
    expect(loads.calls, '5 goroutines get "user:7" at once: load calls per key').toEqual({ "user:7": 1 });
    expect(seen, "what each of the 5 gets returned, and when (the one load takes 100 ms)").toEqual(Array(5).fill("7 grace at +100 ms"));
  });

  test({ en: "gets of different keys load at the same time", zh: "不同键的 get 同时加载" }, async () => {
    const cache = new Cache<number>();
    const loads = new Loads();
    const start = time.now();
    const wg = new WaitGroup();
    const seen: string[] = [];
    for (const [key, value] of [["a", 1], ["b", 2], ["c", 3]] as const) {
      spawn(wg, async () => {
        const v = await cache.get(key, loads.of(key, 100, value));
        seen.push(`${key}=${v} at +${time.since(start)} ms`);
      });
    }
    await wg.wait();
    seen.sort();
    expect(seen, "gets of a, b and c started together, each load taking 100 ms: a get must not wait for another key's load").toEqual([
      "a=1 at +100 ms",
      "b=2 at +100 ms",
      "c=3 at +100 ms",
    ]);
    expect(loads.calls, "load calls per key").toEqual({ a: 1, b: 1, c: 1 });
  });

  test({ en: "a get of a cached key returns at once while another key is loading", zh: "另一个键正在加载时，已缓存键的 get 立即返回" }, async () => {
    const cache = new Cache<string>();
    const loads = new Loads();
    await cache.get("home", loads.of("home", 10, "<h1>home</h1>"));
    const loading = chan<void>();
    const wg = new WaitGroup();
    spawn(wg, async () => {
      await cache.get("report", async () => {
        await loading.send(); // tell the test the load has started
        await time.sleep(100 * time.Millisecond);
        return "<h1>report</h1>";
      });
    });
    await loading.recv(); // a load of "report" now runs for 100 ms
    const start = time.now();
    const home = await cache.get("home", loads.of("home", 10, "reloaded"));
    const waited = time.since(start);
    await wg.wait();
    expect(home, 'get("home") while "report" was loading').toBe("<h1>home</h1>");
    expect(waited, 'virtual time get("home"), a cached key, took while "report" loaded for 100 ms').toBe(0);
    expect(loads.calls, "load calls per key").toEqual({ home: 1 });
  });

  test({ en: "a failed load is not cached: the gets waiting for it get its error or load again, and a later get loads again", zh: "失败的加载不会被缓存：等待它的 get 得到它的错误或重新加载，之后的 get 也会重新加载" }, async () => {
    const cache = new Cache<string>();
    let calls = 0;
    // The backend fails the first request (after 50 ms) and answers every later one (after 20 ms).
    const flaky = async (): Promise<string> => {
      calls++;
      const first = calls === 1;
      await time.sleep((first ? 50 : 20) * time.Millisecond);
      if (first) throw new Error("backend unavailable");
      return "42";
    };
    const wg = new WaitGroup();
    const seen: string[] = [];
    for (let g = 1; g <= 3; g++) {
      spawn(wg, async () => {
        seen.push(String(await outcome(() => cache.get("quote", flaky))));
      });
    }
    await wg.wait();
    seen.sort();
    const stray = seen.filter((o) => o !== "42" && o !== "error: backend unavailable");
    expect(stray, `outcomes of 3 gets of "quote" at once (${seen.join(", ")}) that are neither the failed load's error nor the value of a later load`).toEqual([]);
    expect(seen, '3 gets of "quote" at once, whose first load fails after 50 ms: the get that called it must throw its error').toContain("error: backend unavailable");
    expect(calls, 'load calls by 3 gets of "quote" at once: one load that fails, and at most one more by the gets that waited for it').toBeLessThanOrEqual(2);

    const after = await outcome(() => cache.get("quote", flaky));
    expect(after, 'a get of "quote" after those 3: the failure must not be cached').toBe("42");
    expect(calls, 'load calls once a load of "quote" has succeeded: the first, failed one and the one that succeeded').toBe(2);
    const cached = await outcome(() => cache.get("quote", flaky));
    expect(cached, 'one more get of "quote"').toBe("42");
    expect(calls, "load calls: a successful load is cached").toBe(2);
  });

  test({ en: "many goroutines get the same and different keys without a data race", zh: "许多 goroutine 获取相同和不同的键，没有数据竞争" }, async () => {
    const cache = new Cache<string>();
    const loads = new Loads();
    const latency: Record<string, number> = { a: 30, b: 10, c: 20 };
    const orders = [["a", "b", "c"], ["c", "a", "b"], ["b", "b", "a"], ["a", "c", "c"]];
    const wg = new WaitGroup();
    const wrong: string[] = [];
    for (const keys of orders) {
      spawn(wg, async () => {
        for (const key of keys) {
          const v = await cache.get(key, loads.of(key, latency[key]!, `value of ${key}`));
          if (v !== `value of ${key}`) wrong.push(`get("${key}") returned ${JSON.stringify(v)}`);
        }
      });
    }
    await wg.wait();
    expect(wrong, "values returned that belong to another key").toEqual([]);
    expect(loads.calls, "load calls per key, from 4 goroutines each getting 3 keys").toEqual({ a: 1, b: 1, c: 1 });
  });

  test({ en: "keeps its entries in shared() state, where the race detector sees them", zh: "条目放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const cache = new Cache<string>();
    const loads = new Loads();
    const first = await sim.trackedAccessesOf(() => cache.get("mode", loads.of("mode", 10, "dev")));
    expect(first.writes, `writes of shared() state made by the get that loaded "mode": ${SHARE_ENTRIES}`).toBeGreaterThan(0);
    const second = await sim.trackedAccessesOf(() => cache.get("mode", loads.of("mode", 10, "prod")));
    expect(second.reads, `reads of shared() state made by a get of the cached "mode": ${SHARE_ENTRIES}`).toBeGreaterThan(0);
    expect(
      sharedOverlap(first, second),
      `shared() state the loading get wrote (${first.written.join(", ")}) and the next get of the same key read (${second.read.join(", ")}): ${SHARE_ENTRIES}, and the entries read must be the ones written`,
    ).not.toEqual([]);
  });

  test({ en: "a new Cache() needs no setup, and two caches keep their own entries", zh: "new Cache() 无需设置，两个缓存各自保存条目" }, async () => {
    const first = new Cache<number>();
    const second = new Cache<number>();
    const loads = new Loads();
    await first.get("x", loads.of("x", 5, 1));
    await second.get("x", loads.of("x", 5, 2));
    const got = [await first.get("x", loads.of("x", 5, 3)), await second.get("x", loads.of("x", 5, 4))];
    expect(got, 'get("x") of [first, second] after each loaded its own "x"').toEqual([1, 2]);
    expect(loads.calls, "load calls for x across both caches").toEqual({ x: 2 });
  });
});
