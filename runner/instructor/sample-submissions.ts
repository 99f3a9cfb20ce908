/**
 * sample-submissions.ts — makes submission files the way the site's Download submission does
 * (sealed with schema.ts's hash), for the specs and `npm run bench:grade`. Runs anywhere.
 */
import { assignmentHash, sealSubmission, SUBMISSION_FORMAT, SUBMISSION_VERSION, type Assignment, type ClientVerdict, type Submission } from "./schema.ts";

/** SampleSubmission says what a made submission holds. */
export interface SampleSubmission {
  student: { id: string; name: string };
  /** exercise id → code; exercises left out are not submitted */
  code: Record<string, string>;
  /** exercise id → what the site said (default: nothing) */
  clientVerdicts?: Record<string, ClientVerdict>;
  submittedAt: string;
}

/** makeSubmission returns a sealed Submission for `a`, its exercises in the assignment's order. */
export async function makeSubmission(a: Assignment, s: SampleSubmission): Promise<Submission> {
  return sealSubmission({
    format: SUBMISSION_FORMAT,
    version: SUBMISSION_VERSION,
    assignment: { id: a.id, hash: await assignmentHash(a) },
    student: s.student,
    exercises: a.exercises.flatMap((e) => {
      const code = s.code[e.id];
      if (code === undefined) return [];
      const cv = s.clientVerdicts?.[e.id];
      return [{ id: e.id, code, ...(cv ? { clientVerdict: cv } : {}) }];
    }),
    site: { version: "0.1.0+sample" },
    submittedAt: s.submittedAt,
  });
}
