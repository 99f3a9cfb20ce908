/**
 * verdict.ts — the Verdict: the versioned JSON contract between the runner and every consumer
 * (results panel, editor markers, CI, CLI, tests). Runs anywhere (main thread, worker, Node).
 *
 * A Verdict is complete enough to render everything without re-running: the overall status,
 * one result per hidden test (message, expected/actual, a location, the failing schedule and
 * gosync's report with dump, leaks, races and trace), esbuild's diagnostics and timings.
 *
 * The overall status is never sent by the sandbox: the host computes it with `verdictStatus`
 * from what it observed (bundle errors, the wall-clock limit, a crash) and the per-test
 * results, so learner code cannot claim a pass it did not earn.
 */
import { z } from "zod";

/** VERDICT_VERSION is bumped on every change that a consumer of an older Verdict would misread. */
export const VERDICT_VERSION = 1;

/** VerdictStatus lists the overall outcomes, from the most to the least severe (see verdictStatus). */
export const VERDICT_STATUSES = [
  "compile-error",
  "timeout",
  "internal-error",
  "runtime-error",
  "deadlock",
  "fail",
  "pass",
] as const;

/** TestStatus is how one hidden test ended; the detectors (deadlock, race, leak, panic) name themselves. */
export const TEST_STATUSES = ["pass", "fail", "deadlock", "race", "leak", "panic", "error", "skipped"] as const;

export const locationSchema = z
  .object({
    file: z.string().describe("file the location is in, as the learner sees it: solution.ts or hidden.test.ts"),
    line: z.number().int().min(1).describe("1-based line"),
    column: z.number().int().min(1).describe("1-based column"),
  })
  .strict()
  .describe("a position in a source file, mapped back through the bundle's source map");

export const scheduleSchema = z
  .object({
    strategy: z.string().describe("gosync scheduling strategy that found the failure (random, pct, exhaustive)"),
    seed: z.number().describe("seed that replays the failing schedule exactly"),
    runs: z.number().int().min(0).describe("schedules explored before (and including) the failing one"),
  })
  .strict()
  .describe("the failing schedule, enough to replay it with sim.replay");

export const testResultSchema = z
  .object({
    name: z.string().describe("test name with its describe blocks, joined by ' > '"),
    status: z.enum(TEST_STATUSES).describe("how the test ended; detectors (deadlock, race, leak, panic) name themselves"),
    message: z.string().optional().describe("what went wrong: received, expected, where"),
    expected: z.string().optional().describe("expected value, formatted, when an assertion compared values"),
    actual: z.string().optional().describe("received value, formatted, when an assertion compared values"),
    location: locationSchema.optional().describe("where it failed, preferring the learner's solution.ts"),
    stack: z.string().optional().describe("the error's stack with frames mapped to the original files"),
    schedule: scheduleSchema.optional(),
    report: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("gosync's report of the replayed failing schedule: outcome, dump, leaks, races, trace"),
    durationMs: z.number().min(0).optional().describe("wall-clock time spent on this test, exploration included"),
  })
  .strict()
  .describe("the result of one hidden test");

export const diagnosticSchema = z
  .object({
    file: z.string().describe("file the diagnostic is in: solution.ts, hidden.test.ts"),
    line: z.number().int().min(1).describe("1-based line"),
    column: z.number().int().min(1).describe("1-based column"),
    message: z.string().describe("esbuild's message"),
    severity: z.enum(["error", "warning"]).describe("error stops the run; warning is shown only"),
  })
  .strict()
  .describe("a bundler diagnostic located in a source file");

export const verdictSchema = z
  .object({
    version: z.literal(VERDICT_VERSION).describe("Verdict format version"),
    exerciseId: z.string().describe("id of the exercise that was judged"),
    status: z.enum(VERDICT_STATUSES).describe("overall outcome, computed by verdictStatus"),
    tests: z.array(testResultSchema).describe("one result per hidden test, in declaration order"),
    diagnostics: z.array(diagnosticSchema).describe("esbuild errors and warnings"),
    timings: z
      .object({
        bundleMs: z.number().min(0).describe("time spent bundling the learner's code and the hidden tests"),
        runMs: z.number().min(0).describe("time from starting the sandbox to its last result"),
      })
      .strict()
      .describe("wall-clock timings of this Run"),
    message: z.string().optional().describe("a one-line summary for statuses that are not about one test"),
  })
  .strict()
  .describe("the judge's answer for one Run");

export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
export type TestStatus = (typeof TEST_STATUSES)[number];
export type Location = z.infer<typeof locationSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type TestResult = z.infer<typeof testResultSchema>;
export type Diagnostic = z.infer<typeof diagnosticSchema>;
export type Verdict = z.infer<typeof verdictSchema>;

/** RunFacts is what a host observed about one Run, the input of verdictStatus. */
export interface RunFacts {
  /** bundling produced at least one error diagnostic */
  compileError?: boolean;
  /** the wall-clock limit stopped the sandbox */
  timedOut?: boolean;
  /** the runner itself (or the exercise's hidden tests) broke: not the learner's fault */
  internalError?: boolean;
  /** the learner's module threw while being imported, or the sandbox died of it (memory cap) */
  runtimeError?: boolean;
  tests: readonly Pick<TestResult, "status">[];
}

/**
 * verdictStatus picks the overall status by precedence:
 * compile-error > timeout > internal-error > runtime-error > deadlock > fail > pass.
 *
 * deadlock wins over fail when ANY test deadlocked, even if another test failed an assertion:
 * a deadlock is the more specific diagnosis and usually the cause of the other failures.
 * A race, leak, panic or error in a test makes the status `fail` (the test names the detector).
 * A Run with no tests at all is an internal error, never a pass: nothing was proved.
 */
export function verdictStatus(facts: RunFacts): VerdictStatus {
  if (facts.compileError) return "compile-error";
  if (facts.timedOut) return "timeout";
  if (facts.internalError) return "internal-error";
  if (facts.runtimeError) return "runtime-error";
  if (facts.tests.length === 0) return "internal-error";
  if (facts.tests.some((t) => t.status === "deadlock")) return "deadlock";
  if (facts.tests.every((t) => t.status === "pass")) return "pass";
  return "fail";
}

/** summarize renders a Verdict as the few lines a terminal shows (the CLI and test failures use it). */
export function summarize(v: Verdict): string {
  const lines: string[] = [];
  const passed = v.tests.filter((t) => t.status === "pass").length;
  lines.push(`${v.exerciseId}: ${v.status.toUpperCase()} — ${passed}/${v.tests.length} tests passed`);
  if (v.message) lines.push(`  ${v.message}`);
  for (const d of v.diagnostics) {
    lines.push(`  ${d.severity}: ${d.file}:${d.line}:${d.column}: ${d.message}`);
  }
  for (const t of v.tests) {
    const mark = t.status === "pass" ? "✓" : t.status === "skipped" ? "-" : "✗";
    lines.push(`  ${mark} ${t.name}${t.status === "pass" ? "" : ` [${t.status}]`}`);
    if (t.status === "pass" || t.status === "skipped") continue;
    if (t.location) lines.push(`      at ${t.location.file}:${t.location.line}:${t.location.column}`);
    for (const l of (t.message ?? "").split("\n").slice(0, 30)) lines.push(`      ${l}`);
    if (t.expected !== undefined || t.actual !== undefined) {
      lines.push(`      expected: ${t.expected ?? "(none)"}`);
      lines.push(`      received: ${t.actual ?? "(none)"}`);
    }
    if (t.schedule) {
      lines.push(`      schedule: strategy ${t.schedule.strategy}, seed ${t.schedule.seed} (after ${t.schedule.runs} runs)`);
    }
  }
  lines.push(`  bundle ${v.timings.bundleMs.toFixed(0)} ms, run ${v.timings.runMs.toFixed(0)} ms`);
  return lines.join("\n");
}
