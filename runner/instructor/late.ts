/**
 * late.ts — the late policy (runs anywhere; pure). A submission after the due date is late by
 * started periods of 24 hours (one second late is one day late); each day takes
 * `penaltyPerDay` percent of the points earned, at most 100%. After `hardClose` it earns 0
 * and is `closed`. Times are compared as instants (their UTC offsets applied).
 */
import { roundPoints } from "./scoring.ts";
import type { LatePolicy } from "./schema.ts";

/** DAY_MS is one day of lateness. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Lateness is what the late policy makes of one submission time. */
export interface Lateness {
  /** started days after the due date (0 when on time) */
  daysLate: number;
  /** percent of the earned points taken off, 0..100 (100 when closed) */
  penaltyPercent: number;
  /** submitted after the hard close: earns 0 */
  closed: boolean;
}

/** lateness applies `policy` to a submission made at `submittedAt` for an assignment due at `due` (ISO 8601 texts). */
export function lateness(due: string, policy: LatePolicy, submittedAt: string): Lateness {
  const t = Date.parse(submittedAt);
  const over = t - Date.parse(due);
  const daysLate = over > 0 ? Math.ceil(over / DAY_MS) : 0;
  const closed = policy.hardClose !== undefined && t > Date.parse(policy.hardClose);
  const penaltyPercent = closed ? 100 : Math.min(100, daysLate * policy.penaltyPerDay);
  return { daysLate, penaltyPercent, closed };
}

/** latePenalty is the points taken off `earned` (rounded to hundredths like every score). */
export function latePenalty(earned: number, l: Lateness): number {
  return roundPoints((earned * l.penaltyPercent) / 100);
}
