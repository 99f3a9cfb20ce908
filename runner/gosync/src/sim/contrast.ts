/**
 * contrast.ts — a passing schedule beside a failing one: what the same test does when the
 * interleaving is kind, for a reader comparing the two timelines.
 *
 * It tries, in order and within `maxRuns` runs: the schedule without any preemption (each
 * goroutine runs until it blocks or ends — the "sequential" reading most programs are written
 * for), then the failure's own choices cut short at each of its preemptions, the latest first
 * (the run goes on without preempting from there: the passing schedule closest to the failing
 * one), then random schedules from the failure's seed on. The first run that does not fail is
 * returned as a manual token (its choice list replays it). Bounded by runs, not time: the answer
 * is a function of the program.
 */
import { failed, type Report } from "./report.ts";
import { ManualStrategy } from "./manual.ts";
import { makeStrategy } from "./strategies.ts";
import { runLike, type Failure } from "./explore.ts";
import type { ScheduleToken } from "./schema.ts";
import { copyOf } from "../arrays.ts";

/** PassingOptions bounds the search. */
export interface PassingOptions {
  /** the most runs to try (default 20) */
  maxRuns?: number;
}

/** Passing is a passing schedule's token (sim.run(main, token) replays it) and its report, or null when none was found. */
export type Passing = { token: ScheduleToken; report: Report; tries: number } | null;

/** passing looks for a schedule of the failing test that passes (see the file comment). */
export async function passing(main: () => unknown, failure: Failure, opts: PassingOptions = {}): Promise<Passing> {
  const maxRuns = opts.maxRuns ?? 20;
  const countLeaks = failure.detectLeaks && !failure.mainExits;
  let tries = 0;
  const once = async (strategy: ManualStrategy | ReturnType<typeof makeStrategy>, seed: number): Promise<Report | null> => {
    tries++;
    const r = await runLike(main, failure, strategy, seed);
    return failed(r, countLeaks) ? null : r;
  };
  const token = (r: Report, seed: number): ScheduleToken => {
    const t: ScheduleToken = { strategy: "manual", seed, schedule: copyOf(r.schedule) };
    if (failure.maxSteps !== 100_000) t.maxSteps = failure.maxSteps;
    if (failure.mainExits) t.mainExits = true;
    return t;
  };
  // 1. no preemption at all
  const calm = await once(new ManualStrategy([], { afterChoices: "run-on" }), failure.seed);
  if (calm !== null) return { token: token(calm, failure.seed), report: calm, tries };
  // 2. the failing choices, cut at each preemption, the latest first
  const probe = new ManualStrategy(failure.schedule, { lenient: true, afterChoices: "run-on" });
  await once(probe, failure.seed);
  for (let i = probe.preempted.length - 1; i >= 0 && tries < maxRuns; i--) {
    const r = await once(new ManualStrategy(failure.schedule.slice(0, probe.preempted[i].index), { lenient: true, afterChoices: "run-on" }), failure.seed);
    if (r !== null) return { token: token(r, failure.seed), report: r, tries };
  }
  // 3. random schedules
  for (let seed = failure.seed; tries < maxRuns; seed++) {
    const r = await once(makeStrategy({ strategy: "random", seed }), seed);
    if (r !== null) return { token: token(r, seed), report: r, tries };
  }
  return null;
}
