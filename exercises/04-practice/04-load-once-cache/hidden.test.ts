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
const SHARE_ENTRIES = {
  en: "the cache's entries must be kept in shared() state, as the starter has them (shared(new Map())), so the race detector can see every read and write of them (a plain Map or object hides data races)",
  zh: "缓存的条目必须像初始代码那样放在 shared() 状态里（shared(new Map())），竞态检测器才能看到对它们的每一次读写（普通的 Map 或对象会藏住数据竞争）",
};

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
    expect({ first, second }, { en: 'two gets of "user:1" in a row', zh: '连续两次 get "user:1" 的结果' }).toEqual({ first: "alice", second: "alice" });
    expect(loads.calls, { en: "load calls per key", zh: "每个键的 load 调用次数" }).toEqual({ "user:1": 1 });
    expect(loaded, { en: "virtual time taken by the first get, whose load takes 100 ms", zh: "第一次 get（它的 load 用时 100 ms）所用的虚拟时间" }).toBe(100);
    expect(cached, { en: "virtual time taken by the second get, of a cached key", zh: "第二次 get（已缓存的键）所用的虚拟时间" }).toBe(0);
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
    expect(loads.calls, { en: '5 goroutines get "user:7" at once: load calls per key', zh: '5 个 goroutine 同时 get "user:7"：每个键的 load 调用次数' }).toEqual({ "user:7": 1 });
    expect(seen, { en: "what each of the 5 gets returned, and when (the one load takes 100 ms)", zh: "5 次 get 各自返回了什么、何时返回（唯一一次 load 用时 100 ms）" }).toEqual(Array(5).fill("7 grace at +100 ms"));
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
    expect(seen, { en: "gets of a, b and c started together, each load taking 100 ms: a get must not wait for another key's load", zh: "同时开始的 a、b、c 三次 get，每次 load 用时 100 ms：一次 get 不能等待另一个键的 load" }).toEqual([
      "a=1 at +100 ms",
      "b=2 at +100 ms",
      "c=3 at +100 ms",
    ]);
    expect(loads.calls, { en: "load calls per key", zh: "每个键的 load 调用次数" }).toEqual({ a: 1, b: 1, c: 1 });
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
    expect(home, { en: 'get("home") while "report" was loading', zh: '"report" 加载期间的 get("home")' }).toBe("<h1>home</h1>");
    expect(waited, { en: 'virtual time get("home"), a cached key, took while "report" loaded for 100 ms', zh: '"report" 加载 100 ms 期间，对已缓存键的 get("home") 所用的虚拟时间' }).toBe(0);
    expect(loads.calls, { en: "load calls per key", zh: "每个键的 load 调用次数" }).toEqual({ home: 1 });
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
    expect(stray, { en: `outcomes of 3 gets of "quote" at once (${seen.join(", ")}) that are neither the failed load's error nor the value of a later load`, zh: `同时 3 次 get "quote" 的结果（${seen.join(", ")}）中既不是失败 load 的错误、也不是之后某次 load 的值的` }).toEqual([]);
    expect(seen, { en: '3 gets of "quote" at once, whose first load fails after 50 ms: the get that called it must throw its error', zh: '同时 3 次 get "quote"，第一次 load 在 50 ms 后失败：调用它的那次 get 必须抛出它的错误' }).toContain("error: backend unavailable");
    expect(calls, { en: 'load calls by 3 gets of "quote" at once: one load that fails, and at most one more by the gets that waited for it', zh: '同时 3 次 get "quote" 的 load 调用次数：一次失败的 load，加上等待它的 get 至多再调用一次' }).toBeLessThanOrEqual(2);

    const after = await outcome(() => cache.get("quote", flaky));
    expect(after, { en: 'a get of "quote" after those 3: the failure must not be cached', zh: '那 3 次之后再 get "quote"：失败不能被缓存' }).toBe("42");
    expect(calls, { en: 'load calls once a load of "quote" has succeeded: the first, failed one and the one that succeeded', zh: '"quote" 的一次 load 成功后的 load 调用次数：第一次失败的和成功的那次' }).toBe(2);
    const cached = await outcome(() => cache.get("quote", flaky));
    expect(cached, { en: 'one more get of "quote"', zh: '再一次 get "quote"' }).toBe("42");
    expect(calls, { en: "load calls: a successful load is cached", zh: "load 调用次数：成功的 load 会被缓存" }).toBe(2);
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
    expect(wrong, { en: "values returned that belong to another key", zh: "返回的值中属于另一个键的" }).toEqual([]);
    expect(loads.calls, { en: "load calls per key, from 4 goroutines each getting 3 keys", zh: "4 个 goroutine 各 get 3 个键时每个键的 load 调用次数" }).toEqual({ a: 1, b: 1, c: 1 });
  });

  test({ en: "keeps its entries in shared() state, where the race detector sees them", zh: "条目放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const cache = new Cache<string>();
    const loads = new Loads();
    const first = await sim.trackedAccessesOf(() => cache.get("mode", loads.of("mode", 10, "dev")));
    expect(first.writes, { en: `writes of shared() state made by the get that loaded "mode": ${SHARE_ENTRIES.en}`, zh: `加载 "mode" 的那次 get 对 shared() 状态的写入次数：${SHARE_ENTRIES.zh}` }).toBeGreaterThan(0);
    const second = await sim.trackedAccessesOf(() => cache.get("mode", loads.of("mode", 10, "prod")));
    expect(second.reads, { en: `reads of shared() state made by a get of the cached "mode": ${SHARE_ENTRIES.en}`, zh: `对已缓存的 "mode" 的一次 get 对 shared() 状态的读取次数：${SHARE_ENTRIES.zh}` }).toBeGreaterThan(0);
    expect(
      sharedOverlap(first, second),
      { en: `shared() state the loading get wrote (${first.written.join(", ")}) and the next get of the same key read (${second.read.join(", ")}): ${SHARE_ENTRIES.en}, and the entries read must be the ones written`, zh: `加载的那次 get 写入（${first.written.join(", ")}）且同一个键的下一次 get 读取（${second.read.join(", ")}）的 shared() 状态：${SHARE_ENTRIES.zh}，而且读到的条目必须就是写入的那些` },
    ).not.toEqual([]);
  });

  test({ en: "a new Cache() needs no setup, and two caches keep their own entries", zh: "new Cache() 无需设置，两个缓存各自保存条目" }, async () => {
    const first = new Cache<number>();
    const second = new Cache<number>();
    const loads = new Loads();
    await first.get("x", loads.of("x", 5, 1));
    await second.get("x", loads.of("x", 5, 2));
    const got = [await first.get("x", loads.of("x", 5, 3)), await second.get("x", loads.of("x", 5, 4))];
    expect(got, { en: 'get("x") of [first, second] after each loaded its own "x"', zh: '[first, second] 各自加载自己的 "x" 之后的 get("x")' }).toEqual([1, 2]);
    expect(loads.calls, { en: "load calls for x across both caches", zh: "两个缓存中 x 的 load 调用次数" }).toEqual({ x: 2 });
  });
});
