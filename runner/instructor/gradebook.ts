/**
 * gradebook.ts — turns the batch's records into the gradebook every output writes (runs
 * anywhere; pure): per submission its points per exercise, the late policy applied (times
 * from the client, or from the LMS's export when `--submitted-at` was given), the flags, and
 * the near-identical pairs per exercise. Rows are sorted by student id, then file (code-unit
 * order), so the gradebook is the same whatever order or shard the records came from.
 */
import type { GradedRecord, GradedSubmission } from "./batch.ts";
import type { LoadedAssignment } from "./assignment.ts";
import { compareText, flagsOf } from "./flags.ts";
import { latePenalty, lateness, type Lateness } from "./late.ts";
import { roundPoints } from "./scoring.ts";
import { DEFAULT_THRESHOLD, similarPairs, type SimilarPair } from "./similarity.ts";

/** TimeSource says where a row's submission time came from. */
export type TimeSource = "lms" | "client";

/** Row is one line of the gradebook. */
export interface Row {
  file: string;
  /** the student's id and name; empty for a file that did not parse that far */
  studentId: string;
  name: string;
  /** graded, or the reason it could not be */
  error?: string;
  /** points earned per exercise, in the assignment's order (0 for an error row) */
  points: number[];
  /** sum of points before the late penalty */
  earned: number;
  lateness: Lateness;
  /** points taken off by the late policy */
  penalty: number;
  /** earned - penalty, rounded to hundredths */
  total: number;
  submittedAt?: string;
  timeSource?: TimeSource;
  flags: string[];
  /** the graded submission behind the row (feedback and the report read it) */
  graded?: GradedSubmission;
}

/** SimilarityEntry is one near-identical pair, for one exercise, with the students' ids. */
export interface SimilarityEntry {
  exercise: string;
  pair: SimilarPair;
  leftStudent: string;
  rightStudent: string;
}

/** Gradebook is a graded batch. */
export interface Gradebook {
  loaded: LoadedAssignment;
  rows: Row[];
  similar: SimilarityEntry[];
  /** the sum of the exercises' points */
  maxPoints: number;
  /** where times came from: the LMS file's name, or "client" */
  timesFrom: string;
}

/** GradebookOptions tune what gradebook() makes of the records. */
export interface GradebookOptions {
  /** student id → time from the LMS (--submitted-at); absent: the client's timestamps */
  lmsTimes?: ReadonlyMap<string, string>;
  /** the LMS file's name, for the report */
  lmsFile?: string;
  /** similarity threshold (similarity.ts DEFAULT_THRESHOLD) */
  threshold?: number;
}

const NO_LATENESS: Lateness = { daysLate: 0, penaltyPercent: 0, closed: false };

/** gradebook builds the sorted gradebook from the batch's records (in any order). */
export function gradebook(loaded: LoadedAssignment, records: readonly GradedRecord[], options: GradebookOptions = {}): Gradebook {
  const a = loaded.assignment;
  const graded = records.filter((r): r is GradedSubmission => r.ok);
  const idCount = new Map<string, number>();
  for (const g of graded) idCount.set(g.student.id, (idCount.get(g.student.id) ?? 0) + 1);

  // Near-identical code, per exercise, among the graded submissions that hold it.
  const byFile = new Map(graded.map((g) => [g.file, g]));
  const similar: SimilarityEntry[] = [];
  const similarOf = new Map<string, Map<string, string[]>>();
  for (const ex of loaded.exercises) {
    const inputs = graded.flatMap((g) => {
      const r = g.exercises.find((e) => e.id === ex.entry.id);
      return r?.submitted ? [{ key: g.file, code: r.code }] : [];
    });
    for (const pair of similarPairs(inputs, [ex.exercise.starter, ex.exercise.solution], options.threshold ?? DEFAULT_THRESHOLD)) {
      const l = byFile.get(pair.left)!;
      const r = byFile.get(pair.right)!;
      similar.push({ exercise: ex.entry.id, pair, leftStudent: l.student.id, rightStudent: r.student.id });
      for (const [me, other] of [[l, r], [r, l]] as const) {
        const m = similarOf.get(me.file) ?? new Map<string, string[]>();
        m.set(ex.entry.id, [...(m.get(ex.entry.id) ?? []), other.student.id]);
        similarOf.set(me.file, m);
      }
    }
  }

  const rows = records.map((rec): Row => {
    if (!rec.ok) {
      return {
        file: rec.file,
        studentId: rec.student?.id ?? "",
        name: rec.student?.name ?? "",
        error: rec.reason,
        points: loaded.exercises.map(() => 0),
        earned: 0,
        lateness: NO_LATENESS,
        penalty: 0,
        total: 0,
        flags: ["error"],
      };
    }
    const lms = options.lmsTimes?.get(rec.student.id);
    const useLms = options.lmsTimes !== undefined && lms !== undefined;
    const submittedAt = useLms ? lms : rec.submittedAt;
    const l = lateness(a.due, a.late, submittedAt);
    const points = rec.exercises.map((e) => e.earned);
    const earned = roundPoints(points.reduce((x, y) => x + y, 0));
    const penalty = l.closed ? earned : latePenalty(earned, l);
    const flags = flagsOf(rec, {
      lateness: l,
      similar: similarOf.get(rec.file) ?? new Map(),
      duplicateId: (idCount.get(rec.student.id) ?? 0) > 1,
      lmsTimeMissing: options.lmsTimes !== undefined && !useLms,
    });
    return {
      file: rec.file,
      studentId: rec.student.id,
      name: rec.student.name,
      points,
      earned,
      lateness: l,
      penalty,
      total: roundPoints(earned - penalty),
      submittedAt,
      timeSource: useLms ? "lms" : "client",
      flags,
      graded: rec,
    };
  });
  rows.sort((x, y) => compareText(x.studentId, y.studentId) || compareText(x.file, y.file));
  similar.sort((x, y) => compareText(x.exercise, y.exercise) || y.pair.similarity - x.pair.similarity || compareText(x.pair.left, y.pair.left) || compareText(x.pair.right, y.pair.right));
  return {
    loaded,
    rows,
    similar,
    maxPoints: roundPoints(a.exercises.reduce((s, e) => s + e.points, 0)),
    timesFrom: options.lmsTimes !== undefined ? (options.lmsFile ?? "lms") : "client",
  };
}
