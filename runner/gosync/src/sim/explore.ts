/**
 * explore.ts — the simulator's public face: run one schedule, explore many, replay one.
 *
 * Exploration runs without stack capture, trace or the frames of Errors (the fast path); the first failing
 * schedule is returned with its seed, strategy and recorded decisions, and `replay` runs it
 * again decision for decision with stacks and the event trace on, to build the report and
 * the timeline.
 */
import { Sim } from "./scheduler.ts";
import { failed, type Report } from "./report.ts";
import { ExhaustiveStrategy, ReplayStrategy, makeStrategy, type Strategy } from "./strategies.ts";
import { BoundedStrategy } from "./bounded.ts";
import type { ExploreStrategy, RunStrategy, ScheduleToken } from "./schema.ts";
import { ManualStrategy, type Decide } from "./manual.ts";
import { Coverage, Recording } from "./coverage.ts";
import { drewRandom } from "./virtual.ts";
import { withoutErrorStacks } from "./stack.ts";
import { defineProperty, max, promiseReject } from "../commons.ts";

/** RunOptions configures sim.run. */
export interface RunOptions {
  /** seed of the strategy and of the virtual Math.random (default 1) */
  seed?: number;
  /** scheduling strategy (default "random"); "manual" follows `schedule` as a choice list, then `decide` or `afterChoices` */
  strategy?: RunStrategy;
  /** pct's depth d (default 3) */
  depth?: number;
  /**
   * pct's estimate of the decision points in a run, over which its change points are drawn
   * (default 200; explore adapts it from the runs before, and records it in a failure)
   */
  expectedSteps?: number;
  /**
   * preemption-bounded, delay-bounded: the most preemptions or delays the run may spend (default
   * 2); for explore, the highest bound its iterative bounding tries (default: no limit but runs)
   */
  bound?: number;
  /**
   * end the run when main returns, as a Go program ends (default false: like synctest, let the
   * goroutines that can still run finish, and list those still blocked as leaks)
   */
  mainExits?: boolean;
  /** scheduling points before the run is stopped as "step-limit" (default 100000) */
  maxSteps?: number;
  /** track shared() accesses with vector clocks (default true) */
  detectRaces?: boolean;
  /** list goroutines alive when main returns (default true; explore counts them as failures) */
  detectLeaks?: boolean;
  /** record the event trace (default false) */
  trace?: boolean;
  /** capture stack locations at blocking points and accesses (default false) */
  stacks?: boolean;
  /** with stacks, capture where each shared() access is, which a race report shows (default true) */
  accessStacks?: boolean;
  /**
   * record the blocking profile (default false): per synchronisation object and call site, how
   * often goroutines blocked and for how long in virtual time, as Go's block profile counts it;
   * the report's `profile` lists it, the most time first
   */
  profile?: boolean;
  /** exhaustive and the bounded searches: the decision prefix to follow (option indices) */
  prefix?: number[];
  /**
   * follow this recorded schedule instead of asking a strategy (what replay uses); with strategy
   * "manual", the choice list: goroutine ids at picks, case indices at a select's choice
   */
  schedule?: number[];
  /**
   * manual: asked at each decision point past the choice list, with the runnable goroutines and
   * what each would do next; returns a goroutine id (or a select's case index). Synchronous: a
   * page that waits for a click steps with `sim.stepper` instead.
   */
  decide?: Decide;
  /**
   * manual, without decide: past the choice list, "pause" (default) ends the run as `paused` at
   * the next decision point, described in the report's `decision`; "run-on" goes on without
   * preempting anyone (the goroutine that ran last keeps running while it can)
   */
  afterChoices?: "pause" | "run-on";
}

/**
 * Failure is what explore returns for the first failing schedule (plain JSON). Its strategy,
 * seed, depth, expectedSteps, bound, maxSteps and mainExits are what `sim.run` needs to run the
 * same schedule again (`tokenOf(failure)`); its schedule is the decisions, which replay follows.
 */
export interface Failure {
  seed: number;
  /** the strategy that found it; "manual" for a shrunk failure, whose schedule is the choice list */
  strategy: RunStrategy;
  depth?: number;
  /** pct: the estimate of decision points its change points were drawn over in the failing run */
  expectedSteps?: number;
  /** the bounded searches: the bound the failure was found at */
  bound?: number;
  /** the run ended when main returned (Go's program semantics) */
  mainExits?: boolean;
  schedule: number[];
  maxSteps: number;
  detectRaces: boolean;
  detectLeaks: boolean;
  /** index of the failing run within the exploration */
  run: number;
  report: Report;
}

/**
 * runLike runs main once more as the failure's run was configured (step limit, detectors, when
 * the run ends) under another strategy and seed, untraced: how sim.shrink and sim.passing try
 * other schedules of the same failing program.
 */
export function runLike(main: () => unknown, failure: Failure, strategy: Strategy, seed: number): Promise<Report> {
  const sim = new Sim({
    seed,
    strategy,
    maxSteps: failure.maxSteps,
    detectRaces: failure.detectRaces,
    detectLeaks: failure.detectLeaks,
    mainExits: failure.mainExits ?? false,
    stacks: false,
    trace: false,
    profile: false,
  });
  return sim.start(main);
}

/** ExploreOptions configures sim.explore. */
export interface ExploreOptions extends Omit<RunOptions, "seed" | "strategy" | "trace" | "stacks" | "profile" | "prefix" | "schedule" | "decide" | "afterChoices"> {
  /** scheduling strategy (default "random") */
  strategy?: ExploreStrategy;
  /** how many schedules to try (default 100) */
  runs?: number;
  /** base seed: run i uses seed + i (default 1) */
  seed?: number;
}

export type ExploreResult = { ok: true; runs: number } | { ok: false; failure: Failure };

const DEFAULT_MAX_STEPS = 100_000;

/** run runs main once as goroutine 1 of a fresh simulated world and reports how it ended. */
export function run(main: () => unknown, opts: RunOptions = {}): Promise<Report> {
  const seed = opts.seed ?? 1;
  // A token of a systematic search carries its run's decisions: follow them. A manual run's
  // schedule is its choice list, which it may outrun (decide, pause or run on).
  const strategy: Strategy =
    opts.strategy === "manual"
      ? new ManualStrategy(opts.schedule ?? opts.prefix ?? [], { decide: opts.decide, afterChoices: opts.afterChoices })
      : opts.schedule !== undefined
        ? new ReplayStrategy(opts.schedule)
        : makeStrategy(opts);
  const sim = new Sim({
    seed,
    strategy,
    maxSteps: opts.maxSteps ?? DEFAULT_MAX_STEPS,
    detectRaces: opts.detectRaces ?? true,
    detectLeaks: opts.detectLeaks ?? true,
    mainExits: opts.mainExits ?? false,
    stacks: opts.stacks ?? false,
    accessStacks: opts.accessStacks ?? true,
    trace: opts.trace ?? false,
    profile: opts.profile ?? false,
  });
  return sim.start(main);
}

/**
 * tokenOf is a failure's replayable token: `sim.run(main, tokenOf(failure))` runs the failing
 * schedule again, decision for decision (for a systematic search, through its schedule).
 */
export function tokenOf(failure: Failure): ScheduleToken {
  const t: ScheduleToken = { strategy: failure.strategy, seed: failure.seed };
  if (failure.depth !== undefined) t.depth = failure.depth;
  if (failure.expectedSteps !== undefined) t.expectedSteps = failure.expectedSteps;
  if (failure.bound !== undefined) t.bound = failure.bound;
  if (failure.strategy === "exhaustive" || failure.strategy === "manual" || failure.bound !== undefined) t.schedule = failure.schedule;
  if (failure.maxSteps !== DEFAULT_MAX_STEPS) t.maxSteps = failure.maxSteps;
  if (failure.mainExits) t.mainExits = true;
  return t;
}

/**
 * explore runs main under up to `runs` schedules and stops at the first failure.
 *
 * random and pct take seed, seed + 1…; pct draws its change points over an estimate of the
 * decision points of a run, the most any run so far had (50 at first), and the failure records
 * the estimate its run used, so that `sim.run` with its token reproduces it. Both stop early,
 * passing, once their runs have taken every option of every decision point they met (coverage.ts:
 * a program with no decision to make has one schedule, and is run once). exhaustive walks
 * the whole tree depth first; the bounded searches walk every schedule within bound 0, then 1,
 * then 2… (iterative bounding), and stop early when a bound left nothing out. An Error made in
 * its runs has no frames in its stack (withoutErrorStacks, stack.ts): replay's has them.
 */
export function explore(main: () => unknown, opts: ExploreOptions = {}): Promise<ExploreResult> {
  return withoutErrorStacks(() => exploreRuns(main, opts));
}

/** exploreRuns is explore's search. */
async function exploreRuns(main: () => unknown, opts: ExploreOptions): Promise<ExploreResult> {
  const runs = opts.runs ?? 100;
  const base = opts.seed ?? 1;
  const strategy = opts.strategy ?? "random";
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const detectRaces = opts.detectRaces ?? true;
  const detectLeaks = opts.detectLeaks ?? true;
  const mainExits = opts.mainExits ?? false;
  const bounded = strategy === "preemption-bounded" || strategy === "delay-bounded";
  const systematic = bounded || strategy === "exhaustive";
  let prefix: number[] | null = [];
  let expectedSteps = opts.expectedSteps ?? 50;
  /** bound is the bounded searches' current bound; cut whether some run of it was kept from an option */
  let bound = 0;
  let cut = false;
  const coverage = systematic ? null : new Coverage(runs);
  for (let i = 0; i < runs; i++) {
    const seed = systematic ? base : base + i;
    const exh: ExhaustiveStrategy | null = strategy === "exhaustive" ? new ExhaustiveStrategy(prefix ?? []) : null;
    const bnd: BoundedStrategy | null = bounded ? new BoundedStrategy(strategy === "preemption-bounded" ? "preemption" : "delay", bound, prefix ?? []) : null;
    const rec = coverage !== null && !coverage.off ? new Recording(makeStrategy({ strategy, seed, depth: opts.depth, expectedSteps })) : null;
    const sim = new Sim({
      seed,
      strategy: exh ?? bnd ?? rec ?? makeStrategy({ strategy, seed, depth: opts.depth, expectedSteps }),
      maxSteps,
      detectRaces,
      detectLeaks,
      mainExits,
      stacks: false,
      trace: false,
      profile: false,
    });
    const report = await sim.start(main);
    if (failed(report, detectLeaks && !mainExits)) {
      const failure: Failure = { seed, strategy, schedule: report.schedule, maxSteps, detectRaces, detectLeaks, run: i, report };
      if (strategy === "pct") {
        failure.depth = opts.depth ?? 3;
        failure.expectedSteps = expectedSteps;
      } else if (opts.depth !== undefined) failure.depth = opts.depth;
      if (bounded) failure.bound = bound;
      if (mainExits) failure.mainExits = true;
      defineProperty(failure, MAIN, { value: main, enumerable: false });
      return { ok: false, failure };
    }
    if (opts.expectedSteps === undefined) expectedSteps = max(expectedSteps, report.schedule.length);
    if (rec !== null && coverage!.add(rec.choices, rec.options, drewRandom())) return { ok: true, runs: i + 1 };
    if (exh !== null) {
      prefix = exh.next();
      if (prefix === null) return { ok: true, runs: i + 1 };
    }
    if (bnd !== null) {
      cut ||= bnd.cut;
      prefix = bnd.next();
      if (prefix === null) {
        // This bound is exhausted: if it kept no run from any option, so is the whole tree; the
        // caller's highest bound ends the search too.
        if (!cut || (opts.bound !== undefined && bound >= opts.bound)) return { ok: true, runs: i + 1 };
        bound++;
        cut = false;
        prefix = [];
      }
    }
  }
  return { ok: true, runs };
}

/** ReplayOptions adjust what replay records. */
export interface ReplayOptions {
  /**
   * trace: record the event trace (true unless set). Off, the report has the same outcome,
   * stacks and detectors' findings, without `trace`: a judge that shows a trace only on request
   * skips its cost (judging build-waitgroup's starter, seven failures replayed: 23 → 18 ms).
   */
  trace?: boolean;
}

/**
 * replay runs a failure's schedule again, decision for decision, with stacks and the trace on
 * (where shared() accesses are made only when the failure has a race: its report shows them,
 * and no other report does); `opts.trace: false` leaves the trace out.
 * `main` is the program explored; it may be left out for a failure returned by explore in this
 * process (explore keeps a non-enumerable reference to it, so the failure stays plain JSON).
 */
export function replay(failure: Failure, main?: () => unknown, opts?: ReplayOptions): Promise<Report> {
  const m = main ?? (failure as unknown as { [MAIN]?: () => unknown })[MAIN];
  if (m === undefined) {
    return promiseReject(new Error("gosync/sim: replay(failure) needs the program: pass it as replay(failure, main) for a failure that came from JSON"));
  }
  return run(m, {
    seed: failure.seed,
    schedule: failure.schedule,
    maxSteps: failure.maxSteps,
    detectRaces: failure.detectRaces,
    detectLeaks: failure.detectLeaks,
    mainExits: failure.mainExits,
    stacks: true,
    accessStacks: failure.report.races.length > 0,
    trace: opts?.trace !== false,
  }).then((r) => {
    r.strategy = failure.strategy;
    return r;
  });
}

/** MAIN keys the program a failure came from (non-enumerable, so a failure stays plain JSON). */
export const MAIN = Symbol("gosync.main");
