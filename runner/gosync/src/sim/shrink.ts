/**
 * shrink.ts — the smallest failing schedule: given a failure exploration found, look for a
 * schedule that fails the same way with the fewest preemptions, then the fewest steps, as dejafu
 * and Shuttle shrink a failing trace before showing it. A random or pct failure typically
 * switches goroutines at most of its decision points; the bug needs one or two of those switches.
 *
 * Candidates are edited choice lists run under the manual strategy, leniently (a choice that no
 * longer fits takes the run-on option) and running on without preemptions past the list, so every
 * candidate is a whole run whose own schedule (recorded by the simulator) replays it exactly:
 *
 *  1. bound 0: the run without preemptions. Code that fails whatever the schedule (a starter, a
 *     missing lock whose race any interleaving shows) fails there, and no schedule has fewer
 *     preemptions: only ddmin's largest cuts are tried after it (step 5, ZERO_DDMIN_RUNS);
 *  2. cut: the list up to each preemption in turn, the earliest first — the run then goes on
 *     without preempting, so the first cut that still fails keeps only the preemptions before it;
 *  3. if more than one is left: preemption bounding with bound 1, as a sweep — the run without
 *     preemptions with one switch to another runnable goroutine at its first decision point, its
 *     second… until one fails the same way (most bugs need one or two preemptions; a random
 *     schedule has dozens; bugs in a test tend to sit early in its run);
 *  4. drop each remaining preemption: its choice becomes the goroutine that could have gone on;
 *  5. delta debugging (Zeller's ddmin, as dejafu's simplification does by removing parts of the
 *     trace): remove chunks of the list, halves first, then quarters… down to single choices.
 *
 * A candidate is kept when it fails the same way (`same`: by default the same outcome, the same
 * set of raced locations, leaks or none, and the same message for a panic or fatal error) and is
 * smaller: fewer preemptions, or as many and fewer steps. Shrinking is bounded by a number of runs
 * (`maxRuns`) and of steps in all (`stepBudget`), not by time, so a verdict stays a function of
 * the code, not of the machine. A failure at the step limit or a foreign wait is not shrunk.
 */
import { failed, type Report } from "./report.ts";
import { ManualStrategy } from "./manual.ts";
import type { Strategy } from "./strategies.ts";
import { MAIN, runLike, type Failure } from "./explore.ts";
import type { ShrinkStats } from "./schema.ts";
import { copyOf } from "../arrays.ts";
import { defineProperty } from "../commons.ts";

/** ShrinkOptions bounds shrinking. */
export interface ShrinkOptions {
  /** the most runs shrinking may spend (default 150) */
  maxRuns?: number;
  /**
   * the most scheduling steps its runs may take in all (default 20,000): what a run costs grows
   * with its steps, so this bounds the time a long failing test spends shrinking
   */
  stepBudget?: number;
  /** whether a candidate's report fails the same way as the found one (default sameFailure) */
  same?: (found: Report, candidate: Report) => boolean;
}

/** Shrunk is a shrunk failure (strategy manual: its schedule is the choice list) and what shrinking did. */
export interface Shrunk {
  failure: Failure;
  stats: ShrinkStats;
}

/** sameFailure tells whether two reports fail the same way: outcome, raced locations, leaks, and a panic's or fatal error's message. */
export function sameFailure(a: Report, b: Report): boolean {
  if (a.outcome !== b.outcome) return false;
  if ((a.outcome === "panic" || a.outcome === "fatal") && a.message !== b.message) return false;
  if ((a.leaks.length > 0) !== (b.leaks.length > 0)) return false;
  if (a.races.length !== b.races.length && (a.races.length === 0 || b.races.length === 0)) return false;
  const addrs = (r: Report): string => {
    const s: string[] = [];
    for (let i = 0; i < r.races.length; i++) s[i] = r.races[i].addr;
    return s.sort().join("\n");
  };
  return addrs(a) === addrs(b);
}

/**
 * ZERO_DDMIN_RUNS bounds ddmin's runs when the run without preemptions fails: its steps are what
 * the program takes to fail with no goroutine preempted, which removing choices rarely shortens
 * (scripts/bench-shrink.ts over every starter and wrong/ variant: one schedule of 356 came out a step
 * longer for it), so only a few of its largest cuts are tried.
 */
const ZERO_DDMIN_RUNS = 4;

/** Candidate is one run of an edited choice list: its recorded schedule, preemptions and report. */
interface Candidate {
  schedule: number[];
  preempted: Array<{ index: number; last: number }>;
  steps: number;
  report: Report;
}

/**
 * shrink looks for the smallest schedule that fails as `failure` did (see the file comment) and
 * returns it as a failure of strategy "manual" (`sim.tokenOf` gives its token, `sim.replay` runs
 * it) with what it did: steps and preemptions before and after, runs spent. When nothing smaller
 * fails the same way, or the found schedule cannot be followed again, the failure comes back as
 * it was (the same object), with equal figures.
 */
export async function shrink(main: () => unknown, failure: Failure, opts: ShrinkOptions = {}): Promise<Shrunk> {
  const maxRuns = opts.maxRuns ?? 150;
  const stepBudget = opts.stepBudget ?? 20_000;
  const same = opts.same ?? sameFailure;
  const countLeaks = failure.detectLeaks && !failure.mainExits;
  let tries = 0;
  let spent = 0;
  /** room tells whether the budget allows another run, expecting it to take as many steps as the found one */
  const room = (): boolean => tries < maxRuns && spent + failure.report.steps <= stepBudget;
  const runWith = async (strategy: Strategy): Promise<Report> => {
    tries++;
    const r = await runLike(main, failure, strategy, failure.seed);
    spent += r.steps;
    return r;
  };
  const attempt = async (choices: readonly number[]): Promise<Candidate | null> => {
    const m = new ManualStrategy(choices, { lenient: true, afterChoices: "run-on" });
    const report = await runWith(m);
    if (!failed(report, countLeaks) || !same(failure.report, report)) return null;
    return { schedule: copyOf(report.schedule), preempted: copyOf(m.preempted), steps: report.steps, report };
  };
  const found = failure.report;
  // A run stopped by the step limit or a foreign wait has no smaller schedule worth its cost.
  if (found.outcome === "step-limit" || found.outcome === "foreign-wait" || found.outcome === "paused") {
    return { failure, stats: { fromSteps: found.steps, toSteps: found.steps, fromPreemptions: 0, preemptions: 0, tries } };
  }
  // The found schedule itself, as a manual run: it counts its preemptions (and checks it replays).
  const first = await attempt(failure.schedule);
  if (first === null) {
    return { failure, stats: { fromSteps: found.steps, toSteps: found.steps, fromPreemptions: 0, preemptions: 0, tries } };
  }
  let best = first;
  const better = (c: Candidate | null): c is Candidate =>
    c !== null && (c.preempted.length < best.preempted.length || (c.preempted.length === best.preempted.length && c.steps < best.steps));

  // 1. bound 0: the run without preemptions
  const calm = new ManualStrategy([], { afterChoices: "run-on", record: true });
  let base: Report | null = null;
  if (best.preempted.length > 0 && room()) {
    base = await runWith(calm);
    // run-on never preempts: its own schedule is a candidate as it stands
    if (failed(base, countLeaks) && same(found, base)) best = { schedule: copyOf(base.schedule), preempted: [], steps: base.steps, report: base };
  }
  // 2. cut at each preemption, the earliest first
  for (let i = 0; i < best.preempted.length && room(); i++) {
    const c = await attempt(best.schedule.slice(0, best.preempted[i].index));
    if (better(c)) {
      best = c;
      break;
    }
  }
  // 3. a sweep of one switch over the run without preemptions, with half the runs left at most
  if (base !== null && best.preempted.length > 1 && room()) {
    const boundedRuns = tries + ((maxRuns - tries) >> 1);
    const boundedSteps = spent + ((stepBudget - spent) >> 1);
    sweep: for (let k = 0; k < base.schedule.length && best.preempted.length > 1 && tries < boundedRuns && spent + failure.report.steps <= boundedSteps; k++) {
      const ids = calm.offered[k];
      for (let j = 0; ids !== undefined && j < ids.length && tries < boundedRuns && spent + failure.report.steps <= boundedSteps; j++) {
        if (ids[j] === base.schedule[k]) continue;
        const list = base.schedule.slice(0, k);
        list[k] = ids[j];
        const c = await attempt(list);
        if (better(c)) {
          best = c;
          break sweep;
        }
      }
    }
  }
  // 4. drop each preemption left: the goroutine that could go on runs instead
  for (let i = best.preempted.length - 1; i >= 0 && room(); i--) {
    if (i >= best.preempted.length) continue;
    const p = best.preempted[i];
    const list = copyOf(best.schedule);
    list[p.index] = p.last;
    const c = await attempt(list);
    if (better(c)) best = c;
  }
  // 5. ddmin: remove chunks of the choice list, larger ones first (a few only at no preemption)
  const ddminEnd = best.preempted.length === 0 ? tries + ZERO_DDMIN_RUNS : maxRuns;
  for (let size = best.schedule.length >> 1; size >= 1 && room() && tries < ddminEnd; size >>= 1) {
    for (let start = 0; start < best.schedule.length && room() && tries < ddminEnd; ) {
      const list = best.schedule.slice(0, start).concat(best.schedule.slice(start + size));
      const c = await attempt(list);
      if (better(c)) best = c;
      else start += size;
    }
  }

  const stats: ShrinkStats = { fromSteps: found.steps, toSteps: best.steps, fromPreemptions: first.preempted.length, preemptions: best.preempted.length, tries };
  // Nothing smaller: the failure as found, whose token is the strategy's own.
  if (best === first) return { failure, stats };
  const shrunk: Failure = {
    seed: failure.seed,
    strategy: "manual",
    schedule: best.schedule,
    maxSteps: failure.maxSteps,
    detectRaces: failure.detectRaces,
    detectLeaks: failure.detectLeaks,
    run: failure.run,
    report: best.report,
  };
  if (failure.mainExits) shrunk.mainExits = true;
  defineProperty(shrunk, MAIN, { value: main, enumerable: false });
  return { failure: shrunk, stats };
}
