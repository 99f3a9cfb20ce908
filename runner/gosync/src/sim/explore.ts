/**
 * explore.ts — the simulator's public face: run one schedule, explore many, replay one.
 *
 * Exploration runs without stack capture or trace (the fast path); the first failing
 * schedule is returned with its seed, strategy and recorded decisions, and `replay` runs it
 * again decision for decision with stacks and the event trace on, to build the report and
 * the timeline.
 */
import { Sim } from "./scheduler.ts";
import { failed, type Report } from "./report.ts";
import { ExhaustiveStrategy, ReplayStrategy, makeStrategy, type Strategy } from "./strategies.ts";
import { defineProperty, max, promiseReject } from "../commons.ts";

/** RunOptions configures sim.run. */
export interface RunOptions {
  /** seed of the strategy and of the virtual Math.random (default 1) */
  seed?: number;
  /** scheduling strategy (default "random") */
  strategy?: "random" | "pct" | "exhaustive";
  /** pct's depth d (default 3) */
  depth?: number;
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
  /** exhaustive: the decision prefix to follow */
  prefix?: number[];
  /** follow this recorded schedule instead of asking a strategy (what replay uses) */
  schedule?: number[];
}

/** Failure is what explore returns for the first failing schedule (plain JSON). */
export interface Failure {
  seed: number;
  strategy: "random" | "pct" | "exhaustive";
  depth?: number;
  schedule: number[];
  maxSteps: number;
  detectRaces: boolean;
  detectLeaks: boolean;
  /** index of the failing run within the exploration */
  run: number;
  report: Report;
}

/** ExploreOptions configures sim.explore. */
export interface ExploreOptions extends Omit<RunOptions, "seed" | "trace" | "stacks" | "prefix" | "schedule"> {
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
  const strategy: Strategy = opts.schedule !== undefined ? new ReplayStrategy(opts.schedule) : makeStrategy(opts);
  const sim = new Sim({
    seed,
    strategy,
    maxSteps: opts.maxSteps ?? DEFAULT_MAX_STEPS,
    detectRaces: opts.detectRaces ?? true,
    detectLeaks: opts.detectLeaks ?? true,
    stacks: opts.stacks ?? false,
    trace: opts.trace ?? false,
  });
  return sim.start(main);
}

/** explore runs main under up to `runs` schedules and stops at the first failure. */
export async function explore(main: () => unknown, opts: ExploreOptions = {}): Promise<ExploreResult> {
  const runs = opts.runs ?? 100;
  const base = opts.seed ?? 1;
  const strategy = opts.strategy ?? "random";
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const detectRaces = opts.detectRaces ?? true;
  const detectLeaks = opts.detectLeaks ?? true;
  let prefix: number[] | null = [];
  let expectedSteps = 50;
  for (let i = 0; i < runs; i++) {
    const seed = strategy === "exhaustive" ? base : base + i;
    const exh: ExhaustiveStrategy | null = strategy === "exhaustive" ? new ExhaustiveStrategy(prefix ?? []) : null;
    const sim = new Sim({
      seed,
      strategy: exh ?? makeStrategy({ strategy, seed, depth: opts.depth, expectedSteps }),
      maxSteps,
      detectRaces,
      detectLeaks,
      stacks: false,
      trace: false,
    });
    const report = await sim.start(main);
    if (failed(report, detectLeaks)) {
      const failure: Failure = { seed, strategy, schedule: report.schedule, maxSteps, detectRaces, detectLeaks, run: i, report };
      if (opts.depth !== undefined) failure.depth = opts.depth;
      defineProperty(failure, MAIN, { value: main, enumerable: false });
      return { ok: false, failure };
    }
    expectedSteps = max(expectedSteps, report.steps);
    if (exh !== null) {
      prefix = exh.next();
      if (prefix === null) return { ok: true, runs: i + 1 };
    }
  }
  return { ok: true, runs };
}

/**
 * replay runs a failure's schedule again, decision for decision, with stacks and the trace on.
 * `main` is the program explored; it may be left out for a failure returned by explore in this
 * process (explore keeps a non-enumerable reference to it, so the failure stays plain JSON).
 */
export function replay(failure: Failure, main?: () => unknown): Promise<Report> {
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
    stacks: true,
    trace: true,
  }).then((r) => {
    r.strategy = failure.strategy;
    return r;
  });
}

const MAIN = Symbol("gosync.main");
