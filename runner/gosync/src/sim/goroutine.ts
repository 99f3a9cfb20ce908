/**
 * goroutine.ts — the simulator's goroutine record and its states.
 *
 *   RUNNABLE --(strategy picks it)--> RUNNING --yield--> RUNNABLE
 *                                        |--park-------> WAITING --unpark--> RUNNABLE
 *                                        '--returns/throws--> DEAD
 *
 * A record also stands for a runtime step (Sim.later): the tail of an operation Go performs in
 * several atomic moves, which waits in the run queue like a goroutine (negative ids).
 */
import type { Goroutine, ResumeOp, WaitReason } from "../runtime.ts";
import type { VC, Where } from "./race.ts";
import type { SchedG } from "./strategies.ts";

export const RUNNING = 0;
export const RUNNABLE = 1;
export const WAITING = 2;
export const DEAD = 3;

/** NO_CLOCK is every goroutine's vector clock until race detection starts (never written). */
export const NO_CLOCK: VC = [];

/**
 * nextOf says what a runnable record does when the scheduler picks it, for a decision point:
 * start, the rest of a runtime step, the operation it starts (a yield's or perform's name) or
 * returns from (a park it was woken from). It reads the record only.
 */
export function nextOf(g: SimG): { op: string; woken?: string; at?: string; owner?: number } {
  if (g.step !== null) return { op: "runtime step", owner: g.owner?.id ?? 0 };
  const out: { op: string; woken?: string; at?: string } = { op: g.fn !== null ? "start" : g.pending !== null ? g.pending.reason : g.op || "run" };
  const woken = g.pending !== null && g.pendingParked ? g.pending.reason : g.wokenFrom;
  if (woken !== null) out.woken = woken;
  const at = g.fn !== null ? g.createdAt : g.readyAt;
  if (at !== undefined) out.at = at;
  return out;
}

/** SimG is the simulator's goroutine record. */
export class SimG implements Goroutine, SchedG {
  readonly id: number;
  state: number = RUNNABLE;
  /** resume resolves the goroutine's pending yield, park or perform (null while it runs or before it starts) */
  resume: ((v?: unknown) => void) | null = null;
  /** pending is the operation a perform() runs when the strategy picks the goroutine */
  pending: ResumeOp<unknown> | null = null;
  pendingObj: object | undefined = undefined;
  /** pendingParked: the pending operation has parked; its woken() gives the result */
  pendingParked = false;
  /** pendingWhere is where perform() was called, when stacks are on (where it blocks, if it does) */
  pendingWhere: Where | null = null;
  /** fn is the goroutine's function until it starts */
  fn: (() => unknown) | null;
  /** step is set on a runtime step (see Sim.later): this record is not a goroutine */
  step: (() => void) | null = null;
  /** owner is, for a runtime step, the goroutine whose operation it completes */
  owner: SimG | null = null;
  reason: WaitReason | null = null;
  obj: object | undefined = undefined;
  where: Where | null = null;
  readonly createdBy: number;
  createdAt: string | undefined = undefined;
  vc: VC = NO_CLOCK;
  prio = 0;
  /** blockedAt is the virtual time the goroutine parked at, for the blocking profile (-1: not parked) */
  blockedAt = -1;
  /** op names the gosync operation the goroutine is in, for the forgotten-await message */
  op = "";
  /** wokenFrom is the wait reason of the park it was woken from, until it runs again (a decision point shows it) */
  wokenFrom: WaitReason | null = null;
  /** readyAt is where it stands while runnable (its last scheduling point), when stacks are on */
  readyAt: string | undefined = undefined;
  constructor(id: number, createdBy: number, fn: (() => unknown) | null) {
    this.id = id;
    this.createdBy = createdBy;
    this.fn = fn;
  }
}
