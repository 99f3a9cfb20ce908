// Hidden tests for "contended-lock". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so the durations below are exact.
import { test, expect, describe } from "vitest";
import { go } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { Stats, type Send, type Totals } from "./solution.ts";

/** SEND_MS is how long the collector's send takes: the network round trip. */
const SEND_MS = 10;

/** spawn runs fn in a new goroutine counted by wg (Go: wg.Go(fn)). */
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

/** Sent is what the collector received for one publish: the totals as send read them. */
interface Sent {
  route: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

/** copyOf reads the three numbers of a Totals, as the collector encodes them. */
const copyOf = (route: string, t: Totals): Sent => ({ route, count: t.count, totalMs: t.totalMs, maxMs: t.maxMs });

/** same tells whether two readings of one Totals agree. */
const same = (a: Sent, b: Sent): boolean => a.count === b.count && a.totalMs === b.totalMs && a.maxMs === b.maxMs;

/**
 * Collector is the metrics collector the tests hand to Stats. Its send takes SEND_MS of virtual
 * time and reads the totals it was given as it starts and again as it ends (encoding them as it
 * goes), and keeps what it read at the end. Its lists are plain state of the test, not shared():
 * they must not add synchronisation the code under test lacks.
 */
class Collector {
  readonly sent: Sent[] = [];
  /** readings of totals that changed while a send was reading them */
  readonly changed: string[] = [];
  readonly send: Send = async (route, totals) => {
    const first = copyOf(route, totals);
    await time.sleep(SEND_MS * time.Millisecond);
    const last = copyOf(route, totals);
    if (!same(first, last)) this.changed.push(`${JSON.stringify(first)} became ${JSON.stringify(last)}`);
    this.sent.push(last);
  };

  /** of lists what was sent for route, in the order the sends ended. */
  of(route: string): Sent[] {
    return this.sent.filter((s) => s.route === route);
  }
}

/** byRoute orders sent totals by route, for comparisons that do not depend on the order of the sends. */
const byRoute = (a: Sent, b: Sent): number => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0);

/** SHARE_TOTALS says what must be shared, and how, in a failure message. */
const SHARE_TOTALS = {
  en: "the routes' totals must be kept in shared() state, as the starter has them (shared(new Map())), so the race detector can see every read and write of them (a plain Map or object hides data races)",
  zh: "路由汇总必须像初始代码那样放在 shared() 状态里（shared(new Map())），竞态检测器才能看到对它们的每一次读写（普通的 Map 或对象会藏住数据竞争）",
};

describe("Stats", () => {
  test({ en: "adds up each route's requests: how many, their total time and the longest", zh: "汇总每条路由的请求：数量、总耗时和最长耗时" }, async () => {
    const collector = new Collector();
    const stats = new Stats(collector.send);
    await stats.record("/cart", 30);
    await stats.record("/cart", 10);
    await stats.record("/login", 5);
    expect(await stats.totals("/cart"), { en: 'totals("/cart") after requests of 30 and 10 ms', zh: '30 ms 和 10 ms 两个请求之后的 totals("/cart")' }).toEqual({ count: 2, totalMs: 40, maxMs: 30 });
    expect(await stats.totals("/login"), { en: 'totals("/login") after one request of 5 ms', zh: '一个 5 ms 请求之后的 totals("/login")' }).toEqual({ count: 1, totalMs: 5, maxMs: 5 });
    expect(await stats.totals("/never"), { en: 'totals("/never"), a route with no request', zh: '没有请求的路由的 totals("/never")' }).toEqual({ count: 0, totalMs: 0, maxMs: 0 });

    const before = await stats.totals("/cart");
    await stats.record("/cart", 50);
    expect(before, { en: 'what totals("/cart") returned, read again after one more request: it must be a copy, not the live totals', zh: 'totals("/cart") 的返回值，在又一个请求之后再读：它必须是副本，而不是实时的汇总' }).toEqual({
      count: 2,
      totalMs: 40,
      maxMs: 30,
    });
    expect(await stats.totals("/cart"), { en: 'totals("/cart") after requests of 30, 10 and 50 ms', zh: '30、10、50 ms 三个请求之后的 totals("/cart")' }).toEqual({ count: 3, totalMs: 90, maxMs: 50 });

    await stats.publish("/cart");
    await stats.publish("/never");
    expect(collector.sent, { en: 'what publish("/cart") and then publish("/never") sent', zh: 'publish("/cart") 然后 publish("/never") 发送了什么' }).toEqual([
      { route: "/cart", count: 3, totalMs: 90, maxMs: 50 },
      { route: "/never", count: 0, totalMs: 0, maxMs: 0 },
    ]);

    const other = new Stats(new Collector().send);
    await other.record("/cart", 1);
    expect(
      [await stats.totals("/cart"), await other.totals("/cart")],
      { en: 'totals("/cart") of [the first Stats, a second one that recorded one request of 1 ms]: each Stats keeps its own', zh: '[第一个 Stats、记录了一个 1 ms 请求的第二个 Stats] 各自的 totals("/cart")：每个 Stats 保存自己的汇总' },
    ).toEqual([
      { count: 3, totalMs: 90, maxMs: 50 },
      { count: 1, totalMs: 1, maxMs: 1 },
    ]);
  });

  test({ en: "loses no request when many goroutines record at once", zh: "许多 goroutine 同时记录时不丢失任何请求" }, async () => {
    const stats = new Stats(new Collector().send);
    const routes = ["/a", "/b", "/c"];
    const want: Record<string, Totals> = {};
    const wg = new WaitGroup();
    for (let g = 0; g < 6; g++) {
      const mine: [string, number][] = [];
      for (let i = 0; i < 6; i++) mine.push([routes[(g + i) % routes.length]!, 1 + ((g * 7 + i * 3) % 11)]);
      for (const [route, ms] of mine) {
        const w = (want[route] ??= { count: 0, totalMs: 0, maxMs: 0 });
        w.count++;
        w.totalMs += ms;
        w.maxMs = Math.max(w.maxMs, ms);
      }
      spawn(wg, async () => {
        for (const [route, ms] of mine) await stats.record(route, ms);
      });
    }
    await wg.wait();
    const got: Record<string, Totals> = {};
    for (const route of routes) got[route] = await stats.totals(route);
    expect(got, { en: "totals per route after 6 goroutines each recorded 6 requests at once", zh: "6 个 goroutine 同时各记录 6 个请求之后每条路由的汇总" }).toEqual(want);
  });

  test({ en: "a publish sends the route's totals as they were at one moment during the call, while requests go on", zh: "请求持续进行时，publish 发送的是调用期间某一时刻的路由汇总" }, async () => {
    const collector = new Collector();
    const stats = new Stats(collector.send);
    const wg = new WaitGroup();
    // One goroutine records 8 requests of /cart taking 1, 2, … 8 ms, in that order: after n of
    // them the totals are n requests, n(n+1)/2 ms, the longest n ms. The counters are the test's.
    let started = 0;
    let finished = 0;
    spawn(wg, async () => {
      for (let k = 1; k <= 8; k++) {
        started = k;
        await stats.record("/cart", k);
        finished = k;
      }
    });
    spawn(wg, async () => {
      for (let k = 0; k < 8; k++) await stats.record("/home", 100);
    });
    const windows: [number, number][] = [];
    spawn(wg, async () => {
      for (let p = 0; p < 3; p++) {
        const before = finished;
        await stats.publish("/cart");
        windows.push([before, started]);
      }
    });
    spawn(wg, async () => {
      for (let p = 0; p < 2; p++) await stats.publish("/home");
    });
    await wg.wait();

    expect(collector.changed, { en: "totals that changed while send was reading them (send reads what it is given until it returns)", zh: "send 读取期间被改变的汇总（send 在返回之前一直读取交给它的东西）" }).toEqual([]);
    const carts = collector.of("/cart");
    expect(carts.length, { en: 'sends for 3 calls of publish("/cart")', zh: '3 次 publish("/cart") 调用的发送次数' }).toBe(3);
    carts.forEach((s, i) => {
      const [before, after] = windows[i]!;
      const n = s.count;
      expect(
        { count: n, totalMs: s.totalMs, maxMs: s.maxMs },
        { en: `publish #${i + 1} of "/cart", called when ${before} of its 8 requests (1, 2, … 8 ms) had been recorded, sent count ${n}: it must send the totals of those ${n} requests, taken at one moment`, zh: `"/cart" 的第 ${i + 1} 次 publish，调用时它的 8 个请求（1、2、… 8 ms）已记录 ${before} 个，发送的 count 为 ${n}：它必须发送这 ${n} 个请求在同一时刻的汇总` },
      ).toEqual({ count: n, totalMs: (n * (n + 1)) / 2, maxMs: n });
      expect(
        before <= n && n <= after,
        { en: `publish #${i + 1} of "/cart" sent the totals of ${n} requests; want the totals at a moment during the call, when between ${before} (recorded before it was called) and ${after} (started before it returned) had been recorded`, zh: `"/cart" 的第 ${i + 1} 次 publish 发送了 ${n} 个请求的汇总；应为调用期间某一时刻的汇总，那时已记录的请求数在 ${before}（调用前已记录）和 ${after}（返回前已开始）之间` },
      ).toBe(true);
    });
    for (const s of collector.of("/home")) {
      expect(s, { en: `a publish of "/home" (requests of 100 ms each) sent the totals of ${s.count} requests`, zh: `"/home"（每个请求 100 ms）的一次 publish 发送了 ${s.count} 个请求的汇总` }).toEqual({
        route: "/home",
        count: s.count,
        totalMs: 100 * s.count,
        maxMs: s.count > 0 ? 100 : 0,
      });
    }
    expect(
      [await stats.totals("/cart"), await stats.totals("/home")],
      { en: 'totals of ["/cart", "/home"] once every request was recorded', zh: '每个请求都记录之后 ["/cart", "/home"] 的汇总' },
    ).toEqual([
      { count: 8, totalMs: 36, maxMs: 8 },
      { count: 8, totalMs: 800, maxMs: 100 },
    ]);
  });

  test({ en: "publishing 32 routes at once takes at most 80 ms of virtual time, not one send after another", zh: "同时发布 32 条路由最多用 80 ms 虚拟时间，而不是一次接一次地发送" }, async () => {
    const routes = Array.from({ length: 32 }, (_, i) => `/items/${i + 1}`);
    const collector = new Collector();
    const stats = new Stats(collector.send);
    for (let i = 0; i < routes.length; i++) await stats.record(routes[i]!, i + 1);
    const start = time.now();
    const wg = new WaitGroup();
    for (const route of routes) spawn(wg, () => stats.publish(route));
    await wg.wait();
    const elapsed = time.since(start);
    expect([...collector.sent].sort(byRoute), { en: "what the 32 publishes sent", zh: "32 次 publish 发送了什么" }).toEqual(
      routes.map((route, i) => ({ route, count: 1, totalMs: i + 1, maxMs: i + 1 })).sort(byRoute),
    );
    expect(
      elapsed,
      { en: `32 publishes of 32 different routes, started together, each send taking ${SEND_MS} ms, took ${elapsed} ms of virtual time; want at most 80 ms (one send after another takes 320 ms). Where did the goroutines wait? Read the blocking profile: npx synclab check contended-lock solution.ts --profile`, zh: `同时开始的 32 次 publish（32 条不同路由，每次 send 用时 ${SEND_MS} ms）用了 ${elapsed} ms 虚拟时间；应不超过 80 ms（一次接一次地发送要 320 ms）。goroutine 在哪里等待？读一读阻塞剖析：npx synclab check contended-lock solution.ts --profile` },
    ).toBeLessThanOrEqual(80);
  });

  test({ en: "keeps the routes' totals in shared() state, where the race detector sees them", zh: "路由汇总放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const stats = new Stats(new Collector().send);
    await stats.record("/search", 7);
    const write = await sim.trackedAccessesOf(() => stats.record("/search", 3));
    expect(write.writes, { en: `writes of shared() state made by record("/search", 3): ${SHARE_TOTALS.en}`, zh: `record("/search", 3) 对 shared() 状态的写入次数：${SHARE_TOTALS.zh}` }).toBeGreaterThan(0);
    const read = await sim.trackedAccessesOf(() => stats.totals("/search"));
    expect(read.reads, { en: `reads of shared() state made by totals("/search"): ${SHARE_TOTALS.en}`, zh: `totals("/search") 对 shared() 状态的读取次数：${SHARE_TOTALS.zh}` }).toBeGreaterThan(0);
    const overlap = write.written.filter((a) => read.read.includes(a));
    expect(
      overlap,
      { en: `shared() state record("/search", 3) wrote (${write.written.join(", ")}) and totals("/search") then read (${read.read.join(", ")}): ${SHARE_TOTALS.en}, and the totals read must be the ones written`, zh: `record("/search", 3) 写入（${write.written.join(", ")}）且随后 totals("/search") 读取（${read.read.join(", ")}）的 shared() 状态：${SHARE_TOTALS.zh}，而且读到的汇总必须就是写入的那些` },
    ).not.toEqual([]);
  });
});
