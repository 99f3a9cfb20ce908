// Every report is bounded: a program that floods the simulator with goroutines, races or
// events gets a report of the same few kilobytes, with the counts of what was left out.
import { describe, expect, test } from "vitest";
import { chan, go, shared } from "../index.ts";
import { WaitGroup, Mutex } from "../sync.ts";
import * as sim from "./index.ts";
import { REPORT_GOROUTINES, REPORT_RACES, REPORT_TRACE, dumpText } from "./report.ts";

const FLOOD = 20_000;

/** sizeOf is the length of a report's JSON, with what it holds, for a failure message. */
function sizeOf(r: sim.Report): string {
  return `${JSON.stringify(r).length} characters of JSON (outcome ${r.outcome}, ${r.goroutines?.length ?? 0} goroutines listed, ${r.leaks.length} leaks, ${r.races.length} races, ${r.trace?.length ?? 0} events; seed ${r.seed})`;
}

describe("a flood of goroutines", () => {
  test("a deadlock of 20,000 goroutines lists the first 50, counts them all and ends the dump as Go ends a cut stack", async () => {
    const r = await sim.run(async () => {
      const c = chan<number>();
      for (let i = 0; i < FLOOD; i++) go(async () => void (await c.recv()));
      await c.recv();
    }, { seed: 3, stacks: true, trace: true, maxSteps: 200_000 });
    expect(r.outcome, sizeOf(r)).toBe("deadlock");
    expect(r.goroutines, sizeOf(r)).toHaveLength(REPORT_GOROUTINES);
    expect(r.goroutinesTotal, sizeOf(r)).toBe(FLOOD + 1);
    expect(r.goroutines![0].id, "the dump starts with main").toBe(1);
    expect(r.dump!.match(/^goroutine \d+ \[chan receive\]:/gm), sizeOf(r)).toHaveLength(REPORT_GOROUTINES);
    expect(r.dump!.endsWith(`\n\n...${FLOOD + 1 - REPORT_GOROUTINES} goroutines elided...`), r.dump!.slice(-200)).toBe(true);
    expect(r.trace, sizeOf(r)).toHaveLength(REPORT_TRACE);
    expect(r.traceDropped, sizeOf(r)).toBeGreaterThan(0);
    expect(r.trace!.at(-1)!.detail, "the trace keeps its last events: the run's end").toBe(sim.DEADLOCK);
    expect(r.trace![0].step, "the events kept are in order").toBeLessThanOrEqual(r.trace![1].step);
    expect(JSON.stringify({ ...r, trace: undefined, schedule: undefined }).length, sizeOf(r)).toBeLessThan(32_000);
  });

  test("20,000 leaked goroutines are listed 50 at a time, with leaksTotal and the elision line", async () => {
    const r = await sim.run(async () => {
      const c = chan<number>();
      for (let i = 0; i < FLOOD; i++) go(async () => void (await c.recv()));
    }, { seed: 1, maxSteps: 200_000 });
    expect(r.outcome, sizeOf(r)).toBe("ok");
    expect(sim.failed(r), "a report with cut leaks still fails").toBe(true);
    expect(r.leaks, sizeOf(r)).toHaveLength(REPORT_GOROUTINES);
    expect(r.leaksTotal, sizeOf(r)).toBe(FLOOD);
    expect(r.leakText!.endsWith(`...${FLOOD - REPORT_GOROUTINES} goroutines elided...`), r.leakText!.slice(-200)).toBe(true);
    expect(sim.summary(r)).toMatch(new RegExp(`^${FLOOD} goroutine\\(s\\) still running when main returned`));
  });

  test("a fatal error's dump shows the goroutine that failed first, then 49 others, and counts every goroutine", async () => {
    const r = await sim.run(async () => {
      const c = chan<number>();
      for (let i = 0; i < 500; i++) go(async () => void (await c.recv()));
      new Mutex().unlock();
    }, { seed: 2 });
    expect(r.outcome, sizeOf(r)).toBe("fatal");
    expect(r.goroutines![0]).toMatchObject({ id: 1, status: "running" });
    expect(r.goroutines, sizeOf(r)).toHaveLength(REPORT_GOROUTINES);
    expect(r.goroutinesTotal, sizeOf(r)).toBeGreaterThan(REPORT_GOROUTINES);
  });

  test("a report that cut nothing carries no count fields (its JSON is as before)", async () => {
    const r = await sim.run(async () => {
      const c = chan<number>();
      go(async () => void (await c.recv()));
      await c.recv();
    }, { seed: 1, trace: true });
    expect(r.outcome).toBe("deadlock");
    expect(Object.keys(r)).not.toContain("goroutinesTotal");
    expect(Object.keys(r)).not.toContain("leaksTotal");
    expect(Object.keys(r)).not.toContain("racesTotal");
    expect(Object.keys(r)).not.toContain("traceDropped");
    expect(r.dump).not.toMatch(/elided/);
  });
});

describe("a flood of races", () => {
  test("races on 1,000 locations keep the first 50 reports and count every race", async () => {
    const r = await sim.run(async () => {
      const s = shared<Record<string, number>>({});
      const wg = new WaitGroup();
      for (let i = 0; i < 2000; i++) {
        wg.add(1);
        go(async () => {
          s[`k${i % 1000}`] = i;
          wg.done();
        });
      }
      await wg.wait();
    }, { seed: 1, maxSteps: 200_000 });
    expect(r.races, sizeOf(r)).toHaveLength(REPORT_RACES);
    expect(r.racesTotal, sizeOf(r)).toBeGreaterThanOrEqual(1000);
    expect(sim.summary(r)).toMatch(new RegExp(`Found ${r.racesTotal} data race\\(s\\)$`));
  });

  test("a race on a key of a megabyte names the location with the key clipped", async () => {
    const key = "k".repeat(1_000_000);
    const r = await sim.run(async () => {
      const s = shared<Record<string, number>>({});
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          s[key] = i;
          wg.done();
        });
      }
      await wg.wait();
    }, { seed: 1 });
    expect(r.races.length, sizeOf(r)).toBeGreaterThan(0);
    expect(r.races[0].addr).toMatch(/^shared#1\.k{200}… \(999800 more characters\)$/);
    expect(JSON.stringify(r).length, sizeOf(r)).toBeLessThan(10_000);
  });
});

describe("dumpText", () => {
  test("ends with Go's elision line only when goroutines were left out", () => {
    const gs = [{ id: 1, status: "chan receive" as const }];
    expect(dumpText(gs)).toBe("goroutine 1 [chan receive]:");
    expect(dumpText(gs, 3)).toBe("goroutine 1 [chan receive]:\n\n...2 goroutines elided...");
  });
});
