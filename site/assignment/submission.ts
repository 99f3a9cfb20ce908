/**
 * submission — the assignment page's Download submission, as data: what the page knows (the
 * assignment, the student, each exercise's code and last Run) becomes one sealed `.synclab.json`
 * per runner/instructor/schema.ts. Runs on the page's main thread (WebCrypto for the hash);
 * the spec runs it in Node, which has the same WebCrypto.
 */
import type { Progress } from "../exercise/progress.ts";
import {
  MAX_CODE_CHARS,
  MAX_SUBMISSION_BYTES,
  sealSubmission,
  SUBMISSION_FORMAT,
  SUBMISSION_VERSION,
  type ClientVerdict,
  type Submission,
} from "../../runner/instructor/schema.ts";

/** ExerciseState is one exercise as the page sees it when the learner presses Download. */
export interface ExerciseState {
  id: string;
  /** code is what the editor holds (or the saved draft, or the starter, for an editor not opened). */
  code: string;
  /** progress is the exercise's last Run anywhere on the site (progress.ts), or null. */
  progress: Progress | null;
}

export interface SubmissionInput {
  assignment: { id: string; hash: string };
  student: { name: string; id: string };
  exercises: ExerciseState[];
  siteVersion: string;
  /** now is when Download was pressed. */
  now: Date;
}

/**
 * SubmissionProblem is why no file can be written: a missing name or id, an exercise's code
 * over MAX_CODE_CHARS (`id` names it), a file over MAX_SUBMISSION_BYTES.
 */
export type SubmissionProblem = { kind: "need-name" } | { kind: "need-id" } | { kind: "code-too-long"; id: string } | { kind: "too-large" };

/**
 * clientVerdictOf is what the file claims about `code`: the last Run's status and each test's
 * pass, if that Run judged exactly this code; undefined otherwise (never run, or edited since).
 */
export function clientVerdictOf(code: string, progress: Progress | null): ClientVerdict | undefined {
  if (!progress || progress.code !== code) return undefined;
  return { status: progress.status, tests: progress.tests.map((t) => ({ name: t.name, passed: t.status === "pass" })) };
}

/**
 * buildSubmission returns the sealed submission and its JSON text, or the first problem that
 * prevents writing it. The name and id are trimmed, as the schema reads them.
 */
export async function buildSubmission(input: SubmissionInput): Promise<{ ok: true; submission: Submission; text: string } | { ok: false; problem: SubmissionProblem }> {
  const name = input.student.name.trim();
  const id = input.student.id.trim();
  if (!name) return { ok: false, problem: { kind: "need-name" } };
  if (!id) return { ok: false, problem: { kind: "need-id" } };
  const long = input.exercises.find((e) => e.code.length > MAX_CODE_CHARS);
  if (long) return { ok: false, problem: { kind: "code-too-long", id: long.id } };
  const submission = await sealSubmission({
    format: SUBMISSION_FORMAT,
    version: SUBMISSION_VERSION,
    assignment: { id: input.assignment.id, hash: input.assignment.hash },
    student: { name, id },
    exercises: input.exercises.map((e) => {
      const clientVerdict = clientVerdictOf(e.code, e.progress);
      return clientVerdict ? { id: e.id, code: e.code, clientVerdict } : { id: e.id, code: e.code };
    }),
    site: { version: input.siteVersion },
    submittedAt: input.now.toISOString(),
  });
  const text = `${JSON.stringify(submission, null, 2)}\n`;
  if (new TextEncoder().encode(text).length > MAX_SUBMISSION_BYTES) return { ok: false, problem: { kind: "too-large" } };
  return { ok: true, submission, text };
}

/** submissionFileName is `<assignment id>-<student id>.synclab.json`, the id reduced to safe file-name characters. */
export function submissionFileName(assignmentId: string, studentId: string): string {
  const safe = studentId.trim().replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^[._]+/, "").slice(0, 60) || "student";
  return `${assignmentId}-${safe}.synclab.json`;
}
