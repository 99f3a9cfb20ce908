import { describe, expect, it } from "vitest";
import { MAX_CODE_CHARS, parseSubmission, submissionHash } from "../../runner/instructor/schema.ts";
import type { Progress } from "../exercise/progress.ts";
import { buildSubmission, clientVerdictOf, submissionFileName, type SubmissionInput } from "./submission.ts";

const hash = `sha256:${"ab".repeat(32)}`;
const passed: Progress = { version: 1, status: "pass", tests: [{ name: "counts > exactly", status: "pass" }], code: "export const a = 1;\n", ranAt: 0 };
const failed: Progress = { version: 1, status: "fail", tests: [{ name: "t1", status: "pass" }, { name: "t2", status: "race" }], code: "let b;\n", ranAt: 0 };

const input = (over: Partial<SubmissionInput> = {}): SubmissionInput => ({
  assignment: { id: "week-1", hash },
  student: { name: "  Li Lei ", id: " 2024001 " },
  exercises: [
    { id: "safe-counter", code: passed.code, progress: passed },
    { id: "config-store", code: failed.code, progress: failed },
    { id: "worker-pool", code: "edited after the run", progress: { ...failed, code: "the code that ran" } },
    { id: "wg-add-inside", code: "starter", progress: null },
  ],
  siteVersion: "0.1.0+abc123",
  now: new Date("2026-03-01T10:00:00Z"),
  ...over,
});

describe("buildSubmission", () => {
  it("writes a file the grader's schema accepts, sealed with the hash the grader recomputes", async () => {
    const r = await buildSubmission(input());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parsed = parseSubmission(r.text, "week-1-2024001.synclab.json");
    expect(parsed.hash).toBe(await submissionHash(parsed));
    expect(parsed).toMatchObject({ assignment: { id: "week-1", hash }, student: { name: "Li Lei", id: "2024001" }, site: { version: "0.1.0+abc123" }, submittedAt: "2026-03-01T10:00:00.000Z" });
  });

  it("keeps the exercises in the assignment's order and claims a verdict only for code that was run as it is", async () => {
    const r = await buildSubmission(input());
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.submission.exercises.map((e) => [e.id, e.clientVerdict?.status ?? "(none)"])).toEqual([
      ["safe-counter", "pass"],
      ["config-store", "fail"],
      ["worker-pool", "(none)"],
      ["wg-add-inside", "(none)"],
    ]);
    expect(r.submission.exercises[1]!.clientVerdict!.tests).toEqual([{ name: "t1", passed: true }, { name: "t2", passed: false }]);
  });

  it("refuses a missing name or id, and code longer than a submission allows, naming the exercise", async () => {
    expect(await buildSubmission(input({ student: { name: " ", id: "1" } }))).toEqual({ ok: false, problem: { kind: "need-name" } });
    expect(await buildSubmission(input({ student: { name: "A", id: "" } }))).toEqual({ ok: false, problem: { kind: "need-id" } });
    const long = input({ exercises: [{ id: "safe-counter", code: "x".repeat(MAX_CODE_CHARS + 1), progress: null }] });
    expect(await buildSubmission(long)).toEqual({ ok: false, problem: { kind: "code-too-long", id: "safe-counter" } });
  });
});

describe("clientVerdictOf", () => {
  it("claims nothing for code edited since its last Run", () => {
    expect(clientVerdictOf("a", { ...passed, code: "b" })).toBeUndefined();
    expect(clientVerdictOf(passed.code, passed)).toEqual({ status: "pass", tests: [{ name: "counts > exactly", passed: true }] });
  });
});

describe("submissionFileName", () => {
  it("names the file after the assignment and the student id, keeping only safe characters", () => {
    expect(submissionFileName("week-1", " 2024 001 ")).toBe("week-1-2024_001.synclab.json");
    expect(submissionFileName("week-1", "../../etc")).toBe("week-1-etc.synclab.json");
    expect(submissionFileName("week-1", "张三")).toBe("week-1-张三.synclab.json");
  });
});
