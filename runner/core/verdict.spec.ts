import { describe, expect, test } from "vitest";
import { TRACE_LINES, VERDICT_MAX_BYTES, VERDICT_VERSION, boundVerdict, summarize, verdictSchema, verdictStatus, type Verdict } from "./verdict.ts";

const t = (status: "pass" | "fail" | "deadlock" | "race" | "leak") => ({ status });

describe("verdictStatus", () => {
  test("a compile error outranks everything else", () => {
    expect(verdictStatus({ compileError: true, timedOut: true, tests: [t("fail")] })).toBe("compile-error");
  });
  test("orders timeout > internal-error > runtime-error", () => {
    expect(verdictStatus({ timedOut: true, internalError: true, runtimeError: true, tests: [] })).toBe("timeout");
    expect(verdictStatus({ internalError: true, runtimeError: true, tests: [] })).toBe("internal-error");
    expect(verdictStatus({ runtimeError: true, tests: [t("pass")] })).toBe("runtime-error");
  });
  test("any deadlocked test makes the Run a deadlock, even beside a failed assertion", () => {
    expect(verdictStatus({ tests: [t("fail"), t("deadlock"), t("pass")] })).toBe("deadlock");
  });
  test("a race or leak makes the Run fail", () => {
    expect(verdictStatus({ tests: [t("pass"), t("race")] })).toBe("fail");
    expect(verdictStatus({ tests: [t("leak")] })).toBe("fail");
  });
  test("passes only when every test passed", () => {
    expect(verdictStatus({ tests: [t("pass"), t("pass")] })).toBe("pass");
  });
  test("a Run without tests is an internal error, never a pass", () => {
    expect(verdictStatus({ tests: [] })).toBe("internal-error");
  });
});

describe("verdictSchema", () => {
  const v: Verdict = {
    version: VERDICT_VERSION,
    exerciseId: "x",
    status: "fail",
    tests: [{ name: "a > b", status: "fail", message: "expected 1 to be 2", expected: "2", actual: "1", location: { file: "solution.ts", line: 3, column: 5 }, schedule: { strategy: "random", seed: 4, runs: 4 } }],
    diagnostics: [],
    timings: { bundleMs: 1, runMs: 2 },
  };
  test("accepts a complete Verdict and round-trips it through JSON", () => {
    expect(verdictSchema.parse(JSON.parse(JSON.stringify(v)))).toEqual(v);
  });
  test("rejects unknown fields and statuses", () => {
    expect(verdictSchema.safeParse({ ...v, extra: 1 }).success).toBe(false);
    expect(verdictSchema.safeParse({ ...v, status: "ok" }).success).toBe(false);
  });
  test("summarize names the status, each failing test, where, and the seed", () => {
    const s = summarize(v);
    expect(s).toContain("x: FAIL — 0/1 tests passed");
    expect(s).toContain("✗ a > b [fail]");
    expect(s).toContain("at solution.ts:3:5");
    expect(s).toContain("seed 4");
  });
  test("summarize prints the failing schedule's events, its last TRACE_LINES, and the token that replays it", () => {
    const trace = Array.from({ length: TRACE_LINES + 5 }, (_, k) => ({ step: k, t: 0, g: k % 3, kind: "note" as const, detail: `event ${k}` }));
    trace[TRACE_LINES] = { step: TRACE_LINES, t: 10, g: 2, kind: "block", detail: "sync.WaitGroup.Wait", obj: 1, at: "solution.ts:24:3", afterMain: true } as never;
    const report = { outcome: "ok" as const, leaks: [], races: [], elapsedMs: 10, steps: 70, seed: 4, strategy: "pct" as const, schedule: [], trace };
    const s = summarize({ ...v, tests: [{ ...v.tests[0], schedule: { strategy: "pct", seed: 4, depth: 3, expectedSteps: 57, runs: 4 }, report }] });
    expect(s).toContain(`the failing schedule, its last ${TRACE_LINES} events (5 earlier ones`);
    expect(s).not.toContain("event 4\n");
    expect(s).toMatch(/ +\d+ +10 ms  g2 +block #1 sync\.WaitGroup\.Wait at solution\.ts:24:3/);
    expect(s).toContain("main returned");
    expect(s).toContain(`replay: sim.run(main, {"strategy":"pct","seed":4,"depth":3,"expectedSteps":57})`);
  });
  test("summarize says where a shrunk schedule was found and what shrinking did, with the shrunk token, and a passing schedule when there is one", () => {
    const report = { outcome: "panic" as const, message: "panic: x", leaks: [], races: [], elapsedMs: 0, steps: 23, seed: 7, strategy: "manual" as const, schedule: [2, 3, 2] };
    const schedule = { strategy: "manual" as const, seed: 7, runs: 7, found: { strategy: "random" as const, seed: 7 }, shrunk: { fromSteps: 84, toSteps: 23, fromPreemptions: 9, preemptions: 1, tries: 40 } };
    const passing = { schedule: { strategy: "manual" as const, seed: 7, runs: 1 }, report: { ...report, outcome: "ok" as const, steps: 20, schedule: [2, 2] } };
    const t = { ...v.tests[0], schedule, report, passing };
    expect(verdictSchema.safeParse({ ...v, tests: [t] }).success).toBe(true);
    const s = summarize({ ...v, tests: [t] });
    expect(s).toContain("schedule: found on run 7 (strategy random, seed 7), shrunk to 1 preemption (from 9) and 23 steps (from 84)");
    expect(s).toContain(`replay: sim.run(main, {"strategy":"manual","seed":7,"schedule":"<report.schedule>"})`);
    expect(s).toContain(`a passing schedule of this test, for contrast (20 steps): sim.run(main, {"strategy":"manual","seed":7,"schedule":[2,2]})`);
  });
});

describe("boundVerdict", () => {
  const size = (v: Verdict) => new TextEncoder().encode(JSON.stringify(v)).length;
  const goroutine = (id: number) => ({ id, status: "chan receive" as const, at: "solution.ts:2:128", stack: ["solution.ts:2:128", "hidden.test.ts:3:63"], createdBy: 1, createdAt: "solution.ts:2:103" });
  const dump = (n: number) => Array.from({ length: n }, (_, i) => `goroutine ${i + 1} [chan receive]:\n\tsolution.ts:2:128\ncreated by goroutine 1\n\tsolution.ts:2:103`).join("\n\n");
  /** flooded is a Verdict as the judge built one before reports were bounded: 20,000 goroutines in each of `tests` tests. */
  const flooded = (tests: number, n = 20_000): Verdict => ({
    version: VERDICT_VERSION,
    exerciseId: "flood",
    status: "deadlock",
    tests: Array.from({ length: tests }, (_, i) => ({
      name: `floods ${i}`,
      status: "deadlock" as const,
      message: `fatal error: all goroutines are asleep - deadlock!\n\n${dump(n)}`,
      stack: "Error\n    at solution.ts:1:1",
      schedule: { strategy: "random", seed: 1, runs: 1 },
      report: {
        outcome: "deadlock" as const,
        message: "fatal error: all goroutines are asleep - deadlock!",
        dump: dump(n),
        elapsedMs: 0,
        steps: 2 * n,
        seed: 1,
        strategy: "random" as const,
        goroutines: Array.from({ length: n }, (_, k) => goroutine(k + 1)),
        leaks: [],
        races: [],
        schedule: Array.from({ length: 2 * n }, (_, k) => k % 7),
        trace: Array.from({ length: 2000 }, (_, k) => ({ step: k, t: 0, g: k, kind: "block" as const, detail: "chan receive", obj: 1, at: "solution.ts:2:128" })),
      },
    })),
    diagnostics: [],
    timings: { bundleMs: 1, runMs: 2 },
  });

  test("returns a Verdict under the cap as it is, the same object", () => {
    const v = flooded(1, 3);
    expect(boundVerdict(v)).toBe(v);
  });

  test("cuts a flood of 20,000 goroutines in each of 3 tests under VERDICT_MAX_BYTES, naming each cut, keeping status, names and statuses", () => {
    const v = flooded(3);
    const before = size(v);
    const b = boundVerdict(v);
    expect(size(b), `was ${before} bytes, cut ${JSON.stringify(b.cut)}`).toBeLessThanOrEqual(VERDICT_MAX_BYTES);
    expect(verdictSchema.safeParse(b).success).toBe(true);
    expect(b.status).toBe("deadlock");
    expect(b.tests.map((t) => [t.name, t.status])).toEqual(v.tests.map((t) => [t.name, t.status]));
    expect(b.cut?.slice(0, 2)).toEqual(["schedules", "traces"]);
    expect(b.tests[0].report?.scheduleDropped).toBe(40_000);
    expect(b.tests[0].message).toMatch(/^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:[\s\S]*… \(\d+ more characters\)$/);
    expect(v.tests[0].report?.trace, "the Verdict given is left as it was").toHaveLength(2000);
  });

  test("cuts in the documented order: a Verdict just over the cap by its trace loses only (part of) the trace", () => {
    const v = flooded(1, 40);
    const r = v.tests[0].report!;
    r.trace = Array.from({ length: 4000 }, (_, k) => ({ step: k, t: 0, g: k, kind: "note" as const, detail: "x".repeat(60) }));
    expect(size(v)).toBeGreaterThan(VERDICT_MAX_BYTES);
    const b = boundVerdict(v);
    expect(b.cut).toEqual(["schedules", "traces"]);
    expect(b.tests[0].report?.trace).toHaveLength(200);
    expect(b.tests[0].report?.traceDropped).toBe(3800);
    expect(b.tests[0].report?.goroutines).toHaveLength(40);
    expect(b.tests[0].message).toBe(v.tests[0].message);
  });

  test("bounds huge messages, values, diagnostics and non-ASCII text, counting bytes of UTF-8", () => {
    const v: Verdict = {
      version: VERDICT_VERSION,
      exerciseId: "huge",
      status: "fail",
      tests: Array.from({ length: 40 }, (_, i) => ({ name: `测试 ${i}`, status: "fail" as const, message: "死锁".repeat(20_000), expected: "x".repeat(50_000), actual: "y".repeat(50_000) })),
      diagnostics: Array.from({ length: 50 }, () => ({ file: "solution.ts", line: 1, column: 1, message: "w".repeat(10_000), severity: "warning" as const })),
      timings: { bundleMs: 1, runMs: 2 },
      message: "m".repeat(1_000_000),
    };
    const b = boundVerdict(v);
    expect(size(b), JSON.stringify(b.cut)).toBeLessThanOrEqual(VERDICT_MAX_BYTES);
    expect(verdictSchema.safeParse(b).success).toBe(true);
    expect(b.tests).toHaveLength(40);
    expect(b.cut).toContain("texts");
  });

  test("keeps as many tests as fit when names and statuses alone are over the cap, and says how many were left out", () => {
    const v: Verdict = {
      version: VERDICT_VERSION,
      exerciseId: "many",
      status: "fail",
      tests: Array.from({ length: 5000 }, (_, i) => ({ name: `${"n".repeat(150)} ${i}`, status: "fail" as const })),
      diagnostics: [],
      timings: { bundleMs: 1, runMs: 2 },
    };
    const b = boundVerdict(v);
    expect(size(b)).toBeLessThanOrEqual(VERDICT_MAX_BYTES);
    expect(b.cut).toEqual(["schedules", "traces", "stacks", "goroutines", "races", "texts", "reports", "tests"]);
    expect(b.tests.length).toBeGreaterThan(1000);
    expect(b.tests.length).toBeLessThan(5000);
    expect(b.message).toMatch(new RegExp(`${5000 - b.tests.length} of 5000 tests are left out`));
    expect(b.status).toBe("fail");
  });

  test("the schema refuses a Verdict over the cap", () => {
    const r = verdictSchema.safeParse(flooded(1));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/over VERDICT_MAX_BYTES \(262144 bytes\): pass it through boundVerdict/);
  });
});
