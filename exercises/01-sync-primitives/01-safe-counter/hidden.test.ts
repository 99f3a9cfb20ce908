// Hidden tests for "safe-counter". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on.
import { test, expect, describe } from "vitest";
import { go } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as sim from "gosync/sim";
import { SafeCounter } from "./solution.ts";

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

/** sharedOverlap lists the addresses of shared() state `writer` wrote that `reader` read. */
function sharedOverlap(writer: { written: readonly string[] }, reader: { read: readonly string[] }): string[] {
  return writer.written.filter((a) => reader.read.includes(a));
}

/** SHARE_COUNTS says what must be shared, and how, in a failure message. */
const SHARE_COUNTS = {
  en: "counts must be made with shared({}), as the starter has it, so the race detector can see every read and write of it (a plain object hides data races)",
  zh: "counts 必须像初始代码那样用 shared({}) 创建，竞态检测器才能看到对它的每一次读写（普通对象会藏住数据竞争）",
};

/** incMany calls c.inc(key) `times` times in a row. */
async function incMany(c: SafeCounter, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await c.inc(key);
}

describe("SafeCounter", () => {
  test({ en: "a new counter reads zero for every key", zh: "新计数器的每个键都读作 0" }, async () => {
    const c = new SafeCounter();
    expect(await c.value("hits"), { en: 'value("hits") of a new counter', zh: '新计数器的 value("hits")' }).toBe(0);
    expect(await c.value("misses"), { en: 'value("misses") of a new counter', zh: '新计数器的 value("misses")' }).toBe(0);
  });

  test({ en: "counts every increment made from many goroutines", zh: "多个 goroutine 的每一次 inc 都被计入" }, async () => {
    const c = new SafeCounter();
    const wg = new WaitGroup();
    for (let g = 0; g < 4; g++) spawn(wg, () => incMany(c, "hits", 25));
    await wg.wait();
    expect(await c.value("hits"), { en: '4 goroutines × 25 inc("hits"), then value("hits")', zh: '4 个 goroutine 各 25 次 inc("hits") 之后的 value("hits")' }).toBe(100);
  });

  test({ en: "keeps a separate count for each key", zh: "每个键各自计数" }, async () => {
    const c = new SafeCounter();
    const wg = new WaitGroup();
    spawn(wg, () => incMany(c, "a", 10));
    spawn(wg, () => incMany(c, "a", 10));
    spawn(wg, () => incMany(c, "b", 7));
    spawn(wg, () => incMany(c, "c", 3));
    await wg.wait();
    const got = { a: await c.value("a"), b: await c.value("b"), c: await c.value("c") };
    expect(got, { en: "counts after 20 × a, 7 × b, 3 × c from 4 goroutines", zh: "4 个 goroutine 递增 20 次 a、7 次 b、3 次 c 之后的计数" }).toEqual({ a: 20, b: 7, c: 3 });
  });

  test({ en: "value can be read while other goroutines increment", zh: "其他 goroutine 递增时也能读取 value" }, async () => {
    const c = new SafeCounter();
    await c.inc("hits");
    const wg = new WaitGroup();
    spawn(wg, () => incMany(c, "hits", 10));
    spawn(wg, () => incMany(c, "hits", 10));
    const seen: number[] = [];
    spawn(wg, async () => {
      for (let i = 0; i < 10; i++) seen.push(await c.value("hits"));
    });
    await wg.wait();
    // Counts only grow, so the reader must see a non-decreasing sequence between 1 and 21.
    const bad = seen.filter((v, i) => v < 1 || v > 21 || (i > 0 && v < seen[i - 1]!));
    expect(bad, { en: `values seen by the reader (${seen.join(", ")}) that are out of [1, 21] or smaller than the one before`, zh: `读者看到的值（${seen.join(", ")}）中超出 [1, 21] 或比前一个小的` }).toEqual([]);
    expect(await c.value("hits"), { en: "final value after 1 + 2 × 10 increments", zh: "1 + 2 × 10 次递增之后的最终值" }).toBe(21);
  });

  test({ en: "keeps its counts in shared() state, where the race detector sees them", zh: "计数放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const c = new SafeCounter();
    const read = await sim.trackedAccessesOf(() => c.value("hits"));
    expect(read.reads, { en: `reads of shared() state made by value("hits"): ${SHARE_COUNTS.en}`, zh: `value("hits") 对 shared() 状态的读取次数：${SHARE_COUNTS.zh}` }).toBeGreaterThan(0);
    const inc = await sim.trackedAccessesOf(() => c.inc("hits"));
    expect(inc.writes, { en: `writes of shared() state made by inc("hits"): ${SHARE_COUNTS.en}`, zh: `inc("hits") 对 shared() 状态的写入次数：${SHARE_COUNTS.zh}` }).toBeGreaterThan(0);
    const after = await sim.trackedAccessesOf(() => c.value("hits"));
    expect(sharedOverlap(inc, after), {
      en: `shared() state that inc("hits") wrote (${inc.written.join(", ")}) and value("hits") then read (${after.read.join(", ")}): ${SHARE_COUNTS.en}, and the counts read must be the ones written`,
      zh: `inc("hits") 写入（${inc.written.join(", ")}）且随后 value("hits") 读取（${after.read.join(", ")}）的 shared() 状态：${SHARE_COUNTS.zh}，而且读到的计数必须就是写入的那些`,
    }).not.toEqual([]);
  });

  test({ en: "two counters never share their counts", zh: "两个计数器从不共享计数" }, async () => {
    const first = new SafeCounter();
    const second = new SafeCounter();
    await first.inc("x");
    await first.inc("x");
    await second.inc("x");
    expect([await first.value("x"), await second.value("x")], { en: 'value("x") of [first, second]', zh: '[first, second] 各自的 value("x")' }).toEqual([2, 1]);
  });
});
