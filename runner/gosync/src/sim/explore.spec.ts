import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { chan } from "../chan.ts";
import { gosched } from "../goruntime.ts";
import { deepTwoPreemptions, oppositeLocks } from "../../test/bug-programs.ts";
import { explore, replay, run, tokenOf } from "./explore.ts";

describe("a failure reproduces from its token", () => {
  test("a pct failure of two goroutines taking two Mutexes in opposite order comes back from sim.run with its token", async () => {
    const found = await explore(oppositeLocks, { strategy: "pct", depth: 2, seed: 1, runs: 200 });
    expect(found.ok, "pct depth 2 finds the AB-BA deadlock within 200 runs").toBe(false);
    if (found.ok) return;
    const f = found.failure;
    expect(f.report.outcome).toBe("deadlock");
    const token = tokenOf(f);
    expect(token).toMatchObject({ strategy: "pct", seed: f.seed, depth: 2 });
    expect(token.expectedSteps, "the estimate explore had adapted to is part of the token").toBeGreaterThan(0);
    const again = await run(oppositeLocks, token);
    expect(again.outcome, `sim.run(${JSON.stringify(token)})`).toBe("deadlock");
    expect(again.schedule).toEqual(f.schedule);
  });

  test("so does every failure of random, exhaustive and the bounded searches, as JSON", async () => {
    for (const strategy of ["random", "exhaustive", "preemption-bounded", "delay-bounded"] as const) {
      const found = await explore(oppositeLocks, { strategy, runs: 500 });
      expect(found.ok, strategy).toBe(false);
      if (found.ok) continue;
      const token = JSON.parse(JSON.stringify(tokenOf(found.failure)));
      expect((await run(oppositeLocks, token)).outcome, `${strategy}: ${JSON.stringify(token)}`).toBe("deadlock");
      expect((await replay(JSON.parse(JSON.stringify(found.failure)), oppositeLocks)).outcome, strategy).toBe("deadlock");
    }
  });
});

describe("bounded systematic search", () => {
  test("preemption bounding finds a bug that needs two preemptions after 100 steps within bound 2", async () => {
    const found = await explore(deepTwoPreemptions, { strategy: "preemption-bounded", runs: 10_000, detectRaces: false });
    expect(found.ok, "found within 10,000 schedules").toBe(false);
    if (found.ok) return;
    expect(found.failure.bound).toBeLessThanOrEqual(2);
    expect(found.failure.report.steps).toBeGreaterThan(100);
    expect((await run(deepTwoPreemptions, { ...tokenOf(found.failure), detectRaces: false })).outcome).toBe("panic");
  });

  test("a highest bound stops the search: bound 1 passes the bug that needs two preemptions, having tried every schedule within it", async () => {
    const upTo1 = await explore(deepTwoPreemptions, { strategy: "preemption-bounded", bound: 1, runs: 10_000, detectRaces: false });
    expect(upTo1.ok, "no schedule with one preemption or none fails").toBe(true);
    if (upTo1.ok) expect(upTo1.runs, "it stopped before the runs ran out").toBeLessThan(10_000);
    const upTo2 = await explore(deepTwoPreemptions, { strategy: "preemption-bounded", bound: 2, runs: 10_000, detectRaces: false });
    expect(upTo2.ok ? "passed" : upTo2.failure.bound).toBe(2);
  });

  test("the unbounded depth-first search does not get past the first 100 steps in as many schedules", async () => {
    const found = await explore(deepTwoPreemptions, { strategy: "exhaustive", runs: 2000, detectRaces: false });
    expect(found.ok).toBe(true);
  });

  test("a correct program is explored to the end: iterative bounding stops when a bound leaves nothing out", async () => {
    const found = await explore(async () => {
      const c = chan<number>();
      go(async () => await c.send(1));
      await c.recv();
    }, { strategy: "preemption-bounded", runs: 10_000 });
    expect(found).toMatchObject({ ok: true });
    if (found.ok) expect(found.runs).toBeLessThan(20);
  });
});

describe("mainExits", () => {
  const program = async () => {
    const c = chan<number>();
    go(async () => {
      await gosched();
      await c.recv(); // blocked for good: a leak under synctest's semantics, nothing in Go's
    });
    await gosched();
  };

  test("ends the run when main returns, as a Go program ends, listing no leak", async () => {
    const r = await run(program, { mainExits: true });
    expect(r).toMatchObject({ outcome: "ok", leaks: [] });
    expect(r.steps).toBe(r.mainReturnedAtStep);
  });

  test("is off by default: synctest's semantics let the others finish and list what stays blocked", async () => {
    const r = await run(program);
    expect(r.leaks).toHaveLength(1);
  });
});
