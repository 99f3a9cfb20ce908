/**
 * gosync/sim — the deterministic simulator (Go's testing/synctest is the model).
 *
 * `run(main, opts)` runs main as goroutine 1 in a fresh world and reports how it ended;
 * `explore(main, { runs, strategy, seed })` tries many schedules and returns the first failure;
 * `replay(failure)` reproduces that failure with stacks and the event trace (`{ trace: false }`
 * leaves the trace out); `shrink(main, failure)` finds the smallest schedule that fails the same way, `passing(main, failure)` one that passes;
 * `stepper(main)` lets a caller be the scheduler (the manual strategy), one decision at a time.
 * `isTracked(value)` and `trackedAccesses()` let a test check that state lives in shared(), where
 * the race detector sees it (see shared.ts).
 *
 * When main returns. A Go program ends when main returns, whatever its other goroutines are
 * doing. The simulator follows `testing/synctest` instead: after main returns it lets every
 * goroutine that can still run finish (virtual time stands still), then ends the run; the
 * goroutines still blocked then are the leaks. That is what leak detection needs, but it also
 * runs work a Go program would never have run. The report therefore records where main
 * returned (`mainReturnedAtStep`, `mainReturnedAtMs`; absent if it never did), and trace
 * events after that point carry `afterMain: true`. A caller that wants Go's program semantics
 * — output stops when main returns, as the chapter examples' `// Output:` checker does — cuts
 * there; one that wants test semantics keeps everything.
 */
export { run, explore, replay, tokenOf } from "./explore.ts";
export type { RunOptions, ExploreOptions, ExploreResult, Failure, ReplayOptions } from "./explore.ts";
export { shrink, sameFailure } from "./shrink.ts";
export type { ShrinkOptions, Shrunk } from "./shrink.ts";
export { passing } from "./contrast.ts";
export type { PassingOptions, Passing } from "./contrast.ts";
export { stepper, Stepper } from "./stepper.ts";
export type { StepperOptions, StepState } from "./stepper.ts";
export type { Decide } from "./manual.ts";
export type { Report, Outcome, GoroutineInfo } from "./report.ts";
export type { BlockProfileEntry, DecisionOption, DecisionPoint, ExploreStrategy, RunStrategy, ScheduleToken, ShrinkStats } from "./schema.ts";
export { failed, summary, DEADLOCK } from "./report.ts";
export type { RaceReport, RaceAccess } from "./race.ts";
export type { TraceEvent, WaitReason } from "../runtime.ts";
export { EPOCH } from "./scheduler.ts";
export { isTracked, recordTracked, sharedTarget, trackedAccesses, trackedAccessesOf } from "../shared.ts";
export type { TrackedAccesses, TrackedAccessesOf, TrackedAddresses } from "../shared.ts";
export { virtualGlobals, reseedOutsideRuns } from "./virtual.ts";
export { refuseOutsideRuns } from "../runtime.ts";
export { isGosyncObject } from "../sync-object.ts";
export type { VirtualGlobals } from "./virtual.ts";
