/**
 * batch.ts — judges a batch of submissions for an assignment (Node): every submission ×
 * exercise with the exercise's hidden tests and then each of its instructor-only test files,
 * each a Run of its own in the JudgePool. The result is one GradedRecord per file, in the
 * files' order: plain JSON (a shard file holds them; gradebook.ts turns them into rows), the
 * same on every machine and every run — no timing or host detail is kept except inside the
 * Verdicts, which no output writes.
 *
 * A file that cannot be graded (submissions.ts) is a record with its reason; nothing a
 * submission's code does stops the batch (the judge turns everything into a Verdict).
 */
import type { Verdict } from "../core/verdict.ts";
import type { GradedExercise, LoadedAssignment } from "./assignment.ts";
import type { JudgePool } from "./judge-pool.ts";
import { scoreExercise, type ScoredTest } from "./scoring.ts";
import { loadSubmission, type SubmissionProblem } from "./submissions.ts";

/** INSTRUCTOR_PREFIX starts the name of every instructor-only test: `instructor:<path> > <test>`. */
export const INSTRUCTOR_PREFIX = "instructor:";

/** JudgedRun is one Run of an exercise: the hidden tests, or one instructor-only file. */
export interface JudgedRun {
  /** "hidden", or the instructor-only test file's path as the assignment lists it */
  source: string;
  verdict: Verdict;
}

/** ExerciseResult is one exercise of a graded submission. */
export interface ExerciseResult {
  id: string;
  /** false when the submission has no code for this exercise (it earns 0, flagged missing) */
  submitted: boolean;
  /** the regrade's status: the hidden tests' Verdict status, else the first instructor Run's that is not pass; "missing" when not submitted */
  status: string;
  /** the hidden tests' Verdict status (what the client's verdict claims to be) */
  hiddenStatus: string;
  /** what the site said (the client verdict's status), if it said anything */
  clientStatus?: string;
  earned: number;
  points: number;
  passed: number;
  total: number;
  /** every test of every Run, named as scoring and the weights see them */
  tests: ScoredTest[];
  runs: JudgedRun[];
  /** the submitted code (similarity and feedback read it) */
  code: string;
}

/** GradedSubmission is a submission file that was judged. */
export interface GradedSubmission {
  ok: true;
  file: string;
  student: { id: string; name: string };
  /** the client's timestamp */
  submittedAt: string;
  hashOk: boolean;
  assignmentHashOk: boolean;
  siteVersion: string;
  exercises: ExerciseResult[];
  /** exercise ids the submission holds that the assignment does not list (ignored) */
  extraExercises: string[];
}

/** GradedRecord is what the batch knows about one file. */
export type GradedRecord = GradedSubmission | SubmissionProblem;

/** testsOf lists a Run's tests for scoring, named with the Run's source. */
function testsOf(run: JudgedRun): ScoredTest[] {
  const prefix = run.source === "hidden" ? "" : `${INSTRUCTOR_PREFIX}${run.source} > `;
  return run.verdict.tests.map((t) => ({ name: `${prefix}${t.name}`, passed: t.status === "pass" }));
}

/** judgeExercise judges one exercise's code with its hidden and instructor-only tests. */
async function judgeExercise(pool: JudgePool, ex: GradedExercise, code: string): Promise<JudgedRun[]> {
  const limits = ex.exercise.config.limits;
  const sources = [{ source: "hidden", tests: ex.exercise.tests }, ...ex.instructorTests.map((t) => ({ source: t.path, tests: t.code }))];
  return Promise.all(
    sources.map(async ({ source, tests }) => ({ source, verdict: await pool.judge({ exerciseId: ex.exercise.id, solution: code, tests, limits }) })),
  );
}

/** resultOf scores an exercise's Runs. */
export function resultOf(ex: GradedExercise, code: string | undefined, clientStatus: string | undefined, runs: JudgedRun[]): ExerciseResult {
  const base = { id: ex.entry.id, points: ex.entry.points, ...(clientStatus !== undefined ? { clientStatus } : {}) };
  if (code === undefined) {
    return { ...base, submitted: false, status: "missing", hiddenStatus: "missing", earned: 0, passed: 0, total: 0, tests: [], runs: [], code: "" };
  }
  const tests = runs.flatMap(testsOf);
  const score = scoreExercise(ex.entry, runs.map((r) => r.verdict.status), tests);
  const hiddenStatus = runs[0]!.verdict.status;
  const status = hiddenStatus !== "pass" ? hiddenStatus : (runs.find((r) => r.verdict.status !== "pass")?.verdict.status ?? "pass");
  return { ...base, submitted: true, status, hiddenStatus, earned: score.earned, passed: score.passed, total: score.total, tests, runs, code };
}

/** BatchHooks follow a batch: `judged` is called once per submission × exercise judged. */
export interface BatchHooks {
  judged?(file: string, exerciseId: string): void;
}

/**
 * gradeFiles judges `files` (already found and sorted) for `loaded`, returning their records in
 * the same order. At most IN_FLIGHT_PER_JOB × jobs files are read and judged at once (each
 * file's Runs go to the pool together; the pool bounds how many are judged), so a class of
 * thousands is never all in memory as text at the same time.
 */
export async function gradeFiles(loaded: LoadedAssignment, files: readonly string[], pool: JudgePool, hooks: BatchHooks = {}): Promise<GradedRecord[]> {
  const records = new Array<GradedRecord>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const k = next++;
      records[k] = await gradeFile(loaded, files[k]!, pool, hooks);
    }
  };
  await Promise.all(Array.from({ length: Math.min(files.length, IN_FLIGHT_PER_JOB * pool.jobs) }, worker));
  return records;
}

/** IN_FLIGHT_PER_JOB is how many files per job are graded at once: enough to keep every slot busy. */
const IN_FLIGHT_PER_JOB = 2;

/** gradeFile reads and judges one submission file. */
async function gradeFile(loaded: LoadedAssignment, file: string, pool: JudgePool, hooks: BatchHooks): Promise<GradedRecord> {
  const sub = await loadSubmission(file, { id: loaded.assignment.id, hash: loaded.hash });
  if (!sub.ok) {
    for (const ex of loaded.exercises) hooks.judged?.(file, ex.entry.id);
    return sub;
  }
  const s = sub.submission;
  const listed = new Set(loaded.exercises.map((e) => e.entry.id));
  const exercises = await Promise.all(
    loaded.exercises.map(async (ex) => {
      const given = s.exercises.find((e) => e.id === ex.entry.id);
      const runs = given ? await judgeExercise(pool, ex, given.code) : [];
      hooks.judged?.(file, ex.entry.id);
      return resultOf(ex, given?.code, given?.clientVerdict?.status, runs);
    }),
  );
  return {
    ok: true,
    file,
    student: { id: s.student.id, name: s.student.name },
    submittedAt: s.submittedAt,
    hashOk: sub.hashOk,
    assignmentHashOk: sub.assignmentHashOk,
    siteVersion: s.site.version,
    exercises,
    extraExercises: s.exercises.map((e) => e.id).filter((id) => !listed.has(id)).sort(),
  };
}
