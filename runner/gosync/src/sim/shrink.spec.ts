import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { Mutex } from "../mutex.ts";
import { WaitGroup } from "../waitgroup.ts";
import { gosched } from "../goruntime.ts";
import { oppositeLocks } from "../../test/bug-programs.ts";
import { explore, replay, run, tokenOf } from "./explore.ts";
import { sameFailure, shrink } from "./shrink.ts";
import { ManualStrategy } from "./manual.ts";
import type { Report } from "./report.ts";

/** busyLostUpdate: four goroutines that yield a lot, two of which lose an update between them; main panics then. */
async function busyLostUpdate(): Promise<void> {
  const mu = new Mutex();
  let n = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 4; i++) {
    wg.add(1);
    go(async () => {
      for (let k = 0; k < 5; k++) await gosched();
      if (i < 2) {
        await mu.lock();
        const v = n;
        mu.unlock();
        await mu.lock();
        n = v + 1;
        mu.unlock();
      }
      wg.done();
    });
  }
  await wg.wait();
  if (n !== 2) throw new Error(`lost update: n = ${n}, want 2`);
}

/** preemptionsOf counts the preemptions of a schedule, following it under the manual strategy. */
async function preemptionsOf(main: () => unknown, schedule: number[]): Promise<number> {
  const m = new ManualStrategy(schedule);
  const { Sim } = await import("./scheduler.ts");
  const sim = new Sim({ seed: 1, strategy: m, maxSteps: 100_000, detectRaces: true, detectLeaks: true, mainExits: false, stacks: false, trace: false, profile: false });
  await sim.start(main);
  return m.preemptions;
}

describe("shrink", () => {
  test("a random failure shrinks to a schedule with no more preemptions and no more steps, which fails the same way from its token", async () => {
    const found = await explore(busyLostUpdate, { strategy: "random", runs: 500 });
    expect(found.ok, "random finds the lost update").toBe(false);
    if (found.ok) return;
    const f = found.failure;
    const { failure: s, stats } = await shrink(busyLostUpdate, f);
    expect(stats.fromSteps).toBe(f.report.steps);
    expect(stats.preemptions, JSON.stringify(stats)).toBeLessThanOrEqual(stats.fromPreemptions);
    expect(stats.toSteps).toBeLessThanOrEqual(stats.fromSteps);
    expect(stats.preemptions + stats.toSteps, `shrinking made it smaller: ${JSON.stringify(stats)}`).toBeLessThan(stats.fromPreemptions + stats.fromSteps);
    expect(stats.tries).toBeLessThanOrEqual(150);
    expect(s.strategy).toBe("manual");
    expect(s.run, "found on the same run").toBe(f.run);
    const token = JSON.parse(JSON.stringify(tokenOf(s)));
    const again = await run(busyLostUpdate, token);
    expect(again.outcome).toBe("panic");
    expect(again.message).toBe(f.report.message);
    expect(again.steps).toBe(stats.toSteps);
    expect(await preemptionsOf(busyLostUpdate, s.schedule)).toBe(stats.preemptions);
    expect((await replay(s)).message, "replay with stacks and trace").toMatch(/lost update/);
  });

  test("the lost update needs one preemption, and shrinking gets there", async () => {
    const found = await explore(busyLostUpdate, { strategy: "random", runs: 500, seed: 7 });
    if (found.ok) throw new Error("random did not find the lost update from seed 7");
    const { stats } = await shrink(busyLostUpdate, found.failure);
    expect(stats.preemptions, JSON.stringify(stats)).toBe(1);
  });

  test("an AB-BA deadlock found by pct shrinks and still deadlocks", async () => {
    const found = await explore(oppositeLocks, { strategy: "pct", depth: 2, runs: 200 });
    if (found.ok) throw new Error("pct did not find the deadlock");
    const { failure, stats } = await shrink(oppositeLocks, found.failure);
    expect(failure.report.outcome).toBe("deadlock");
    expect(stats.preemptions).toBeLessThanOrEqual(stats.fromPreemptions);
    expect((await run(oppositeLocks, tokenOf(failure))).outcome).toBe("deadlock");
  });

  test("is bounded by the steps of its runs, and leaves a step-limit failure as found", async () => {
    const found = await explore(busyLostUpdate, { strategy: "random", runs: 500 });
    if (found.ok) throw new Error("random did not find the lost update");
    const { stats } = await shrink(busyLostUpdate, found.failure, { stepBudget: 1 });
    expect(stats.tries, "the found schedule is followed once, then the budget is spent").toBe(1);
    const spin = async () => {
      go(async () => {
        for (;;) await gosched();
      });
      for (;;) await gosched();
    };
    const stuck = await explore(spin, { runs: 1, maxSteps: 300 });
    if (stuck.ok) throw new Error("expected the step limit");
    const s = await shrink(spin, stuck.failure);
    expect(s.failure, "the same failure comes back").toBe(stuck.failure);
    expect(s.stats.tries).toBe(0);
  });

  test("is bounded by a number of runs", async () => {
    const found = await explore(busyLostUpdate, { strategy: "random", runs: 500 });
    if (found.ok) throw new Error("random did not find the lost update");
    const { stats } = await shrink(busyLostUpdate, found.failure, { maxRuns: 3 });
    expect(stats.tries).toBeLessThanOrEqual(4);
  });
});

describe("sameFailure", () => {
  const r = (o: Partial<Report>): Report => ({ outcome: "ok", leaks: [], races: [], elapsedMs: 0, steps: 0, seed: 1, strategy: "random", schedule: [], ...o });
  test("tells a failure from another by outcome, message, raced locations and leaks", () => {
    expect(sameFailure(r({ outcome: "panic", message: "panic: a" }), r({ outcome: "panic", message: "panic: a" }))).toBe(true);
    expect(sameFailure(r({ outcome: "panic", message: "panic: a" }), r({ outcome: "panic", message: "panic: b" }))).toBe(false);
    expect(sameFailure(r({ outcome: "deadlock" }), r({ outcome: "panic" }))).toBe(false);
    const race = (addr: string) => ({ addr, current: { g: 2, kind: "write" as const }, previous: { g: 3, kind: "read" as const }, text: "" });
    expect(sameFailure(r({ races: [race("s.n")] }), r({ races: [race("s.n")] }))).toBe(true);
    expect(sameFailure(r({ races: [race("s.n")] }), r({ races: [race("s.m")] }))).toBe(false);
    expect(sameFailure(r({ leaks: [{ id: 2, status: "chan send" }] }), r({}))).toBe(false);
  });
});
