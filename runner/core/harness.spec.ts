import { describe, expect, test } from "vitest";
import type { GoroutineInfo, RaceReport, Report, TraceEvent } from "gosync/sim";
import * as realSim from "gosync/sim";
import { go } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";
import * as runtime from "gosync/runtime";
import { LIST_LIMIT, SCHEDULE_LIMIT, TRACE_LIMIT, classify, createTestApi, display, judgeTest, mapReport, runTests, toTestResult, type Sim } from "./harness.ts";

/** report is a gosync report of a run that ended as `over` says (the rest as a run that did nothing). */
function report(over: Partial<Report>): Report {
  return { outcome: "ok", leaks: [], races: [], elapsedMs: 0, steps: 1, seed: 1, strategy: "random", schedule: [], ...over };
}
const goroutine = (id: number): GoroutineInfo => ({ id, status: "chan send" });
const race = (text: string, addr = "shared#1.n"): RaceReport => ({ addr, current: { g: 2, kind: "write" }, previous: { g: 3, kind: "read" }, text });
const event = (step: number): TraceEvent => ({ step, t: 0, g: 1, kind: "note" });

/** scriptedSim runs main once per schedule and fails the schedules listed in `failing` (a test double of gosync/sim). */
function scriptedSim(reportOf: (run: number) => Report | null): Sim & { calls: string[] } {
  const calls: string[] = [];
  let last: () => unknown = () => {};
  return {
    calls,
    async explore(main, opts) {
      last = main;
      for (let i = 0; i < opts.runs!; i++) {
        calls.push(`explore ${opts.seed! + i}`);
        const r = reportOf(i);
        try {
          await main();
        } catch {
          // the harness records what main threw; the report says how the run ended
        }
        if (r) return { ok: false, failure: { seed: opts.seed! + i, strategy: opts.strategy ?? "random", schedule: [], maxSteps: 100, detectRaces: true, detectLeaks: true, run: i, report: r } };
      }
      return { ok: true, runs: opts.runs! };
    },
    tokenOf: (failure) => ({ strategy: failure.strategy, seed: failure.seed }),
    async run(main, o) {
      calls.push(`run ${o.seed ?? "schedule"}${o.profile ? " profiled" : ""}`);
      await Promise.resolve(main()).catch(() => {});
      return report({ profile: [{ obj: 1, reason: "sync.Mutex.Lock", at: "solution.ts:3:5", count: 3, delayMs: 300 }] });
    },
    async replay(failure) {
      calls.push(`replay ${failure.seed}`);
      await Promise.resolve(last()).catch(() => {});
      return { ...failure.report, trace: [event(1)] };
    },
  };
}

const limits = { runs: 5, strategy: "random" as const, seed: 10 };

describe("judgeTest", () => {
  test("passes when every explored schedule passes", async () => {
    const sim = scriptedSim(() => null);
    expect(await judgeTest(async () => {}, limits, sim)).toEqual({ status: "pass" });
    expect(sim.calls).toEqual(["explore 10", "explore 11", "explore 12", "explore 13", "explore 14"]);
  });

  test("replays the first failing schedule and reports its seed, run count and assertion values", async () => {
    const sim = scriptedSim((i) => (i === 2 ? report({ outcome: "panic", message: "panic: boom" }) : null));
    let n = 0;
    const j = await judgeTest(async () => {
      if (++n >= 3) expect(99).toBe(100);
    }, limits, sim);
    expect(sim.calls).toEqual(["explore 10", "explore 11", "explore 12", "replay 12"]);
    expect(j).toMatchObject({ status: "fail", expected: "100", actual: "99", schedule: { strategy: "random", seed: 12, runs: 3 } });
    expect(j.message).toContain("expected 99 to be 100");
    expect(j.report?.trace).toEqual([event(1)]);
  });
});

describe("judgeTest with limits.profile", () => {
  test("profiles the first schedule of a test that passed, and the failing schedule of one that failed", async () => {
    const passing = scriptedSim(() => null);
    const p = await judgeTest(async () => {}, { ...limits, profile: true }, passing);
    expect(passing.calls.at(-1)).toBe("run 10 profiled");
    expect(p.profile).toEqual([{ obj: 1, reason: "sync.Mutex.Lock", at: "solution.ts:3:5", count: 3, delayMs: 300 }]);
    const failing = scriptedSim((i) => (i === 1 ? report({ outcome: "deadlock", message: "fatal error: all goroutines are asleep - deadlock!" }) : null));
    const f = await judgeTest(async () => {}, { ...limits, profile: true }, failing);
    expect(failing.calls.slice(-2)).toEqual(["replay 11", "run 11 profiled"]);
    expect(f.profile).toHaveLength(1);
  });
  test("profiles nothing unless asked", async () => {
    const sim = scriptedSim(() => null);
    expect(await judgeTest(async () => {}, limits, sim)).toEqual({ status: "pass" });
  });
});

describe("judgeTest with limits.trace", () => {
  test("a test that passed carries its first schedule, traced, as passing, in the same run as its profile", async () => {
    const sim = scriptedSim(() => null);
    const calls: string[] = [];
    const traced: Sim = { ...sim, run: async (main, o) => (calls.push(`${o.strategy} ${o.seed} trace=${o.trace} stacks=${o.stacks} profile=${o.profile}`), sim.run(main, o)) };
    const j = await judgeTest(async () => {}, { ...limits, trace: true, profile: true }, traced);
    expect(calls).toEqual(["random 10 trace=true stacks=true profile=true"]);
    expect(j.passing?.schedule).toEqual({ strategy: "random", seed: 10, runs: 1 });
    expect(j.passing?.report.outcome).toBe("ok");
    expect(j.profile).toHaveLength(1);
  });
  test("a test that passed carries no schedule unless asked", async () => {
    expect((await judgeTest(async () => {}, { ...limits, profile: true }, scriptedSim(() => null))).passing).toBeUndefined();
  });
});

describe("classify", () => {
  const assertion = Object.assign(new Error("expected 1 to be 2"), { name: "AssertionError", expected: 2, actual: 1 });
  test("names a deadlock with Go's message, and leaves the dump in the report", () => {
    const j = classify(report({ outcome: "deadlock", message: "fatal error: all goroutines are asleep - deadlock!", dump: "goroutine 1 [sync.Mutex.Lock]:" }), undefined, undefined);
    expect(j).toEqual({ status: "deadlock", message: "fatal error: all goroutines are asleep - deadlock!" });
  });
  test("puts a race before the failed assertion it caused, naming the location", () => {
    expect(classify(report({ outcome: "panic", races: [race("WARNING: DATA RACE", "counts.hits")] }), assertion, undefined)).toEqual({
      status: "race",
      message: "a data race on counts.hits (expected every access to shared state to be ordered by a lock, a channel or another synchronisation)",
    });
  });
  test("tells a Go panic from an ordinary error and an assertion", () => {
    const gp = Object.assign(new Error("sync: negative WaitGroup counter"), { name: "GoPanic" });
    expect(classify(report({ outcome: "panic", message: "panic: sync: negative WaitGroup counter" }), gp, undefined).status).toBe("panic");
    expect(classify(report({ outcome: "panic", message: "panic: TypeError: x" }), new TypeError("x"), undefined).status).toBe("error");
    expect(classify(report({ outcome: "panic" }), assertion, undefined).status).toBe("fail");
    expect(classify(report({ outcome: "fatal", message: "fatal error: sync: unlock of unlocked mutex" }), undefined, undefined).status).toBe("panic");
  });
  test("reports leaked goroutines in a line, the list staying in the report", () => {
    const j = classify(report({ leaks: [goroutine(2)], leakText: "goroutine 2 [chan send]:" }), undefined, undefined);
    expect(j).toEqual({ status: "leak", message: "1 goroutine is still alive after the test returned (expected none)" });
  });
  test("counts every leaked goroutine from leaksTotal when gosync listed only the first 50", () => {
    const j = classify(report({ leaks: [goroutine(2)], leaksTotal: 20_000 }), undefined, undefined);
    expect(j.message).toBe("20000 goroutines are still alive after the test returned (expected none)");
  });
  test("counts every race from racesTotal when gosync kept fewer than it found", () => {
    expect(classify(report({ races: [race("WARNING: DATA RACE")], racesTotal: 1200 }), undefined, undefined).message).toMatch(/^1200 data races on shared#1\.n \(/);
  });
  test("explains a step limit", () => {
    expect(classify(report({ outcome: "step-limit" }), undefined, 500).message).toMatch(/^the test did not finish within 500 scheduling steps/);
  });
});

describe("toTestResult", () => {
  test("locates a failure a detector reported at the first learner's position in its report", () => {
    const j = classify(report({ outcome: "deadlock", message: "fatal error: all goroutines are asleep - deadlock!", dump: "goroutine 1 [sync.Mutex.Lock]:\n\tsolution.ts:7:11" }), undefined, undefined);
    j.report = report({ outcome: "deadlock", message: "fatal error: all goroutines are asleep - deadlock!", dump: "goroutine 1 [sync.Mutex.Lock]:\n\tsolution.ts:7:11" });
    const mapper = { text: (s: string) => s, stack: (s: string) => s, frame: (f: string) => f, locate: () => undefined };
    const r = toTestResult("t", j, mapper as never, 1);
    expect(r.message).toBe("fatal error: all goroutines are asleep - deadlock!");
    expect(r.location).toEqual({ file: "solution.ts", line: 7, column: 11 });
  });
});

describe("createTestApi", () => {
  test("collects tests in order with describe names joined by ' > ', honouring skip, only and todo", async () => {
    const api = createTestApi();
    api.describe("A", () => {
      api.test("one", () => {});
      api.it.skip("two", () => {});
      api.describe.only("B", () => api.test("three", () => {}));
    });
    api.test.todo("four");
    expect(api.registered.map((t) => [t.name, t.mode])).toEqual([["A > one", "run"], ["A > two", "skip"], ["A > B > three", "only"], ["four", "todo"]]);
    const results = await runTests(api.registered, limits, scriptedSim(() => null), undefined);
    expect(results.map((r) => [r.name, r.status])).toEqual([["A > one", "skipped"], ["A > two", "skipped"], ["A > B > three", "pass"], ["four", "skipped"]]);
  });
  test("limits.only judges the test of that name and reports the others skipped", async () => {
    const api = createTestApi();
    api.describe("A", () => {
      api.test("one", () => {});
      api.test("two", () => {});
    });
    const sim = scriptedSim(() => null);
    const results = await runTests(api.registered, { ...limits, only: "A > two" }, sim, undefined);
    expect(results.map((r) => [r.name, r.status])).toEqual([["A > one", "skipped"], ["A > two", "pass"]]);
    expect(sim.calls.filter((c) => c.startsWith("explore")), "one test's schedules only").toHaveLength(limits.runs);
  });
  test("rejects a test without a body, naming it", () => {
    expect(() => createTestApi().test("lonely")).toThrow('test "lonely" needs a function body, received undefined');
  });
});

describe("display", () => {
  test("formats expected/actual values as Vitest prints them, keeping undefined, errors and maps readable", () => {
    expect(display([undefined, 1])).toBe("[undefined, 1]");
    expect(display(new Error("context deadline exceeded"))).toBe("[Error: context deadline exceeded]");
    expect(display(new Map([["k", 2]]))).toBe('Map {"k" => 2}');
    expect(display("text")).toBe('"text"');
    expect(display(5n)).toBe("5n");
  });

  test("caps a huge value instead of copying it whole into the Verdict", () => {
    expect(display("x".repeat(10_000)).length).toBeLessThan(2100);
  });
});

describe("mapReport", () => {
  test("keeps the last TRACE_LIMIT events, adding those cut to those gosync left out", () => {
    const trace = Array.from({ length: TRACE_LIMIT + 10 }, (_, i) => event(i));
    const r = mapReport(report({ outcome: "deadlock", trace, traceDropped: 5 }), undefined);
    expect(r.trace).toHaveLength(TRACE_LIMIT);
    expect(r.trace![0].step).toBe(10);
    expect(r.traceDropped).toBe(15);
  });
  test("keeps the first SCHEDULE_LIMIT decisions of the schedule and counts the rest", () => {
    const r = mapReport(report({ outcome: "deadlock", schedule: Array.from({ length: SCHEDULE_LIMIT + 7 }, () => 1) }), undefined);
    expect(r.schedule).toHaveLength(SCHEDULE_LIMIT);
    expect(r.scheduleDropped).toBe(7);
  });
  test("caps an uncapped report's goroutines, leaks and races at LIST_LIMIT, with their totals", () => {
    const list = Array.from({ length: 300 }, (_, i) => goroutine(i + 1));
    const r = mapReport(report({ outcome: "deadlock", goroutines: list, leaks: list, races: list.map((g) => race(`R${g.id}`)) }), undefined);
    for (const k of ["goroutines", "leaks", "races"] as const) expect(r[k], k).toHaveLength(LIST_LIMIT);
    expect([r.goroutinesTotal, r.leaksTotal, r.racesTotal]).toEqual([300, 300, 300]);
  });
  test("copies a report under every cap as it is, with no count fields", () => {
    const r = report({ outcome: "deadlock", message: "m", goroutines: [goroutine(1)], schedule: [1, 2], trace: [event(1)] });
    expect(mapReport(r, undefined)).toEqual(r);
  });
});

describe("judgeTest shrinks a failing schedule, and on request finds a passing one", () => {
  /** a lost update between two of four busy goroutines: main's assertion fails on some schedules */
  const lostUpdate = async () => {
    const mu = new Mutex();
    let n = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 4; i++) {
      wg.add(1);
      go(async () => {
        for (let k = 0; k < 5; k++) await runtime.gosched();
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
    expect(n).toBe(2);
  };
  const real = realSim as unknown as Sim;

  test("the failure is shown shrunk, found on the run exploration found it, and its token replays it", async () => {
    const j = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1 }, real);
    expect(j.status).toBe("fail");
    const s = j.schedule!;
    expect(s.strategy, "the shrunk schedule's token is a choice list").toBe("manual");
    expect(s.found?.strategy).toBe("random");
    expect(s.shrunk!.preemptions).toBeLessThanOrEqual(s.shrunk!.fromPreemptions);
    expect(s.shrunk!.toSteps).toBeLessThanOrEqual(s.shrunk!.fromSteps);
    expect(j.report!.steps).toBe(s.shrunk!.toSteps);
    const again = await realSim.run(lostUpdate, { ...s, schedule: j.report!.schedule });
    expect(again.outcome, "sim.run(main, token) fails again").toBe("panic");
    expect(j.passing, "no contrast unless asked").toBeUndefined();
  });

  test("limits.shrinkRuns 0 shows the schedule as found", async () => {
    const j = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1, shrinkRuns: 0 }, real);
    expect(j.schedule).toMatchObject({ strategy: "random" });
    expect(j.schedule!.shrunk).toBeUndefined();
  });

  test("limits.replay judges the test on a shared schedule as it was shown: the same choice list, the same account", async () => {
    const shown = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1 }, real);
    const { runs: _, shrunk: __, found: ___, ...token } = shown.schedule!;
    const replay = { test: "t", token: { ...token, schedule: shown.report!.schedule }, schedule: shown.schedule! };
    // Exploring from seed 7 with no shrinking would show another schedule: the replay is followed instead.
    const j = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 7, shrinkRuns: 0, replay }, real);
    expect(j.status).toBe("fail");
    expect(j.schedule).toEqual(shown.schedule);
    expect(j.report!.schedule).toEqual(shown.report!.schedule);
    expect(j.message).toBe(shown.message);
  });

  test("limits.replay on a schedule that no longer fails leaves the test explored", async () => {
    const replay = { test: "t", token: { strategy: "manual" as const, seed: 1, schedule: [] }, schedule: { strategy: "manual" as const, seed: 1, runs: 1 } };
    const j = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1, shrinkRuns: 0, replay }, real);
    expect(j.schedule).toMatchObject({ strategy: "random" });
  });

  test("limits.traceFailures false shows the same failure without its trace; the replay of its token with trace gives the trace the Run left out", async () => {
    const traced = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1 }, real);
    const untraced = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1, traceFailures: false }, real);
    expect(untraced.report?.trace, "no trace in the Run's result").toBeUndefined();
    const { trace, ...rest } = traced.report!;
    expect(trace?.length).toBeGreaterThan(0);
    expect(untraced.report, "the same report otherwise (steps, schedule, goroutines with their stacks)").toEqual(rest);
    expect({ ...untraced, report: undefined }).toEqual({ ...traced, report: undefined });
    // What a page asks for when the learner opens that test's schedule (Limits.only, trace, replay).
    const { runs: _, shrunk: __, found: ___, ...token } = untraced.schedule!;
    const replay = { test: "t", token: { ...token, schedule: untraced.report!.schedule }, schedule: untraced.schedule! };
    const asked = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1, traceFailures: false, trace: true, replay }, real);
    expect(asked.report?.trace).toEqual(trace);
  });

  test("limits.contrast adds a passing schedule of the same test, which passes from its token", async () => {
    const j = await judgeTest(lostUpdate, { runs: 200, strategy: "random", seed: 1, contrast: true }, real);
    expect(j.status).toBe("fail");
    const p = j.passing!;
    expect(p.report.outcome).toBe("ok");
    expect(p.report.trace?.length).toBeGreaterThan(0);
    expect((await realSim.run(lostUpdate, { ...p.schedule, schedule: p.report.schedule })).outcome).toBe("ok");
  });
});

describe("judgeTest with limits.choices (be the scheduler)", () => {
  const real = realSim as unknown as Sim;
  /** wgAddInside is wg-add-inside's bug: each goroutine adds to the WaitGroup itself, so Wait may find the counter still 0 */
  const wgAddInside = async () => {
    const wg = new WaitGroup();
    let done = 0;
    for (let i = 0; i < 2; i++) {
      go(async () => {
        wg.add(1);
        done++;
        wg.done();
      });
    }
    await wg.wait();
    expect(done, "goroutines finished when Wait returned").toBe(2);
  };

  test("no choices yet: the test passes so far, paused at the first decision point, which lists who may run", async () => {
    const j = await judgeTest(wgAddInside, { runs: 200, strategy: "random", choices: [] }, real);
    expect(j.status).toBe("pass");
    expect(j.report?.outcome).toBe("paused");
    expect(j.report?.decision?.options.map((o) => o.id).sort()).toEqual([1, 2, 3]);
    expect(j.schedule).toEqual({ strategy: "manual", seed: 1, runs: 1 });
  });

  test("main's wait before either goroutine's add: the assertion fails, judged as exploration would judge it", async () => {
    const j = await judgeTest(wgAddInside, { runs: 200, strategy: "random", choices: [1] }, real);
    expect(j.status).toBe("fail");
    expect(j.message).toMatch(/goroutines finished when Wait returned/);
    expect(j.report?.schedule).toEqual([1]);
    expect(j.report?.trace?.length).toBeGreaterThan(0);
  });

  test("a choice no goroutine fits is an error of the test that names who could run", async () => {
    const j = await judgeTest(wgAddInside, { runs: 200, strategy: "random", choices: [9] }, real);
    expect(j.status).toBe("error");
    expect(j.message).toMatch(/manual choice 0 is goroutine 9, but the runnable goroutines are [123], [123], [123]/);
  });
});
