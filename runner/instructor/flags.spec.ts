import { describe, expect, test } from "vitest";
import type { ExerciseResult, GradedSubmission } from "./batch.ts";
import { flagsOf } from "./flags.ts";

const exercise = (over: Partial<ExerciseResult>): ExerciseResult => ({
  id: "x",
  submitted: true,
  status: "pass",
  hiddenStatus: "pass",
  earned: 10,
  points: 10,
  passed: 1,
  total: 1,
  tests: [],
  runs: [],
  code: "",
  ...over,
});

const submission = (over: Partial<GradedSubmission>): GradedSubmission => ({
  ok: true,
  file: "a.synclab.json",
  student: { id: "1", name: "A" },
  submittedAt: "2026-03-01T00:00:00Z",
  hashOk: true,
  assignmentHashOk: true,
  siteVersion: "0",
  exercises: [exercise({})],
  extraExercises: [],
  ...over,
});

const onTime = { daysLate: 0, penaltyPercent: 0, closed: false };
const facts = { lateness: onTime, similar: new Map(), duplicateId: false, lmsTimeMissing: false };

describe("flagsOf", () => {
  test("a clean submission has no flag", () => {
    expect(flagsOf(submission({}), facts)).toEqual([]);
  });
  test("a claimed pass is about the hidden tests only: an instructor-only failure is no lie", () => {
    expect(flagsOf(submission({ exercises: [exercise({ clientStatus: "pass", hiddenStatus: "fail", status: "fail" })] }), facts)).toEqual(["claimed-pass(x)"]);
    expect(flagsOf(submission({ exercises: [exercise({ clientStatus: "pass", hiddenStatus: "pass", status: "fail" })] }), facts)).toEqual([]);
  });
  test("lists every kind of flag once, sorted", () => {
    const s = submission({ hashOk: false, assignmentHashOk: false, extraExercises: ["y"], exercises: [exercise({ submitted: false, status: "missing", hiddenStatus: "missing" })] });
    const f = flagsOf(s, {
      lateness: { daysLate: 3, penaltyPercent: 100, closed: true },
      similar: new Map([["x", ["7", "9"]]]),
      duplicateId: true,
      lmsTimeMissing: true,
    });
    expect(f).toEqual(["assignment-hash", "closed", "code-hash", "duplicate-id", "extra(y)", "late(3d)", "lms-time-missing", "missing(x)", "similar(x:7)", "similar(x:9)"]);
  });
});
