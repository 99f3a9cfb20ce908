/**
 * support.ts — helpers for gosync's specs and conformance suite.
 *
 *  - `onSim(main)` runs a test body as goroutine 1 of a simulation on 20 base seeds and fails
 *    with what happened, got/want and the seed to replay, unless every run ends "ok" with no
 *    race and no leak. GOSYNC_SEEDS=<n> moves the base seed (the suite must pass for any).
 *  - `simRuns(main, check)` runs the same seeds and hands each report to `check`, for tests
 *    that expect a failure (a deadlock, a panic…); `simReport` is one run.
 *  - `onReal(main)` runs the body on the real runtime (event loop, real timers).
 *  - `both(name, main)` registers the same body as two tests: on the simulator and on the real
 *    runtime — for behaviour that does not need the simulator.
 */
import { test } from "vitest";
import * as sim from "../src/sim/index.ts";
import type { Report, RunOptions } from "../src/sim/index.ts";
import { rt } from "../src/runtime.ts";

/** SEEDS is how many seeds each simulated test runs on. */
export const SEEDS = 20;

/** baseSeed is the first seed: GOSYNC_SEEDS from the environment, else 1. */
export function baseSeed(): number {
  const env = typeof process !== "undefined" ? process.env.GOSYNC_SEEDS : undefined;
  const n = env === undefined || env === "" ? 1 : Number(env);
  if (!Number.isInteger(n)) throw new Error(`GOSYNC_SEEDS must be an integer base seed, got ${JSON.stringify(env)}`);
  return n;
}

/** SimOptions are run options plus how many seeds to try. */
export type SimOptions = Omit<RunOptions, "seed"> & { seeds?: number };

function seedsOf(opts: SimOptions): number[] {
  const base = baseSeed();
  return Array.from({ length: opts.seeds ?? SEEDS }, (_, i) => base + i);
}

function replayHint(r: Report, opts: SimOptions): string {
  const o: Record<string, unknown> = { seed: r.seed, strategy: r.strategy };
  if (opts.maxSteps !== undefined) o.maxSteps = opts.maxSteps;
  return `replay: sim.run(main, ${JSON.stringify({ ...o, stacks: true, trace: true })})`;
}

/** describeFailure renders a report that should have been ok: what happened, got/want, the seed. */
export function describeFailure(r: Report, opts: SimOptions = {}, want = "ok (no panic, deadlock, race or leak)"): string {
  return `${sim.summary(r)}\n\ngot:  ${r.outcome}${r.races.length ? ` with ${r.races.length} race(s)` : ""}${r.leaks.length ? ` with ${r.leaks.length} leaked goroutine(s)` : ""}\nwant: ${want}\nseed: ${r.seed} (strategy ${r.strategy}); ${replayHint(r, opts)}`;
}

/**
 * onSim runs main under the simulator on every seed and throws unless every run is ok. On a
 * failure it replays the run with stacks so the message points into the test's source.
 */
export async function onSim(main: () => unknown, opts: SimOptions = {}): Promise<Report[]> {
  const reports: Report[] = [];
  for (const seed of seedsOf(opts)) {
    const r = await sim.run(main, { ...opts, seed });
    if (sim.failed(r, opts.detectLeaks !== false)) {
      const again = await sim.run(main, { ...opts, seed, stacks: true });
      throw new Error(describeFailure(again.outcome === r.outcome ? again : r, opts));
    }
    reports.push(r);
  }
  return reports;
}

/** simRuns runs main on every seed and passes each report to check (which throws on a mismatch, naming the seed). */
export async function simRuns(main: () => unknown, check: (r: Report) => void, opts: SimOptions = {}): Promise<Report[]> {
  const reports: Report[] = [];
  for (const seed of seedsOf(opts)) {
    const r = await sim.run(main, { ...opts, seed });
    try {
      check(r);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`${msg}\n\nwhat happened:\n${sim.summary(r)}\n\nseed: ${r.seed} (strategy ${r.strategy}); ${replayHint(r, opts)}`);
    }
    reports.push(r);
  }
  return reports;
}

/** simReport runs main once (seed: the base seed unless given) and returns the report. */
export function simReport(main: () => unknown, opts: RunOptions = {}): Promise<Report> {
  return sim.run(main, { seed: baseSeed(), ...opts });
}

/** expectOutcome runs main on every seed and requires the given outcome and (if given) message. */
export function expectOutcome(main: () => unknown, outcome: Report["outcome"], message?: string | RegExp, opts: SimOptions = {}): Promise<Report[]> {
  return simRuns(
    main,
    (r) => {
      if (r.outcome !== outcome) throw new Error(`got outcome ${JSON.stringify(r.outcome)}, want ${JSON.stringify(outcome)}`);
      if (message !== undefined) {
        const ok = typeof message === "string" ? r.message === message : message.test(r.message ?? "");
        if (!ok) throw new Error(`got message ${JSON.stringify(r.message)}, want ${typeof message === "string" ? JSON.stringify(message) : String(message)}`);
      }
    },
    opts,
  );
}

/** onReal runs main on the real runtime (it throws if a simulation is somehow active). */
export async function onReal(main: () => unknown): Promise<void> {
  if (rt().kind !== "real") throw new Error("onReal: a simulation is active; run real-runtime tests outside sim.run");
  await main();
}

/** both registers main as two tests: `<name> (simulator)` and `<name> (real runtime)`. */
export function both(name: string, main: () => unknown, opts: SimOptions = {}): void {
  test(`${name} (simulator)`, async () => {
    await onSim(main, opts);
  });
  test(`${name} (real runtime)`, async () => {
    await onReal(main);
  });
}

/** panicMessage runs f and returns the message of the GoPanic it throws (and fails if it does not). */
export async function panicMessage(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof Error && e.name === "GoPanic") return e.message;
    throw new Error(`want a GoPanic, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error("want a GoPanic, got a normal return");
}

/**
 * explorePanics explores main (random strategy, leaks not counted) for at most `runs` runs in
 * total, restarting after each failure from the next seed, and returns each distinct failure
 * message with the seed and run count at which it was first found — for misuse that panics on
 * some schedules only.
 */
export async function explorePanics(main: () => unknown, runs: number, opts: Omit<SimOptions, "seeds" | "strategy" | "decide" | "afterChoices"> & { strategy?: sim.ExploreStrategy } = {}): Promise<Map<string, { seed: number; after: number }>> {
  const found = new Map<string, { seed: number; after: number }>();
  let seed = baseSeed();
  let used = 0;
  while (used < runs) {
    const r = await sim.explore(main, { detectLeaks: false, ...opts, runs: runs - used, seed });
    if (r.ok) break;
    used += r.failure.run + 1;
    const msg = r.failure.report.message ?? r.failure.report.outcome;
    if (!found.has(msg)) found.set(msg, { seed: r.failure.seed, after: used });
    seed = r.failure.seed + 1;
  }
  return found;
}
