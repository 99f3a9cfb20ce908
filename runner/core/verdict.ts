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
 *
 * A Verdict is bounded: its JSON is at most VERDICT_MAX_BYTES, whatever the learner's code
 * did (the schema refuses a larger one; `boundVerdict` cuts one down).
 */
import { z } from "zod";
import { blockProfileEntrySchema, reportSchema, scheduleTokenSchema, shrinkSchema } from "gosync/sim/schema";
import { detectorReports, headline, scheduleText } from "./report-text.ts";
import { pick, type Lang } from "./bilingual.ts";

/**
 * VERDICT_MAX_BYTES bounds a Verdict's JSON, in UTF-8 bytes (so its length in characters too):
 * 20,000 goroutines blocked forever once made a Verdict of 14 MB, which a CLI printed whole and
 * a results panel drew as 40,000 nodes.
 */
export const VERDICT_MAX_BYTES = 256 * 1024;

/**
 * VERDICT_CUTS names what boundVerdict may cut, in the order it cuts, the least useful first:
 * the failing schedules' decision lists (the seed replays them) and the passing schedules shown
 * beside them on request, the replay traces (their first
 * events, then all), the stacks (each location keeps its innermost frame), the reports'
 * structured goroutine and leak lists (their dumps stay as text), the race reports after the
 * first, then texts (messages, dumps, values; clipped to 4 KiB, then 512 characters), then
 * whole reports, and at last the tests' details (names and statuses stay) and tests themselves.
 */
export const VERDICT_CUTS = ["schedules", "traces", "stacks", "goroutines", "races", "texts", "reports", "tests"] as const;

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

/**
 * scheduleSchema is the failing schedule's token as gosync makes it (gosync/sim/schema: strategy,
 * seed, pct's depth and step estimate, a bounded search's bound…), which `sim.run` replays, and
 * how many schedules were explored to find it. A systematic search's decisions, and a shrunk
 * schedule's choice list (strategy manual), are in the report's `schedule`, not repeated here.
 */
export const scheduleSchema = scheduleTokenSchema
  .omit({ schedule: true })
  .extend({
    runs: z.number().int().min(0).describe("schedules explored before (and including) the failing one; for a passing schedule, the runs it took to find"),
    shrunk: shrinkSchema
      .optional()
      .describe("present when the found schedule was shrunk before it was shown: steps and preemptions before and after (the token is the shrunk schedule's)"),
    found: scheduleTokenSchema
      .omit({ schedule: true })
      .optional()
      .describe("with shrunk: the token of the schedule exploration found (strategy, seed…), which replays the unshrunk failure"),
  })
  .strict()
  .describe("the failing schedule: its token, which sim.run replays, and the schedules it took to find it");

/**
 * verdictReportSchema is gosync's report (gosync/sim/schema: one declaration for gosync, the
 * judge and the panel) as a Verdict carries it: positions mapped to the learner's files, and
 * bounded by the judge (harness.ts mapReport, boundVerdict), which may cut the schedule's
 * decisions (counted in scheduleDropped) besides what gosync itself counts.
 */
export const verdictReportSchema = reportSchema
  .extend({
    schedule: reportSchema.shape.schedule.optional().describe("the failing schedule's first decisions; absent once boundVerdict cut it (the schedule token replays it whole)"),
    scheduleDropped: z.number().int().min(0).optional().describe("how many decisions were left out of schedule, present only when some were"),
  })
  .strict()
  .describe("gosync's report of the replayed failing schedule: outcome, dump, leaks, races, trace");

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
    report: verdictReportSchema.optional(),
    profile: z
      .array(blockProfileEntrySchema)
      .optional()
      .describe("the blocking profile (when asked for: synclab check --profile) of the failing schedule, or of the first one when the test passed: where goroutines blocked, how often and how long, the most time first"),
    passing: z
      .object({ schedule: scheduleSchema, report: verdictReportSchema })
      .strict()
      .optional()
      .describe("on request (Limits.contrast), for a failing test: a passing schedule of the same test, for contrast — its token (a manual choice list, in report.schedule) and its replayed report with the trace; on request (Limits.trace), for a test that passed: its first schedule, its token (strategy and seed) and its report with the trace"),
    durationMs: z.number().min(0).optional().describe("wall-clock time spent on this test, exploration and shrinking included"),
    zh: z
      .object({
        name: z.string().optional().describe("the test's name in Chinese, describe blocks included (hidden tests name each test { en, zh })"),
        message: z.string().optional().describe("message in Chinese: the assertion's own message translated, the matcher's text as it is"),
      })
      .strict()
      .optional()
      .describe("the test's texts in Chinese; name and message above are English. The panel and the CLI show the reader's language"),
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
    zh: z
      .object({ message: z.string().describe("message in Chinese") })
      .strict()
      .optional()
      .describe("the Run's message in Chinese, where the judge words it itself (what solution.ts lacks of what the tests use); the panel and the CLI show the reader's language"),
    cut: z
      .array(z.enum(VERDICT_CUTS))
      .optional()
      .describe("what boundVerdict left out to keep the Verdict under VERDICT_MAX_BYTES, in the order it cut; absent when nothing was"),
  })
  .strict()
  .refine((v) => fits(v), { message: `the Verdict's JSON is over VERDICT_MAX_BYTES (${VERDICT_MAX_BYTES} bytes): pass it through boundVerdict` })
  .describe("the judge's answer for one Run");

export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
export type VerdictCut = (typeof VERDICT_CUTS)[number];
export type TestStatus = (typeof TEST_STATUSES)[number];
export type Location = z.infer<typeof locationSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type TestResult = z.infer<typeof testResultSchema>;
export type Diagnostic = z.infer<typeof diagnosticSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
export type VerdictReport = z.infer<typeof verdictReportSchema>;
export type BlockProfileEntry = z.infer<typeof blockProfileEntrySchema>;

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

/** SUMMARY_LINES is how many lines of one text (a message, a dump, a race report) summarize prints. */
const SUMMARY_LINES = 30;

/** indented writes text's first SUMMARY_LINES lines indented under a test, saying how many it left out. */
function indented(lines: string[], text: string): void {
  const all = text.split("\n");
  for (const l of all.slice(0, SUMMARY_LINES)) lines.push(`      ${l}`);
  if (all.length > SUMMARY_LINES) lines.push(`      … (${all.length - SUMMARY_LINES} more lines: --json prints everything)`);
}

/**
 * TRACE_LINES is how many events of a failing schedule summarize prints: the last ones, where it
 * failed (a replay of the current exercises' failures has 20 to 200).
 */
export const TRACE_LINES = 60;

/** traceLines writes a failing schedule's events as the results panel's "Replay trace" shows them, one a line. */
function traceLines(lines: string[], r: VerdictReport): void {
  const events = r.trace ?? [];
  if (events.length === 0) return;
  const shown = events.slice(-TRACE_LINES);
  const earlier = (r.traceDropped ?? 0) + events.length - shown.length;
  lines.push("", `      the failing schedule, ${earlier ? `its last ${shown.length} events (${earlier} earlier ones: --json has what the Verdict kept)` : `${shown.length} events`}:`);
  lines.push("        step      time  goroutine  event");
  let after = false;
  for (const e of shown) {
    if (e.afterMain && !after) {
      after = true;
      lines.push("        ---- main returned: a Go program ends here; the simulator lets the others finish ----");
    }
    const who = e.g === 0 ? "runtime" : `g${e.g}`;
    const detail = e.detail !== undefined && e.detail.length > 160 ? `${e.detail.slice(0, 160)}…` : (e.detail ?? "");
    const what = [e.kind, e.obj !== undefined ? `#${e.obj}` : "", detail, e.child !== undefined ? `→ g${e.child}` : "", e.by !== undefined ? `(done by g${e.by})` : "", e.at ? `at ${e.at}` : ""].filter(Boolean).join(" ");
    lines.push(`        ${String(e.step).padStart(4)} ${`${e.t} ms`.padStart(9)}  ${who.padEnd(9)}  ${what}`);
  }
}

/** PROFILE_LINES is how many entries of a blocking profile summarize prints: those with the most time blocked. */
export const PROFILE_LINES = 10;

/** profileLines writes a blocking profile as a table, the most time blocked first, with a bar per call site. */
function profileLines(lines: string[], profile: readonly BlockProfileEntry[]): void {
  if (profile.length === 0) {
    lines.push("      blocking profile: no goroutine blocked on a synchronisation object");
    return;
  }
  const shown = profile.slice(0, PROFILE_LINES);
  const most = Math.max(...shown.map((e) => e.delayMs), 1e-9);
  lines.push(`      blocking profile (virtual time blocked, the most first${profile.length > shown.length ? `; ${profile.length - shown.length} more entries: --json` : ""}):`);
  lines.push(`        ${"blocked".padStart(10)}  ${"events".padStart(6)}  ${"".padEnd(20)}  where`);
  for (const e of shown) {
    const bar = "█".repeat(Math.round((e.delayMs / most) * 20));
    lines.push(`        ${`${+e.delayMs.toFixed(3)} ms`.padStart(10)}  ${String(e.count).padStart(6)}  ${bar.padEnd(20)}  ${e.reason}${e.obj ? ` #${e.obj}` : ""} at ${e.at}`);
  }
}

/**
 * summarize renders a Verdict as the lines a terminal shows (the CLI and test failures use it),
 * the tests' names and messages in `lang` (English unless asked: `synclab check --lang zh`):
 * per failing test its message, what the detectors reported (report-text.ts), the failing
 * schedule's events (its last TRACE_LINES) and the token that replays it.
 */
export function summarize(v: Verdict, lang: Lang = "en"): string {
  const lines: string[] = [];
  const passed = v.tests.filter((t) => t.status === "pass").length;
  lines.push(`${v.exerciseId}: ${v.status.toUpperCase()} — ${passed}/${v.tests.length} tests passed`);
  if (v.message) lines.push(`  ${pick(lang, v.message, v.zh?.message)}`);
  for (const d of v.diagnostics) {
    lines.push(`  ${d.severity}: ${d.file}:${d.line}:${d.column}: ${d.message}`);
  }
  for (const t of v.tests) {
    const mark = t.status === "pass" ? "✓" : t.status === "skipped" ? "-" : "✗";
    lines.push(`  ${mark} ${pick(lang, t.name, t.zh?.name)}${t.status === "pass" ? "" : ` [${t.status}]`}`);
    if (t.profile) profileLines(lines, t.profile);
    if (t.status === "pass" || t.status === "skipped") continue;
    if (t.location) lines.push(`      at ${t.location.file}:${t.location.line}:${t.location.column}`);
    const message = headline({ ...t, message: t.message === undefined ? undefined : pick(lang, t.message, t.zh?.message) });
    if (message) indented(lines, message);
    if (t.expected !== undefined || t.actual !== undefined) {
      lines.push(`      expected: ${t.expected ?? "(none)"}`);
      lines.push(`      received: ${t.actual ?? "(none)"}`);
    }
    for (const b of detectorReports(t)) {
      lines.push("");
      indented(lines, b.text);
    }
    if (t.report) traceLines(lines, t.report);
    if (t.schedule) {
      const { runs: _, shrunk: __, found: ___, ...token } = t.schedule;
      const listed = token.strategy === "exhaustive" || token.strategy === "manual" || token.bound !== undefined;
      lines.push(`      schedule: ${scheduleText(t.schedule)}; replay: sim.run(main, ${JSON.stringify(listed ? { ...token, schedule: "<report.schedule>" } : token)})`);
    }
    if (t.passing) {
      const { runs: _, shrunk: __, found: ___, ...token } = t.passing.schedule;
      lines.push(`      a passing schedule of this test, for contrast (${t.passing.report.steps} steps): sim.run(main, ${JSON.stringify({ ...token, schedule: t.passing.report.schedule ?? "<passing.report.schedule>" })})`);
    }
  }
  lines.push(`  bundle ${v.timings.bundleMs.toFixed(0)} ms, run ${v.timings.runMs.toFixed(0)} ms`);
  return lines.join("\n");
}

/** utf8Length is the length of s in UTF-8 bytes (JSON.stringify leaves no lone surrogate). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}

/** fits tells whether v's JSON is at most VERDICT_MAX_BYTES bytes of UTF-8. */
function fits(v: unknown): boolean {
  const s = JSON.stringify(v) ?? "";
  if (s.length > VERDICT_MAX_BYTES) return false;
  return s.length * 3 <= VERDICT_MAX_BYTES || utf8Length(s) <= VERDICT_MAX_BYTES;
}

/** clip keeps the first n characters of s and says how many were left out. */
function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length - n} more characters)` : s;
}

type Report = Record<string, unknown>;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const count = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0);

/** cutList keeps the first `keep` entries of report[list], recording in report[total] how many there were. */
function cutList(r: Report, list: string, total: string, keep: number): void {
  const l = r[list];
  if (!Array.isArray(l) || l.length <= keep) return;
  r[total] = Math.max(count(r[total]), l.length);
  r[list] = l.slice(0, keep);
}

/** withoutStack drops a goroutine's or a race access's frames, keeping its `at`. */
function withoutStack(x: unknown): unknown {
  if (!isObject(x) || !("stack" in x)) return x;
  const { stack: _, ...rest } = x;
  return rest;
}

/**
 * CUTTERS make each cut of VERDICT_CUTS on a copy of one test result (and its report); a cutter
 * may run several times, each cutting deeper (a pass number), and says it has nothing left to
 * cut by returning false.
 */
const CUTTERS: Record<Exclude<VerdictCut, "tests">, (t: TestResult, r: Report | undefined, pass: number) => boolean> = {
  schedules(t, r) {
    delete t.passing;
    if (!r || !Array.isArray(r.schedule)) return false;
    r.scheduleDropped = count(r.scheduleDropped) + r.schedule.length;
    delete r.schedule;
    return false;
  },
  traces(_t, r, pass) {
    if (!r || !Array.isArray(r.trace)) return false;
    const keep = pass === 0 ? 200 : 0;
    if (r.trace.length <= keep) return pass === 0;
    r.traceDropped = count(r.traceDropped) + r.trace.length - keep;
    if (keep === 0) delete r.trace;
    else r.trace = r.trace.slice(-keep);
    return pass === 0;
  },
  stacks(t, r) {
    delete t.stack;
    if (!r) return false;
    for (const k of ["goroutines", "leaks"]) if (Array.isArray(r[k])) r[k] = (r[k] as unknown[]).map(withoutStack);
    if (Array.isArray(r.races)) {
      r.races = r.races.map((x) => (isObject(x) ? { ...x, current: withoutStack(x.current), previous: withoutStack(x.previous) } : x));
    }
    return false;
  },
  goroutines(_t, r) {
    if (!r) return false;
    cutList(r, "goroutines", "goroutinesTotal", 1);
    cutList(r, "leaks", "leaksTotal", 1);
    return false;
  },
  races(_t, r) {
    if (r) cutList(r, "races", "racesTotal", 1);
    return false;
  },
  texts(t, r, pass) {
    const n = pass === 0 ? 4096 : 512;
    for (const k of ["message", "expected", "actual"] as const) if (t[k] !== undefined) t[k] = clip(t[k], n);
    if (t.zh?.message !== undefined) t.zh = { ...t.zh, message: clip(t.zh.message, n) };
    if (r) {
      for (const k of ["message", "dump", "leakText"]) if (typeof r[k] === "string") r[k] = clip(r[k] as string, n);
      if (Array.isArray(r.races)) r.races = r.races.map((x) => (isObject(x) && typeof x.text === "string" ? { ...x, text: clip(x.text, n) } : x));
    }
    return pass === 0;
  },
  reports(t) {
    delete t.report;
    delete t.profile;
    return false;
  },
};

/**
 * boundVerdict returns v itself if its JSON is at most VERDICT_MAX_BYTES, else a copy cut down
 * to fit: the cuts of VERDICT_CUTS are made in order, on every test at once, until the Verdict
 * fits, and each cut made is named in `cut`. Lists cut keep a count of what they held (a
 * report's traceDropped, scheduleDropped, goroutinesTotal, leaksTotal, racesTotal), texts cut
 * say how many characters were left out. The status, the tests' names and statuses, the
 * diagnostics' locations and the timings are kept as long as anything can be: the last cut keeps
 * the first tests that fit, names clipped, and says in `message` how many were left out. Runs
 * anywhere; the hosts call it on every Verdict they build (RunCollector.verdict).
 */
export function boundVerdict(v: Verdict): Verdict {
  if (fits(v)) return v;
  const cut: VerdictCut[] = [...(v.cut ?? [])];
  const mark = (c: VerdictCut) => {
    if (!cut.includes(c)) cut.push(c);
  };
  let tests: TestResult[] = v.tests.map((t) => (t.report ? { ...t, report: { ...t.report } } : { ...t }));
  let out: Verdict = { ...v, tests };
  const done = () => {
    out.cut = cut;
    return fits(out);
  };
  for (const name of VERDICT_CUTS) {
    if (name === "tests") break;
    for (let pass = 0; ; pass++) {
      let again = false;
      for (const t of tests) again = CUTTERS[name](t, t.report, pass) || again;
      if (name === "texts") {
        if (out.message !== undefined) out.message = clip(out.message, pass === 0 ? 4096 : 512);
        out.diagnostics = out.diagnostics.map((d) => ({ ...d, message: clip(d.message, pass === 0 ? 4096 : 512) }));
      }
      mark(name);
      if (done()) return out;
      if (!again) break;
    }
  }
  // The last resort: names and statuses only, as many tests and diagnostics as fit.
  mark("tests");
  const total = tests.length;
  tests = tests.map((t) => ({ name: clip(t.name, 200), status: t.status, ...(t.zh?.name !== undefined ? { zh: { name: clip(t.zh.name, 200) } } : {}) }));
  const diagnostics = out.diagnostics.slice(0, 20);
  const base = { ...out, exerciseId: clip(v.exerciseId, 200), diagnostics, tests: [] as TestResult[] };
  const say = (kept: number) =>
    clip(`${out.message !== undefined ? `${clip(out.message, 512)} ` : ""}(the Verdict was cut to stay under ${VERDICT_MAX_BYTES} bytes: ${total - kept} of ${total} tests are left out)`, 1024);
  let lo = 0;
  let hi = total;
  // The largest number of tests that fits: a binary search, each probe one JSON.stringify.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits({ ...base, tests: tests.slice(0, mid), message: say(mid) })) lo = mid;
    else hi = mid - 1;
  }
  out = { ...base, tests: tests.slice(0, lo), message: lo < total ? say(lo) : base.message };
  if (lo < total) out.diagnostics = [];
  return out;
}
