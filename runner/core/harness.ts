/**
 * harness.ts — the judge: collects the hidden tests (`test`/`it`/`describe`, the module the
 * tests import as "vitest") and runs each body as goroutine 1 (main) of a gosync simulation
 * under `sim.explore` with the exercise's limits. A test passes only if every explored schedule
 * passes; the first failing schedule is replayed with `sim.replay` (stacks and, unless
 * Limits.traceFailures is false, the trace on) to build the result. Runs in the sandbox realm
 * (browser worker, Node worker thread); the same `judgeTest` wraps each test under real Vitest
 * (vitest-shim.ts).
 *
 * Detectors apply to every body: a deadlock, a data race on `shared()` state, a Go panic or
 * fatal error, and a goroutine still alive when the body returns (leak) each fail the test with
 * the simulator's report.
 */
import { stringify } from "@vitest/utils/display";
import { inShard, type Shard } from "./shards.ts";
import { clipText, type StackMapper } from "./source-map.ts";
import type { BlockProfileEntry, ExploreOptions, ExploreResult, ExploreStrategy, Failure, Passing, PassingOptions, ReplayOptions, Report, RunOptions, ScheduleToken, ShrinkOptions, Shrunk } from "gosync/sim";
import { detectorReports } from "./report-text.ts";
import type { Location, Schedule, TestResult, TestStatus, VerdictReport } from "./verdict.ts";
import { en, isBilingual, zhMessageOf, zhOf, type Text } from "./bilingual.ts";

/** Limits are the exercise's exploration limits (config.json `limits`, without wallMs). */
export interface Limits {
  /** schedules to explore per test, at most (random and pct stop early once they have run every schedule there is: gosync/src/sim/coverage.ts) */
  runs: number;
  strategy: ExploreStrategy;
  /** first seed; explore derives the others from it (fixed, so a verdict is reproducible) */
  seed?: number;
  /** scheduling steps allowed per schedule before the run counts as stuck */
  maxSteps?: number;
  /**
   * profile: record the blocking profile of each judged test (`synclab check --profile`): of its
   * failing schedule, or of its first schedule when it passed (gosync/sim's profile option)
   */
  profile?: boolean;
  /**
   * shrinkRuns bounds the shrinking of a failing schedule (gosync/sim's shrink), in runs:
   * SHRINK_RUNS unless set; 0 shows the schedule as exploration found it
   */
  shrinkRuns?: number;
  /**
   * replay: the test named `test` is judged on this schedule, not explored (a share link's
   * failing schedule, which a shrunk one's seed alone no longer gives): `token` is what sim.run
   * follows (a shrunk or systematic schedule's choice list in its `schedule`), `schedule` the
   * Verdict's account of it (found on run k, shrunk from…), kept as the result's. A replay that
   * no longer fails, or cannot be followed, leaves the test explored as without it.
   */
  replay?: { test: string; token: ScheduleToken; schedule: Schedule };
  /**
   * contrast: for a failing test, also look for a passing schedule of the same test (gosync/sim's
   * passing, at most CONTRAST_RUNS runs) and put it in the result beside the failing one. Off by
   * default: a warm Run does not pay for it.
   */
  contrast?: boolean;
  /**
   * trace: a test that passed also carries its first schedule, run again with trace and stacks,
   * as `passing` (its token and report), so a page can draw a passing test's schedule on
   * request. Off by default: a warm Run does not pay for it.
   */
  trace?: boolean;
  /**
   * traceFailures: false replays a failing schedule with stacks but without its event trace (the
   * report has no `trace`): a page's Run, whose panel asks for the traces (the Run again without
   * this limit) when a learner first opens a failed test's Schedule or Replay trace. A failing
   * Run's traces were most of its Verdict's bytes and a fifth of its judging (build-waitgroup's
   * starter: 145 kB, 5 ms). On unless set, and whenever `trace` is.
   */
  traceFailures?: boolean;
  /**
   * only: judge only the test of this name (its English name with its describe blocks, as a
   * Verdict names it); every other test is reported skipped. A page asks for one test's schedule
   * with it, without judging the rest again.
   */
  only?: string;
  /** depth: pct's bug depth d (gosync/sim's depth; 3 unless set) */
  depth?: number;
  /** bound: the highest preemption or delay bound the bounded searches try (no limit but runs unless set) */
  bound?: number;
  /**
   * choices: be the scheduler. Each test runs once, under gosync's manual strategy, following
   * these choices (goroutine ids at picks, case indices at a select's choice: a report's
   * `schedule`) and pausing at the next decision point, traced and with stacks, as sim.stepper
   * moves: a test that has not failed by then passes with the paused report, whose `decision`
   * says who may run next; one that failed is judged as a failing schedule is. runs, strategy,
   * shrinking and contrast do not apply; seed still seeds the virtual Math.random.
   */
  choices?: readonly number[];
}

/**
 * Sim is the part of `gosync/sim` the harness uses; its report is gosync's `Report`, whose one
 * declaration is the zod schema in gosync/src/sim/schema.ts (the Verdict's report extends it).
 */
export interface Sim {
  explore(main: () => unknown, opts: ExploreOptions): Promise<ExploreResult>;
  replay(failure: Failure, main?: () => unknown, opts?: ReplayOptions): Promise<Report>;
  tokenOf(failure: Failure): ScheduleToken;
  run(main: () => unknown, opts: RunOptions): Promise<Report>;
  /** absent in a Sim written before shrinking: the found schedule is shown as it is */
  shrink?(main: () => unknown, failure: Failure, opts?: ShrinkOptions): Promise<Shrunk>;
  /** absent in a Sim written before contrast: no passing schedule is looked for */
  passing?(main: () => unknown, failure: Failure, opts?: PassingOptions): Promise<Passing>;
}

/**
 * SHRINK_RUNS bounds the shrinking of a failing schedule, in runs (not time, so a verdict stays a
 * function of the code), with SHRINK_STEPS (scripts/bench-shrink.ts measures what it costs each
 * starter and wrong/ variant).
 */
export const SHRINK_RUNS = 150;
/**
 * SHRINK_STEPS bounds the scheduling steps of all of shrinking's runs for one test: a run's cost
 * grows with its steps (10–20 µs a step in the exercises under load: shared() state, many
 * goroutines, timers), so a long test (1,300 steps a run) stops after 4 runs where a short one
 * (30 steps) may use all of SHRINK_RUNS (scripts/bench-shrink.ts: at most ~120 ms).
 */
export const SHRINK_STEPS = 6_000;
/** CONTRAST_RUNS bounds the search for a passing schedule beside a failing one (Limits.contrast), in runs. */
export const CONTRAST_RUNS = 20;

/** DEFAULT_SEED is the first seed when an exercise names none: fixed, so the same code gets the same verdict. */
export const DEFAULT_SEED = 1;
/** TRACE_LIMIT caps the trace kept in a Verdict (the last events; the cut is recorded in `traceDropped`). */
export const TRACE_LIMIT = 2000;
/**
 * SCHEDULE_LIMIT caps the failing schedule's decision list kept in a Verdict (its first
 * decisions; `scheduleDropped` counts the rest). The Verdict's `schedule` (strategy and seed)
 * replays the run whole; the list is for a reader, and a flood of goroutines makes it 200 KB.
 */
export const SCHEDULE_LIMIT = 2000;
/**
 * LIST_LIMIT caps a report's goroutines, leaks and races in a Verdict, as gosync caps them
 * (REPORT_GOROUTINES, REPORT_RACES): the judge holds to it whatever report it is handed.
 */
export const LIST_LIMIT = 50;

/** Judged is the outcome of judgeTest, before names and source locations are attached. */
export interface Judged {
  status: TestStatus;
  message?: string;
  expected?: string;
  actual?: string;
  /** the error the body threw on the replayed schedule, if it threw */
  error?: unknown;
  schedule?: Schedule;
  /** gosync's report of the replayed failing schedule; what its detectors said is there, not in message */
  report?: Report;
  /** the blocking profile of the failing schedule, or of the first one when the test passed (Limits.profile) */
  profile?: BlockProfileEntry[];
  /** a passing schedule of the same test, on request (Limits.contrast; a passing test's first, Limits.trace): its token and its replayed report */
  passing?: { schedule: Schedule; report: Report };
}

function isAssertionError(e: unknown): e is Error & { expected?: unknown; actual?: unknown; showDiff?: boolean } {
  return e instanceof Error && (e.name === "AssertionError" || "showDiff" in e || "matcherResult" in e);
}

/** DISPLAY_LIMIT caps one formatted value in a Verdict, in characters. */
const DISPLAY_LIMIT = 2000;

/** display formats an expected/actual value for the Verdict as Vitest prints it (strings quoted). */
export function display(v: unknown): string {
  // Vitest's own formatter: undefined stays undefined, an Error shows its message, Maps and
  // Sets show their entries — what JSON.stringify would turn into null or {}.
  try {
    const s = stringify(v, 10, { min: true, maxLength: DISPLAY_LIMIT });
    return s.length > DISPLAY_LIMIT ? `${s.slice(0, DISPLAY_LIMIT)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === "Error" ? "" : `${clipText(String(e.name))}: `}${clipText(String(e.message))}`;
  return `thrown value: ${display(e)}`;
}

/** goText is one thrown value as Go prints it: `panic: …` for a Go panic, `fatal error: …` for a fatal error, else errorText's. */
function goText(e: unknown): string {
  if (e instanceof Error && e.name === "GoPanic") return `panic: ${clipText(String(e.message))}`;
  if (e instanceof Error && e.name === "GoFatalError") return `fatal error: ${clipText(String(e.message))}`;
  return errorText(e);
}

/** SUPPRESSED_DEPTH bounds how many SuppressedErrors disposalChain follows (a program may nest them). */
const SUPPRESSED_DEPTH = 8;

/**
 * disposalChain unwraps a SuppressedError (what a `using` block throws when a disposal throws
 * after the block already threw) into what was thrown, first to last: the block's own error (the
 * cause) first, then each disposal's. Anything else is a chain of one.
 */
export function disposalChain(e: unknown): unknown[] {
  const isSuppressed = (x: unknown): x is { error: unknown; suppressed: unknown } =>
    x instanceof Error && x.name === "SuppressedError" && "error" in x && "suppressed" in x;
  const chain: unknown[] = [];
  const visit = (x: unknown, depth: number) => {
    if (depth < SUPPRESSED_DEPTH && isSuppressed(x)) {
      visit(x.suppressed, depth + 1);
      visit(x.error, depth + 1);
    } else chain.push(x);
  };
  visit(e, 0);
  return chain;
}

/**
 * classify turns a failing replay into a test status and a message. Precedence, most specific
 * first: deadlock > race > the body's own failure (assertion → fail, GoPanic/fatal → panic,
 * anything else thrown → error) > step limit / foreign wait (error) > leak.
 * A race outranks a failed assertion because the race is the cause (a lost update) and the
 * assertion only its symptom.
 *
 * The message says what went wrong in a line or two; what a detector printed (the goroutine
 * dump, the race reports, the leak list) stays in the report, where the panel and the CLI read
 * it (report-text.ts), so nothing is pasted into the message and stripped back out.
 */
export function classify(report: Report, thrown: unknown, maxSteps: number | undefined): Judged {
  const races = report.races;
  const leaks = report.leaks;
  if (report.outcome === "deadlock") {
    return { status: "deadlock", message: report.message ?? "fatal error: all goroutines are asleep - deadlock!" };
  }
  if (races.length) {
    const n = Math.max(report.racesTotal ?? 0, races.length);
    const addrs = [...new Set(races.map((r) => r.addr))];
    const where = addrs.slice(0, 3).join(", ") + (addrs.length > 3 ? ", …" : "");
    return { status: "race", message: `${n === 1 ? "a data race" : `${n} data races`} on ${where} (expected every access to shared state to be ordered by a lock, a channel or another synchronisation)` };
  }
  if (thrown !== undefined && isAssertionError(thrown)) {
    const j: Judged = { status: "fail", message: clipText(String(thrown.message)), error: thrown };
    if ("expected" in thrown || "actual" in thrown) {
      j.expected = display(thrown.expected);
      j.actual = display(thrown.actual);
    }
    return j;
  }
  const chain = thrown !== undefined ? disposalChain(thrown) : [];
  if (chain.length > 1) {
    // The block's error caused the rest: Go prints the first panic first and each later one
    // indented under it ("panic: A\n\tpanic: B"); "An error was suppressed during disposal" hid it.
    const [cause, ...later] = chain;
    const isGo = cause instanceof Error && /^Go(Panic|FatalError)$/.test(cause.name);
    // A disposal that found the simulation ended (SimExit) was stopped by the fatal error the report names.
    const text = (x: unknown) => (x instanceof Error && x.name === "SimExit" && report.message !== undefined ? report.message : goText(x));
    const message = [goText(cause), ...later.map((x) => `\t${text(x)} [while disposing of a \`using\` resource]`)].join("\n");
    return { status: isGo ? "panic" : "error", message, error: cause };
  }
  if (report.outcome === "panic" || report.outcome === "fatal") {
    const isGo = report.outcome === "fatal" || (thrown instanceof Error && /^Go(Panic|FatalError)$/.test(thrown.name));
    const text = report.message ?? (thrown !== undefined ? errorText(thrown) : "the program panicked");
    return { status: isGo || thrown === undefined ? "panic" : "error", message: text, error: thrown };
  }
  if (thrown !== undefined) return { status: "error", message: errorText(thrown), error: thrown };
  if (report.outcome === "step-limit") {
    return { status: "error", message: `the test did not finish within ${maxSteps ?? "the"} scheduling steps (expected it to end; an endless loop around gosync calls, or a livelock?)${spinning(report)}` };
  }
  if (report.outcome === "foreign-wait") {
    return { status: "error", message: report.message ?? "the test awaited something that is not a gosync operation (a real timer or a promise that never settles), which the simulator cannot schedule" };
  }
  if (leaks.length) {
    const n = Math.max(report.leaksTotal ?? 0, leaks.length);
    return { status: "leak", message: `${n} goroutine${n === 1 ? " is" : "s are"} still alive after the test returned (expected none)` };
  }
  return { status: "error", message: `the simulator reported outcome "${report.outcome}"${report.message ? `: ${report.message}` : ""}` };
}

/**
 * spinning says where the goroutines still runnable at the step limit were last seen (the last
 * event of each in the trace that has a location: the gosync call it spins around), as lines
 * to append to the step limit's message, or "".
 */
function spinning(report: Report): string {
  const runnable = (report.goroutines ?? []).filter((g) => g.status === "runnable" || g.status === "running");
  const lastAt = new Map<number, string>();
  for (const e of report.trace ?? []) if (e.at !== undefined && typeof e.g === "number") lastAt.set(e.g, e.at);
  const lines = runnable.flatMap((g) => {
    const at = g.at ?? lastAt.get(g.id);
    return at === undefined ? [] : [`goroutine ${g.id} [${g.status}] spins at ${at}`];
  });
  return lines.length ? `\n${lines.join("\n")}` : "";
}

/**
 * replaySchedule judges one run of `main` on a given failing schedule (Limits.replay), with stacks
 * and trace; undefined when that run does not fail or cannot be followed. The exercise's step
 * limit holds whatever the token says.
 */
async function replaySchedule(main: () => Promise<void>, replay: NonNullable<Limits["replay"]>, maxSteps: number | undefined, sim: Sim, thrown: () => unknown): Promise<Judged | undefined> {
  let report: Report;
  try {
    report = await sim.run(main, { ...replay.token, maxSteps, afterChoices: "run-on", detectRaces: true, detectLeaks: true, trace: true, stacks: true });
  } catch {
    return undefined;
  }
  if (report.outcome === "ok" && !report.leaks.length && !report.races.length && thrown() === undefined) return undefined;
  const judged = classify(report, thrown(), maxSteps);
  judged.schedule = replay.schedule;
  judged.report = report;
  return judged;
}

/**
 * judgeTest explores `body` as goroutine 1 under `limits` and, on the first failing schedule,
 * replays it with stacks and trace to build the result. It never throws for the body's sake.
 * `schedule`, if given, is called as each schedule (explored or replayed) starts.
 */
export async function judgeTest(body: () => unknown, limits: Limits, sim: Sim, schedule?: () => void): Promise<Judged> {
  let thrown: unknown;
  const main = async () => {
    schedule?.();
    try {
      await body();
    } catch (e) {
      thrown = e;
      throw e;
    }
  };
  if (limits.choices !== undefined) {
    const seed = limits.seed ?? DEFAULT_SEED;
    const report = await sim.run(main, { strategy: "manual", seed, schedule: [...limits.choices], afterChoices: "pause", maxSteps: limits.maxSteps, trace: true, stacks: true, detectRaces: true, detectLeaks: true });
    const clean = (report.outcome === "paused" || report.outcome === "ok") && !report.races.length && !report.leaks.length && thrown === undefined;
    const judged: Judged = clean ? { status: "pass" } : classify(report, thrown, limits.maxSteps);
    judged.schedule = { strategy: "manual", seed, runs: 1 };
    judged.report = report;
    return judged;
  }
  if (limits.replay !== undefined) {
    const replayed = await replaySchedule(main, limits.replay, limits.maxSteps, sim, () => thrown);
    if (replayed !== undefined) return replayed;
    thrown = undefined;
  }
  const opts: ExploreOptions = {
    runs: limits.runs,
    strategy: limits.strategy,
    seed: limits.seed ?? DEFAULT_SEED,
    maxSteps: limits.maxSteps,
    detectRaces: true,
    detectLeaks: true,
    ...(limits.depth !== undefined ? { depth: limits.depth } : {}),
    ...(limits.bound !== undefined ? { bound: limits.bound } : {}),
  };
  const explored = await sim.explore(main, opts);
  if (explored.ok) {
    const passed: Judged = { status: "pass" };
    if (!limits.profile && !limits.trace) return passed;
    // The first schedule again, profiled (what a learner reads to see where time goes) and, on
    // request, traced (what the timeline draws): one run serves both. Its token is explore's
    // first run's: pct's first estimate of the steps (50), a bounded search's bound 0.
    const first = {
      strategy: limits.strategy,
      seed: opts.seed ?? DEFAULT_SEED,
      ...(limits.strategy === "pct" ? { depth: limits.depth ?? 3, expectedSteps: 50 } : {}),
      ...(limits.strategy === "preemption-bounded" || limits.strategy === "delay-bounded" ? { bound: 0 } : {}),
    };
    const again = await sim.run(main, { ...first, maxSteps: opts.maxSteps, ...(limits.profile ? { profile: true } : {}), ...(limits.trace ? { trace: true, stacks: true } : {}) });
    if (limits.profile) passed.profile = again.profile;
    if (limits.trace) passed.passing = { schedule: { ...first, runs: 1 }, report: again };
    return passed;
  }
  const found = explored.failure;
  // The smallest schedule that fails the same way, which replays (and reads) more easily.
  let failure = found;
  let shrunk: Shrunk["stats"] | undefined;
  const shrinkRuns = limits.shrinkRuns ?? SHRINK_RUNS;
  if (sim.shrink !== undefined && shrinkRuns > 0) {
    try {
      const s = await sim.shrink(main, found, { maxRuns: shrinkRuns, stepBudget: SHRINK_STEPS });
      if (s.failure !== found) {
        failure = s.failure;
        shrunk = s.stats;
      }
    } catch {
      // a schedule that cannot be followed again is shown as found
    }
  }
  thrown = undefined;
  let report: Report;
  try {
    report = await sim.replay(failure, undefined, limits.traceFailures === false && !limits.trace ? { trace: false } : undefined);
  } catch {
    report = failure.report;
  }
  // A replay that does not reproduce the failure would hide it: fall back to explore's report.
  if (report.outcome === "ok" && !report.leaks.length && !report.races.length && thrown === undefined) {
    report = failure.report;
  }
  const judged = classify(report, thrown, limits.maxSteps);
  // The failure's token (what sim.run needs to run it again), less a systematic search's
  // decisions, which the report carries.
  const { schedule: _, ...token } = sim.tokenOf(failure);
  judged.schedule = { ...token, runs: found.run + 1 };
  if (shrunk !== undefined) {
    const { schedule: __, ...foundToken } = sim.tokenOf(found);
    judged.schedule.shrunk = shrunk;
    judged.schedule.found = foundToken;
  }
  judged.report = report;
  if (limits.contrast && sim.passing !== undefined) {
    try {
      const p = await sim.passing(main, found, { maxRuns: CONTRAST_RUNS });
      if (p !== null) {
        const { schedule: __, ...passToken } = p.token;
        const passReport = await sim.run(main, { ...p.token, trace: true, stacks: true });
        judged.passing = { schedule: { ...passToken, runs: p.tries }, report: passReport };
      }
    } catch {
      // no contrast, the verdict stands
    }
  }
  if (limits.profile) {
    try {
      judged.profile = (await sim.run(main, { ...sim.tokenOf(failure), schedule: failure.schedule, maxSteps: failure.maxSteps, profile: true })).profile;
    } catch {
      // a schedule that cannot be followed again has no profile; the verdict stands
    }
  }
  return judged;
}

/** Registered is one collected test. */
export interface Registered {
  /** name is the English name with its describe blocks: the test's identity in a Verdict */
  name: string;
  /** zh is the Chinese name with its describe blocks (an untranslated block keeps its English), when the test gives one */
  zh?: string;
  fn?: () => unknown;
  mode: "run" | "skip" | "only" | "todo";
}

type TestFn = (name: Text, fn?: () => unknown, _opts?: unknown) => void;
type GroupFn = (name: Text, fn: () => void) => void;

/** TestApi is the "vitest" module the hidden tests see in the sandbox. */
export interface TestApi {
  test: TestFn & { skip: TestFn; only: TestFn; todo: (name: Text) => void };
  it: TestApi["test"];
  describe: GroupFn & { skip: GroupFn; only: GroupFn };
  /** collected tests, in declaration order */
  readonly registered: Registered[];
}

/** checkedName returns a test's or block's name as given, or throws saying what a name may be. */
function checkedName(kind: string, name: unknown): Text {
  if (typeof name === "string" || isBilingual(name)) return name;
  throw new TypeError(`${kind} name must be a string or { en, zh } strings, received ${display(name)}`);
}

/**
 * createTestApi returns a fresh collector; names join describe blocks with " > ", as Vitest
 * prints them. A name may be `{ en, zh }`: the English is the test's name, the Chinese its `zh`.
 */
export function createTestApi(): TestApi {
  const registered: Registered[] = [];
  const scope: Text[] = [];
  let scopeMode: Registered["mode"] = "run";
  const add = (mode: Registered["mode"]): TestFn => (given, fn) => {
    const name = checkedName("test", given);
    if (mode !== "todo" && typeof fn !== "function") throw new TypeError(`test "${en(name)}" needs a function body, received ${display(fn)}`);
    const m = scopeMode === "skip" ? "skip" : scopeMode === "only" && mode === "run" ? "only" : mode;
    const t: Registered = { name: [...scope, name].map(en).join(" > "), fn, mode: m };
    if (zhOf(name) !== undefined) t.zh = [...scope, name].map((n) => zhOf(n) ?? en(n)).join(" > ");
    registered.push(t);
  };
  const group = (mode: Registered["mode"]) => (given: Text, fn: () => void) => {
    const outer = scopeMode;
    scope.push(checkedName("describe", given));
    if (mode !== "run") scopeMode = mode;
    try {
      fn();
    } finally {
      scope.pop();
      scopeMode = outer;
    }
  };
  const test = Object.assign(add("run"), { skip: add("skip"), only: add("only"), todo: (name: Text) => add("todo")(name) });
  const describe = Object.assign(group("run"), { skip: group("skip"), only: group("only") });
  return { test, it: test, describe, registered };
}

/** HarnessEvents receives progress while the tests run (the results panel's progress indicator). */
export interface HarnessEvents {
  testStart?(name: string, index: number, total: number): void;
  testEnd?(result: TestResult, index: number, total: number): void;
  /** schedule is called as each schedule of a test starts: the judge is making progress. */
  schedule?(): void;
}

/** now is a monotonic clock captured before any simulation virtualises time. */
const clock: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

/** toTestResult attaches the name, mapped stack and location to a judged test. */
export function toTestResult(name: string, j: Judged, mapper: StackMapper | undefined, durationMs: number, zhName?: string): TestResult {
  const r: TestResult = { name, status: j.status, durationMs };
  if (j.message !== undefined) r.message = mapper ? mapper.text(j.message) : j.message;
  const zhMessage = j.status === "fail" ? zhMessageOf(j.error) : undefined;
  if (zhName !== undefined || zhMessage !== undefined) {
    r.zh = {};
    if (zhName !== undefined) r.zh.name = zhName;
    if (zhMessage !== undefined) r.zh.message = clipText(mapper ? mapper.text(zhMessage) : zhMessage);
  }
  if (j.expected !== undefined) r.expected = j.expected;
  if (j.actual !== undefined) r.actual = j.actual;
  const stack = j.error instanceof Error && typeof j.error.stack === "string" ? j.error.stack : undefined;
  let location: Location | undefined;
  if (stack && mapper) {
    r.stack = mapper.stack(stack);
    location = mapper.locate(stack);
  }
  if (j.schedule) r.schedule = j.schedule;
  if (j.report) r.report = mapReport(j.report, mapper);
  if (j.profile) r.profile = j.profile.map((e) => ({ ...e, at: (mapper && mapper.frame(e.at)) || e.at }));
  if (j.passing) r.passing = { schedule: j.passing.schedule, report: mapReport(j.passing.report, mapper) };
  // A missing await is where the call lacking it was made, not where the next call found it pending.
  const notAwaited = r.message !== undefined ? /a missing await\? The pending .*? was called at (solution\.ts):(\d+):(\d+) without await/.exec(r.message) : null;
  if (notAwaited) location = { file: notAwaited[1]!, line: Number(notAwaited[2]), column: Number(notAwaited[3]) };
  // Else the first place the message or a detector's report names (a race's access, where a
  // goroutine of the dump blocked).
  if (!location && mapper) location = firstLocation([r.message ?? "", ...detectorReports(r).map((b) => b.text)].join("\n\n"));
  if (location) r.location = location;
  return r;
}

/** firstLocation finds the first `solution.ts:L:C` (else `hidden.test.ts:L:C`) in an already mapped text. */
export function firstLocation(text: string): Location | undefined {
  const m = /\b(solution\.ts):(\d+):(\d+)/.exec(text) ?? /\b(hidden\.test\.ts):(\d+):(\d+)/.exec(text);
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}

/**
 * mapReport copies gosync's report as plain JSON, mapping bundle positions and capping what may
 * be long: the trace (its last TRACE_LIMIT events, `traceDropped` adding the events left out to
 * those gosync left out), the schedule's decisions (the first SCHEDULE_LIMIT, `scheduleDropped`)
 * and, should a report come uncapped, its goroutines, leaks and races (the first LIST_LIMIT, with
 * `goroutinesTotal`, `leaksTotal`, `racesTotal`). Lists are cut before they are copied.
 * Frames in the bundle's own glue (link.ts's loader and helpers) are dropped from a goroutine's
 * `stack` and from dumps, and an `at` there moves to the first frame left.
 */
export function mapReport(report: Report, mapper: StackMapper | undefined): VerdictReport {
  // A trace says the same few things (its locations, its goroutines' states) over and over: each
  // text is mapped once.
  const mapped = new Map<string, string>();
  const text = (v: string): string => {
    let m = mapped.get(v);
    if (m === undefined) mapped.set(v, (m = mapper!.text(v)));
    return m;
  };
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return mapper ? text(v) : v;
    if (typeof v === "number" || typeof v === "boolean" || v === null) return v;
    if (typeof v === "bigint") return `${v}n`;
    if (depth > 12 || typeof v !== "object") return undefined;
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    const out: Record<string, unknown> = {};
    const o = v as Record<string, unknown>;
    const frames = mapper && Array.isArray(o.stack) && o.stack.every((f) => typeof f === "string") ? (o.stack as string[]) : undefined;
    const kept = frames?.flatMap((f) => mapper!.frame(f) ?? []);
    for (const [k, x] of Object.entries(v)) {
      const c = kept && k === "stack" ? kept : kept && k === "at" && typeof x === "string" ? (mapper!.frame(x) ?? kept[0]) : copy(x, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  };
  const capped: Report & Pick<VerdictReport, "scheduleDropped"> = { ...report };
  const dropped = (n: unknown) => (typeof n === "number" && Number.isFinite(n) && n > 0 ? n : 0);
  if (Array.isArray(report.trace) && report.trace.length > TRACE_LIMIT) {
    capped.trace = report.trace.slice(-TRACE_LIMIT);
    capped.traceDropped = dropped(report.traceDropped) + report.trace.length - TRACE_LIMIT;
  }
  if (Array.isArray(report.schedule) && report.schedule.length > SCHEDULE_LIMIT) {
    capped.schedule = report.schedule.slice(0, SCHEDULE_LIMIT);
    capped.scheduleDropped = report.schedule.length - SCHEDULE_LIMIT;
  }
  for (const [list, total] of [["goroutines", "goroutinesTotal"], ["leaks", "leaksTotal"], ["races", "racesTotal"]] as const) {
    const l = report[list];
    if (Array.isArray(l) && l.length > LIST_LIMIT) {
      (capped as unknown as Record<string, unknown>)[list] = l.slice(0, LIST_LIMIT);
      capped[total] = Math.max(dropped(report[total]), l.length);
    }
  }
  return copy(capped, 0) as VerdictReport;
}

/**
 * FreshTest loads the Run's files afresh and returns test i's body from that load, so that no
 * state of the learner's module survives from one test to the next; it throws what loading threw.
 */
export type FreshTest = (index: number) => (() => unknown) | undefined;

/**
 * runTests judges every registered test in declaration order (honouring .only/.skip/.todo)
 * and returns their results. A body's failure never stops the others. With a `shard`, only
 * that shard's tests are judged and returned (in order; events carry each test's index among
 * all of them); the hosts merge the shards' results. With `fresh`, every test after the first
 * judged one gets its body from a fresh load of the files: which tests a sandbox judged before
 * (its shard, which depends on the machine's cores and on timings) cannot change a verdict.
 */
export async function runTests(
  registered: readonly Registered[],
  limits: Limits,
  sim: Sim,
  mapper: StackMapper | undefined,
  events: HarnessEvents = {},
  shard?: Shard,
  fresh?: FreshTest,
): Promise<TestResult[]> {
  let pristine = true;
  const hasOnly = registered.some((t) => t.mode === "only");
  const results: TestResult[] = [];
  for (let i = 0; i < registered.length; i++) {
    if (!inShard(i, shard)) continue;
    const t = registered[i];
    const skipped = t.mode === "skip" || t.mode === "todo" || (hasOnly && t.mode !== "only") || !t.fn || (limits.only !== undefined && t.name !== limits.only);
    events.testStart?.(t.name, i, registered.length);
    const t0 = clock();
    let result: TestResult;
    if (skipped) {
      result = { name: t.name, status: "skipped", ...(t.zh !== undefined ? { zh: { name: t.zh } } : {}) };
    } else {
      let judged: Judged;
      let body: (() => unknown) | undefined = t.fn;
      let loadError: unknown;
      if (fresh !== undefined && !pristine) {
        try {
          body = fresh(i);
        } catch (e) {
          loadError = e;
        }
      }
      pristine = false;
      if (loadError !== undefined || body === undefined) {
        judged = {
          status: "error",
          message: loadError !== undefined
            ? `solution.ts threw while being loaded afresh for this test: ${errorText(loadError)}`
            : "the hidden tests declared other tests when loaded afresh for this test (expected the same tests on every load)",
          error: loadError,
        };
      } else {
        try {
          judged = await judgeTest(body, limits.replay !== undefined && limits.replay.test !== t.name ? { ...limits, replay: undefined } : limits, sim, events.schedule);
        } catch (e) {
          judged = { status: "error", message: `the simulator failed while judging this test: ${errorText(e)}`, error: e };
        }
      }
      try {
        result = toTestResult(t.name, judged, mapper, Math.max(0, clock() - t0), t.zh);
      } catch (e) {
        // The thrown value's stack or fields are the program's: a getter there may throw. This
        // test's result says so; the other tests' results stand.
        result = { name: t.name, status: judged.status === "pass" ? "error" : judged.status, durationMs: Math.max(0, clock() - t0), message: `${typeof judged.message === "string" ? `${clipText(judged.message)}\n\n` : ""}(the thrown value could not be read: ${errorText(e)})` };
      }
    }
    results.push(result);
    events.testEnd?.(result, i, registered.length);
  }
  return results;
}
