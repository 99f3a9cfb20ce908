/**
 * report.ts — what a simulated run returns, as plain JSON, and the Go-shaped texts in it:
 * the goroutine dump of `fatal error: all goroutines are asleep - deadlock!`, the leak list,
 * panics (`panic: …` then `goroutine N [running]:`) and the race reports built in race.ts.
 */
import type { TraceEvent, WaitReason } from "../runtime.ts";
import type { RaceReport } from "./race.ts";
import type { StrategyName } from "./strategies.ts";

/** Outcome is how a simulated program ended. */
export type Outcome = "ok" | "panic" | "fatal" | "deadlock" | "step-limit" | "foreign-wait";

/** GoroutineInfo describes one goroutine in a dump or a leak list. */
export interface GoroutineInfo {
  id: number;
  /** Go's status word: "running", "runnable", or the wait reason in the dump's brackets */
  status: "running" | "runnable" | WaitReason;
  /** where it blocked (or, for "running", where it panicked), when stacks were captured */
  at?: string;
  /** raw stack frames outside gosync, innermost first, when stacks were captured */
  stack?: string[];
  /** id of the goroutine that created it (0: a timer) — absent for main */
  createdBy?: number;
  /** where it was created, when stacks were captured */
  createdAt?: string;
}

/** Report is the result of one simulated run (JSON.stringify round-trips it). */
export interface Report {
  outcome: Outcome;
  /** for anything but "ok": the first line as Go prints it (`fatal error: …`, `panic: …`) */
  message?: string;
  /** the goroutine dump that follows the message, in Go's shape */
  dump?: string;
  /** goroutines that existed at the end (every one for deadlock; the panicking one first) */
  goroutines?: GoroutineInfo[];
  /** goroutines still alive when main returned (Go ends the program; gosync lists them) */
  leaks: GoroutineInfo[];
  /** the leak list as text, `goroutine N [reason]:` blocks, when there are leaks */
  leakText?: string;
  races: RaceReport[];
  /** virtual time elapsed, in ms */
  elapsedMs: number;
  /** scheduling points taken (decisions plus clock jumps) */
  steps: number;
  /**
   * the step count when main returned, absent if it never did (deadlock, panic…). A Go program
   * ends there; the simulator goes on until the goroutines that can still run have finished.
   * Everything after it (trace events marked `afterMain`, output printed later) is what Go
   * would never have run.
   */
  mainReturnedAtStep?: number;
  /** the virtual time elapsed (ms) when main returned, with mainReturnedAtStep */
  mainReturnedAtMs?: number;
  seed: number;
  strategy: StrategyName;
  /** every decision taken where there was a choice: goroutine ids and select case indices */
  schedule: number[];
  trace?: TraceEvent[];
}

/** dumpText formats goroutines the way Go's traceback does, one block per goroutine. */
export function dumpText(gs: readonly GoroutineInfo[]): string {
  return gs.map(goroutineText).join("\n\n");
}

function goroutineText(g: GoroutineInfo): string {
  let s = `goroutine ${g.id} [${g.status}]:`;
  if (g.stack !== undefined && g.stack.length > 0) s += "\n" + g.stack.map((f) => `\t${f}`).join("\n");
  else if (g.at !== undefined) s += `\n\t${g.at}`;
  if (g.createdBy !== undefined) {
    s += `\ncreated by ${g.createdBy === 0 ? "a timer" : `goroutine ${g.createdBy}`}`;
    if (g.createdAt !== undefined) s += `\n\t${g.createdAt}`;
  }
  return s;
}

/** DEADLOCK is Go's message when every goroutine is blocked and no timer is pending. */
export const DEADLOCK = "fatal error: all goroutines are asleep - deadlock!";

/** failed tells whether a report is a failure for explore: any outcome but ok, a race, or (if counted) a leak. */
export function failed(r: Report, countLeaks = true): boolean {
  return r.outcome !== "ok" || r.races.length > 0 || (countLeaks && r.leaks.length > 0);
}

/** summary is a one-paragraph description of a report for test failures and logs. */
export function summary(r: Report): string {
  const parts: string[] = [];
  if (r.outcome !== "ok") parts.push(`${r.message ?? r.outcome}${r.dump ? "\n\n" + r.dump : ""}`);
  for (const race of r.races) parts.push(race.text);
  if (r.leaks.length > 0) parts.push(`${r.leaks.length} goroutine(s) still running when main returned (leak):\n\n${r.leakText ?? ""}`);
  if (parts.length === 0) parts.push("ok");
  return parts.join("\n\n");
}
