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
const SHARE_COUNTS =
  "counts must be made with shared({}), as the starter has it, so the race detector can see every read and write of it (a plain object hides data races)";

/** incMany calls c.inc(key) `times` times in a row. */
async function incMany(c: SafeCounter, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await c.inc(key);
}

describe("SafeCounter", () => {
  test("a new counter reads zero for every key", async () => {
    const c = new SafeCounter();
    expect(await c.value("hits"), 'value("hits") of a new counter').toBe(0);
    expect(await c.value("misses"), 'value("misses") of a new counter').toBe(0);
  });

  test("counts every increment made from many goroutines", async () => {
    const c = new SafeCounter();
    const wg = new WaitGroup();
    for (let g = 0; g < 4; g++) spawn(wg, () => incMany(c, "hits", 25));
    await wg.wait();
    expect(await c.value("hits"), '4 goroutines × 25 inc("hits"), then value("hits")').toBe(100);
  });

  test("keeps a separate count for each key", async () => {
    const c = new SafeCounter();
    const wg = new WaitGroup();
    spawn(wg, () => incMany(c, "a", 10));
    spawn(wg, () => incMany(c, "a", 10));
    spawn(wg, () => incMany(c, "b", 7));
    spawn(wg, () => incMany(c, "c", 3));
    await wg.wait();
    const got = { a: await c.value("a"), b: await c.value("b"), c: await c.value("c") };
    expect(got, "counts after 20 × a, 7 × b, 3 × c from 4 goroutines").toEqual({ a: 20, b: 7, c: 3 });
  });

  test("value can be read while other goroutines increment", async () => {
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
    expect(bad, `values seen by the reader (${seen.join(", ")}) that are out of [1, 21] or smaller than the one before`).toEqual([]);
    expect(await c.value("hits"), "final value after 1 + 2 × 10 increments").toBe(21);
  });

  test("keeps its counts in shared() state, where the race detector sees them", async () => {
    const c = new SafeCounter();
    const read = await sim.trackedAccessesOf(() => c.value("hits"));
    expect(read.reads, `reads of shared() state made by value("hits"): ${SHARE_COUNTS}`).toBeGreaterThan(0);
    const inc = await sim.trackedAccessesOf(() => c.inc("hits"));
    expect(inc.writes, `writes of shared() state made by inc("hits"): ${SHARE_COUNTS}`).toBeGreaterThan(0);
    const after = await sim.trackedAccessesOf(() => c.value("hits"));
    expect(sharedOverlap(inc, after), `shared() state that inc("hits") wrote (${inc.written.join(", ")}) and value("hits") then read (${after.read.join(", ")}): ${SHARE_COUNTS}, and the counts read must be the ones written`).not.toEqual([]);
  });

  test("two counters never share their counts", async () => {
    const first = new SafeCounter();
    const second = new SafeCounter();
    await first.inc("x");
    await first.inc("x");
    await second.inc("x");
    expect([await first.value("x"), await second.value("x")], 'value("x") of [first, second]').toEqual([2, 1]);
  });
});
