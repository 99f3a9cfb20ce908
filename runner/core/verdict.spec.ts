import { describe, expect, test } from "vitest";
import { VERDICT_VERSION, summarize, verdictSchema, verdictStatus, type Verdict } from "./verdict.ts";

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
});
