// Hidden tests for "batch-jobs". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on: a goroutine still
// alive when the test body returns is reported as a leak, with where it is blocked. Time is
// virtual: it advances only when every goroutine is blocked, so durations below are exact.
import { test, expect, describe } from "vitest";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { processBatch } from "./solution.ts";

/** Item is one unit of input: `ms` of work that resolves to `name` in upper case, or throws `fails`. */
interface Item {
  name: string;
  ms: number;
  fails?: Error;
}

/** item makes an Item that takes `ms` of virtual time. */
const item = (name: string, ms: number, fails?: Error): Item => (fails ? { name, ms, fails } : { name, ms });

/** Span is one call of fn: its item and when it started and ended, in ms of virtual time. */
interface Span {
  item: Item;
  start: number;
  end?: number;
}

/**
 * Probe is fn for processBatch, instrumented: it counts the calls made for each item (by
 * identity, so two items with the same name are two items) and the calls running at once, on
 * every schedule, and records when each call started and ended. Its counters are plain
 * variables of the test, not shared() state: they must not add synchronisation the code under
 * test lacks.
 */
class Probe {
  running = 0;
  most = 0;
  readonly calls = new Map<Item, number>();
  readonly spans: Span[] = [];
  readonly fn = async (it: Item): Promise<string> => {
    this.calls.set(it, (this.calls.get(it) ?? 0) + 1);
    const span: Span = { item: it, start: time.now().getTime() };
    this.spans.push(span);
    this.running++;
    this.most = Math.max(this.most, this.running);
    try {
      await time.sleep(it.ms * time.Millisecond);
      if (it.fails) throw it.fails;
      return it.name.toUpperCase();
    } finally {
      this.running--;
      span.end = time.now().getTime();
    }
  };

  /** callCounts lists, for each item in order, how many times fn was called with it. */
  callCounts(items: readonly Item[]): number[] {
    return items.map((it) => this.calls.get(it) ?? 0);
  }

  /** runningNames names the items whose call has started and not ended. */
  runningNames(): string[] {
    return this.spans.filter((s) => s.end === undefined).map((s) => s.item.name);
  }

  /**
   * idleSlot finds the first stretch of virtual time, before the last call started, in which
   * fewer than n calls ran: a slot left idle while an item waited. Times are in ms since
   * `since`; undefined when every slot was busy until the last item started.
   */
  idleSlot(n: number, since: number): { from: number; to: number; running: number; waiting: string[]; startedAt: number[] } | undefined {
    const lastStart = Math.max(...this.spans.map((s) => s.start));
    const edges = [...new Set(this.spans.flatMap((s) => [s.start, s.end ?? Infinity]))].sort((a, b) => a - b);
    for (let k = 0; k + 1 < edges.length && edges[k]! < lastStart; k++) {
      const [from, to] = [edges[k]!, edges[k + 1]!];
      // A call runs through [from, to) if it started by `from` and had not ended before `to`.
      const running = this.spans.filter((s) => s.start <= from && (s.end ?? Infinity) >= to).length;
      if (running < n) {
        const waiting = this.spans.filter((s) => s.start >= to);
        return { from: from - since, to: to - since, running, waiting: waiting.map((s) => s.item.name), startedAt: waiting.map((s) => s.start - since) };
      }
    }
    return undefined;
  }

  /** idleText says what idleSlot found, in both languages, or that no slot was idle. */
  idleText(n: number, since: number): { en: string; zh: string } {
    const idle = this.idleSlot(n, since);
    if (!idle) return { en: "no slot was idle while an item waited", zh: "没有元素等待时空着的槽位" };
    const [names, starts] = [idle.waiting.join(", "), idle.startedAt.join(", ")];
    return {
      en: `from ${idle.from} to ${idle.to} ms only ${idle.running} of ${n} calls of fn ran while ${names} waited (they started at ${starts} ms)`,
      zh: `从 ${idle.from} 到 ${idle.to} ms 只有 ${idle.running}/${n} 个 fn 调用在运行，而 ${names} 在等待（它们在 ${starts} ms 开始）`,
    };
  }
}

/** thrownBy runs op and returns what it threw, or the string "(returned)" when it returned. */
async function thrownBy(op: () => Promise<unknown>): Promise<unknown> {
  try {
    await op();
  } catch (e) {
    return e;
  }
  return "(returned)";
}

/**
 * isOrWraps tells whether got is want, or an error of the learner's that carries it: through its
 * `cause` chain (Go's %w), or by repeating its message (Go's %v). An error kept in shared()
 * state comes back as shared()'s view of it: the view of want is want.
 */
function isOrWraps(got: unknown, want: Error): boolean {
  for (let e: unknown = got, depth = 0; e !== null && e !== undefined && depth < 10; depth++) {
    if (e === want || sim.sharedTarget(e) === want) return true;
    if (e instanceof Error && typeof e.message === "string" && e.message.includes(want.message)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

/** describeThrown says what a call threw, for failure messages. */
const describeThrown = (e: unknown): string => (e instanceof Error ? `Error(${JSON.stringify(e.message)})` : String(e));

/** SHARE_RESULTS says what must be shared, and how, in a failure message. */
const SHARE_RESULTS = {
  en: "the results the workers produce must be kept in shared() state (the starter's shared() array), so the race detector sees every write and the read that returns them (a plain array hides data races)",
  zh: "worker 产生的结果必须放在 shared() 状态里（初始代码中的 shared() 数组），竞态检测器才能看到每一次写入和返回它们的那次读取（普通数组会藏住数据竞争）",
};

describe("processBatch", () => {
  test({ en: "returns every item's result in input order", zh: "按输入顺序返回每个条目的结果" }, async () => {
    const items = [item("a", 50), item("b", 10), item("c", 40), item("d", 20), item("e", 30)];
    const probe = new Probe();
    const got = await processBatch(items, 2, probe.fn);
    expect(got, { en: "results of 5 items taking 50, 10, 40, 20 and 30 ms, with n = 2", zh: "n = 2 时分别用时 50、10、40、20、30 ms 的 5 个条目的结果" }).toEqual(["A", "B", "C", "D", "E"]);
  });

  test({ en: "never runs more than n calls of fn at once", zh: "同时运行的 fn 调用从不超过 n 个" }, async () => {
    // The probe counts the calls running at every step of every schedule.
    const items = [10, 30, 20, 10, 40, 10, 20, 30, 10].map((ms, i) => item(`i${i}`, ms));
    const probe = new Probe();
    await processBatch(items, 3, probe.fn);
    expect(probe.most, { en: "most calls of fn running at the same time, with n = 3", zh: "n = 3 时同时运行的 fn 调用数的最大值" }).toBeLessThanOrEqual(3);
    const one = new Probe();
    await processBatch(items.slice(0, 4), 1, one.fn);
    expect(one.most, { en: "most calls of fn running at the same time, with n = 1", zh: "n = 1 时同时运行的 fn 调用数的最大值" }).toBe(1);
  });

  test({ en: "calls fn exactly once for every item", zh: "对每个条目恰好调用 fn 一次" }, async () => {
    // Two items named alike are still two items.
    const items = [item("x", 10), item("y", 20), item("x", 10), item("z", 5), item("y", 15), item("w", 0)];
    const probe = new Probe();
    const got = await processBatch(items, 2, probe.fn);
    expect(probe.callCounts(items), { en: "calls of fn for each of the 6 items, in input order", zh: "按输入顺序，6 个条目各自的 fn 调用次数" }).toEqual([1, 1, 1, 1, 1, 1]);
    expect(got, { en: "results of the 6 items", zh: "6 个条目的结果" }).toEqual(["X", "Y", "X", "Z", "Y", "W"]);
  });

  test({ en: "keeps n calls busy: 6 items of 100 ms with n = 3 take 200 ms", zh: "让 n 个调用都不闲着：n = 3 时 6 个 100 ms 的条目用时 200 ms" }, async () => {
    const items = Array.from({ length: 6 }, (_, i) => item(`i${i}`, 100));
    const probe = new Probe();
    const start = time.now().getTime();
    await processBatch(items, 3, probe.fn);
    const elapsed = time.since(start);
    const idle = probe.idleText(3, start);
    expect(elapsed, { en: `6 items of 100 ms with n = 3 took ${elapsed} ms of virtual time: at most ${probe.most} calls of fn ran at once, and ${idle.en}`, zh: `n = 3 时 6 个 100 ms 的条目用了 ${elapsed} ms 虚拟时间：同时运行的 fn 调用最多 ${probe.most} 个，并且${idle.zh}` }).toBe(200);
  });

  test({ en: "starts a waiting item as soon as a call ends: no slot idles while items wait", zh: "一个调用结束就开始一个等待中的条目：有条目在等时没有槽位空着" }, async () => {
    // While one call takes the 100 ms item, the other slot must run the short ones back to back.
    // Batches of n, or items dealt out to the workers in advance, leave a slot idle while an item
    // waits. The items may start in any order.
    const cases = [
      { n: 2, items: [item("long", 100), item("b", 10), item("c", 10), item("d", 10)] },
      { n: 3, items: [30, 10, 10, 40, 10, 20, 10, 0, 30].map((ms, i) => item(`i${i}`, ms)) },
    ];
    for (const { n, items } of cases) {
      const probe = new Probe();
      const start = time.now().getTime();
      const got = await processBatch(items, n, probe.fn);
      const what = `${items.map((it) => it.ms).join(", ")} ms`;
      expect(got, { en: `results of items of ${what} with n = ${n}`, zh: `n = ${n} 时 ${what} 的条目的结果` }).toEqual(items.map((it) => it.name.toUpperCase()));
      const idle = probe.idleSlot(n, start);
      const said = probe.idleText(n, start);
      expect(idle, { en: `items of ${what} with n = ${n}: ${said.en}; want a waiting item to start as soon as a call ends`, zh: `n = ${n} 时 ${what} 的条目：${said.zh}；一个调用结束，就应有一个等待中的条目开始` }).toBeUndefined();
    }
  });

  test({ en: "finishes a batch far larger than n: handing back a result never blocks a worker for good", zh: "能处理远大于 n 的批次：交回结果从不会让 worker 永远阻塞" }, async () => {
    // 20 items on 3 workers: a worker that must hand its result to a caller still busy handing
    // out items waits for it, while the caller waits for that worker to take the next item.
    const items = Array.from({ length: 20 }, (_, i) => item(`i${i}`, 5 + ((i * 7) % 4) * 5));
    const probe = new Probe();
    const got = await processBatch(items, 3, probe.fn);
    expect(got, { en: "results of 20 items with n = 3", zh: "n = 3 时 20 个条目的结果" }).toEqual(items.map((it) => it.name.toUpperCase()));
    expect(probe.most, { en: "most calls of fn running at the same time, with n = 3", zh: "n = 3 时同时运行的 fn 调用数的最大值" }).toBeLessThanOrEqual(3);
  });

  test({ en: "returns at once for an empty batch, and handles n larger than the batch", zh: "空批次立即返回，n 大于批次时也能处理" }, async () => {
    const probe = new Probe();
    const start = time.now();
    const none = await processBatch<Item, string>([], 4, probe.fn);
    expect(none, { en: "processBatch([], 4, fn)", zh: "processBatch([], 4, fn) 的结果" }).toEqual([]);
    const items = [item("x", 10), item("y", 10)];
    const two = await processBatch(items, 5, probe.fn);
    expect(two, { en: "results of 2 items with n = 5", zh: "n = 5 时 2 个条目的结果" }).toEqual(["X", "Y"]);
    expect(time.since(start), { en: "virtual time taken by both calls", zh: "两次调用所用的虚拟时间" }).toBe(10);
    expect(probe.callCounts(items), { en: "calls of fn for each of the 2 items", zh: "2 个条目各自的 fn 调用次数" }).toEqual([1, 1]);
  });

  test({ en: "an item that throws: every other item is still processed, then its error is thrown", zh: "某个条目抛出时：其他每个条目仍被处理，然后抛出它的错误" }, async () => {
    const broken = new Error("item c: bad record");
    const items = [item("a", 10), item("b", 20), item("c", 5, broken), item("d", 10), item("e", 30)];
    const probe = new Probe();
    const start = time.now();
    const thrown = await thrownBy(() => processBatch(items, 2, probe.fn));
    const elapsed = time.since(start);
    const stillRunning = probe.runningNames();
    expect(isOrWraps(thrown, broken), { en: `processBatch threw ${describeThrown(thrown)}; want the error fn threw for item c`, zh: `processBatch 抛出了 ${describeThrown(thrown)}；应为 fn 对条目 c 抛出的错误` }).toBe(true);
    expect(probe.callCounts(items), { en: "calls of fn for each of the 5 items when item c throws", zh: "条目 c 抛出时 5 个条目各自的 fn 调用次数" }).toEqual([1, 1, 1, 1, 1]);
    expect(stillRunning, { en: `calls of fn still running when processBatch threw, at ${elapsed} ms of virtual time; want it to throw only once every call has ended`, zh: `processBatch 在 ${elapsed} ms 虚拟时间抛出时仍在运行的 fn 调用；应在所有调用都结束之后才抛出` }).toEqual([]);
  });

  test({ en: "several items throw: the first error thrown is the one reported", zh: "多个条目抛出时：报告最先抛出的错误" }, async () => {
    // Item 3 fails at 10 ms, item 1 at 30 ms, item 0 at 40 ms: the first error in time is item 3's,
    // whatever the order of the items.
    const late = new Error("item 1 failed late");
    const early = new Error("item 3 failed first");
    const last = new Error("item 0 failed last");
    const items = [item("i0", 40, last), item("i1", 30, late), item("i2", 20), item("i3", 10, early), item("i4", 10)];
    const probe = new Probe();
    const thrown = await thrownBy(() => processBatch(items, 5, probe.fn));
    expect(isOrWraps(thrown, early), { en: `processBatch threw ${describeThrown(thrown)}; want item 3's error, the first thrown (at 10 ms)`, zh: `processBatch 抛出了 ${describeThrown(thrown)}；应为条目 3 的错误，即最先抛出的那个（10 ms 时）` }).toBe(true);
    expect(isOrWraps(thrown, late) || isOrWraps(thrown, last), { en: `processBatch threw ${describeThrown(thrown)}; want only the first error, not the later ones of items 1 and 0`, zh: `processBatch 抛出了 ${describeThrown(thrown)}；应只有第一个错误，不含条目 1 和 0 之后的错误` }).toBe(false);
    expect(probe.callCounts(items), { en: "calls of fn for each of the 5 items", zh: "5 个条目各自的 fn 调用次数" }).toEqual([1, 1, 1, 1, 1]);
  });

  test({ en: "keeps its results in shared() state, where the race detector sees them", zh: "结果放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const items = [item("a", 10), item("b", 5), item("c", 0)];
    const probe = new Probe();
    const seen = await sim.trackedAccessesOf(() => processBatch(items, 2, probe.fn));
    expect(seen.written.length, { en: `places in shared() state written by processBatch of 3 items (${seen.written.join(", ") || "none"}): ${SHARE_RESULTS.en}`, zh: `processBatch 处理 3 个条目时写入的 shared() 状态位置（${seen.written.join(", ") || "无"}）：${SHARE_RESULTS.zh}` }).toBeGreaterThanOrEqual(3);
  });
});
