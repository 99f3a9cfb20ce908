/**
 * submissions.ts — finds the submission files `synclab grade` was given and reads each one
 * (Node). A file is checked for size before it is read (MAX_SUBMISSION_BYTES), decoded as
 * strict UTF-8, parsed and validated (schema.ts), and its seal recomputed. Whatever is wrong
 * with one file — too big, not UTF-8, truncated, malformed, for another assignment — is
 * returned as a SubmissionProblem with the reason, never thrown: the batch goes on.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { InstructorFileError, MAX_SUBMISSION_BYTES, parseSubmission, submissionHash, type Submission } from "./schema.ts";

/** SUBMISSION_SUFFIX is how a submission file's name ends when it is found in a folder. */
export const SUBMISSION_SUFFIX = ".synclab.json";

/** LoadedSubmission is a submission file that parsed. */
export interface LoadedSubmission {
  ok: true;
  /** the file, relative to the working directory, with forward slashes */
  file: string;
  submission: Submission;
  /** the file's hash field matches submissionHash of its content */
  hashOk: boolean;
  /** assignment.hash is the graded assignment's hash */
  assignmentHashOk: boolean;
}

/** SubmissionProblem is a submission file that could not be graded, and why. */
export interface SubmissionProblem {
  ok: false;
  file: string;
  reason: string;
  /** who it seems to be from, when the file parsed far enough to say */
  student?: { id: string; name: string };
}

/** shownPath writes `abs` relative to the working directory with forward slashes (stable across OSes). */
export function shownPath(abs: string): string {
  return relative(process.cwd(), abs).split(sep).join("/") || ".";
}

/**
 * findSubmissionFiles expands the command line's files and folders: a folder contributes every
 * `*.synclab.json` under it (dot folders, node_modules and symbolic links skipped); a file is
 * taken whatever its name. The result is sorted by shown path and has no duplicates. A path
 * that does not exist throws an Error naming it (a usage error).
 */
export function findSubmissionFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (!name.startsWith(".") && name !== "node_modules") walk(p);
      } else if (st.isFile() && name.endsWith(SUBMISSION_SUFFIX)) found.add(shownPath(p));
    }
  };
  for (const arg of paths) {
    const abs = resolve(arg);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      throw new Error(`submission path not found: ${arg} (expected a .synclab.json file or a folder of them)`);
    }
    if (st.isDirectory()) walk(abs);
    else found.add(shownPath(abs));
  }
  return [...found].sort();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * loadSubmission reads one submission file for the assignment whose id and hash are given.
 * Its size is read first: a file over MAX_SUBMISSION_BYTES is refused unread. A submission for
 * another assignment id, or that lists an exercise twice, is a problem; an assignment hash that
 * differs (the same id, another version of the file) is only flagged.
 */
export async function loadSubmission(file: string, assignment: { id: string; hash: string }): Promise<LoadedSubmission | SubmissionProblem> {
  const problem = (reason: string, student?: { id: string; name: string }): SubmissionProblem => ({ ok: false, file, reason, ...(student ? { student } : {}) });
  let text: string;
  try {
    const st = lstatSync(resolve(file));
    if (!st.isFile()) return problem("is not a regular file");
    if (st.size > MAX_SUBMISSION_BYTES) return problem(`is ${st.size} bytes, over the cap of ${MAX_SUBMISSION_BYTES} bytes for a submission (not read)`);
    text = utf8.decode(readFileSync(resolve(file)));
  } catch (e) {
    return problem(e instanceof TypeError ? "is not UTF-8 text" : `could not be read: ${(e as Error).message}`);
  }
  let submission: Submission;
  try {
    submission = parseSubmission(text, file);
  } catch (e) {
    if (e instanceof InstructorFileError) return problem(`${e.field ? `field ${e.field}: ` : ""}${e.problem}`.slice(0, 500));
    return problem(`could not be parsed: ${String(e)}`.slice(0, 500));
  }
  const student = { id: submission.student.id, name: submission.student.name };
  if (submission.assignment.id !== assignment.id) {
    return problem(`is for assignment "${submission.assignment.id}", expected "${assignment.id}"`, student);
  }
  const seen = new Set<string>();
  for (const ex of submission.exercises) {
    if (seen.has(ex.id)) return problem(`lists exercise "${ex.id}" twice, expected each once`, student);
    seen.add(ex.id);
  }
  return {
    ok: true,
    file,
    submission,
    hashOk: (await submissionHash(submission)) === submission.hash,
    assignmentHashOk: submission.assignment.hash === assignment.hash,
  };
}
