/**
 * flags.ts — what an instructor should look at in a graded submission (runs anywhere; pure).
 * A flag never changes a grade by itself (only `closed` comes with the late policy's zero);
 * it is written in grades.csv's flags column, as `name` or `name(detail)`, sorted, joined by
 * "; ", and the report lists every flagged submission.
 */
import type { GradedSubmission } from "./batch.ts";
import type { Lateness } from "./late.ts";

/**
 * FLAGS are the flags and what each means:
 *  - claimed-pass(<exercise>): the site's verdict said pass and the regrade of the hidden tests did not;
 *  - code-hash: the file's content hash does not match its content (edited after download);
 *  - assignment-hash: made for another version of the assignment (same id, other points, dates or exercises);
 *  - late(<n>d): submitted n started days after the due date;
 *  - closed: submitted after the hard close (earns 0);
 *  - similar(<exercise>:<student id>): near-identical code to that student's, for that exercise (similarity.ts);
 *  - missing(<exercise>): no code for that exercise (earns 0 for it);
 *  - extra(<exercise>): code for an exercise the assignment does not list (ignored);
 *  - duplicate-id: another submission file gives the same student id (both are graded);
 *  - lms-time-missing: --submitted-at was given but has no time for this student (the client's time was used);
 *  - error: the file could not be graded (the error column says why).
 */
export const FLAGS = [
  "claimed-pass",
  "code-hash",
  "assignment-hash",
  "late",
  "closed",
  "similar",
  "missing",
  "extra",
  "duplicate-id",
  "lms-time-missing",
  "error",
] as const;

/** FlagFacts is what flagsOf needs besides the submission. */
export interface FlagFacts {
  lateness: Lateness;
  /** similar code: exercise id → other students' ids */
  similar: ReadonlyMap<string, readonly string[]>;
  duplicateId: boolean;
  lmsTimeMissing: boolean;
}

/** flagsOf lists a graded submission's flags, sorted (code-unit order), each once. */
export function flagsOf(s: GradedSubmission, f: FlagFacts): string[] {
  const out = new Set<string>();
  for (const ex of s.exercises) {
    if (ex.clientStatus === "pass" && ex.submitted && ex.hiddenStatus !== "pass") out.add(`claimed-pass(${ex.id})`);
    if (!ex.submitted) out.add(`missing(${ex.id})`);
  }
  for (const id of s.extraExercises) out.add(`extra(${id})`);
  if (!s.hashOk) out.add("code-hash");
  if (!s.assignmentHashOk) out.add("assignment-hash");
  if (f.lateness.daysLate > 0) out.add(`late(${f.lateness.daysLate}d)`);
  if (f.lateness.closed) out.add("closed");
  for (const [ex, others] of f.similar) for (const o of others) out.add(`similar(${ex}:${o})`);
  if (f.duplicateId) out.add("duplicate-id");
  if (f.lmsTimeMissing) out.add("lms-time-missing");
  return [...out].sort(compareText);
}

/** compareText orders strings by UTF-16 code units: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
