/**
 * gosync/sim — the deterministic simulator (Go's testing/synctest is the model).
 *
 * `run(main, opts)` runs main as goroutine 1 in a fresh world and reports how it ended;
 * `explore(main, { runs, strategy, seed })` tries many schedules and returns the first failure;
 * `replay(failure)` reproduces that failure with stacks and the event trace.
 */
export { run, explore, replay } from "./explore.ts";
export type { RunOptions, ExploreOptions, ExploreResult, Failure } from "./explore.ts";
export type { Report, Outcome, GoroutineInfo } from "./report.ts";
export { failed, summary, DEADLOCK } from "./report.ts";
export type { RaceReport, RaceAccess } from "./race.ts";
export type { TraceEvent, WaitReason } from "../runtime.ts";
export { EPOCH } from "./scheduler.ts";
