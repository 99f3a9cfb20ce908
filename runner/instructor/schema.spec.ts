import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  InstructorFileError,
  MAX_SUBMISSION_BYTES,
  assignmentHash,
  canonicalJson,
  parseAssignment,
  parseSubmission,
  publicAssignment,
  sealSubmission,
  submissionHash,
  type UnsealedSubmission,
} from "./schema.ts";

const YAML = `# week 3
id: week-3
title: { zh: 第三周, en: "Week 3" }
due: 2026-03-01T23:59:00+08:00
late: { penaltyPerDay: 10, hardClose: 2026-03-03T23:59:00+08:00 }
exercises:
  - id: safe-counter
    points: 10
    weights: { "counts exactly": 3 }
    instructorTests: [extra/safe-counter.test.ts]
  - { id: config-store, points: 5, allOrNothing: true }
`;

/** fieldOf returns the field an InstructorFileError names for `text`. */
function fieldOf(text: string, file = "assignment.yaml"): string | undefined {
  try {
    parseAssignment(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InstructorFileError);
    expect((e as Error).message).toContain(file);
    return (e as InstructorFileError).field;
  }
  throw new Error(`parseAssignment accepted ${text}`);
}

describe("parseAssignment", () => {
  test("reads a YAML assignment with its dates kept as text and the late policy defaulted when absent", () => {
    const a = parseAssignment(YAML, "assignment.yaml");
    expect(a.due).toBe("2026-03-01T23:59:00+08:00");
    expect(a.exercises.map((e) => e.id)).toEqual(["safe-counter", "config-store"]);
    expect(parseAssignment(YAML.replace(/^late:.*\n/m, ""), "a.yaml").late).toEqual({ penaltyPerDay: 0 });
  });
  test("reads the same assignment from JSON", () => {
    const a = parseAssignment(YAML, "assignment.yaml");
    expect(parseAssignment(JSON.stringify(a), "assignment.json")).toEqual(a);
  });
  test("names the field that is wrong", () => {
    expect(fieldOf(YAML.replace("points: 5", "points: 0"))).toBe("exercises.1.points");
    expect(fieldOf(YAML.replace("allOrNothing: true", "allOrNothing: true, bonus: 1"))).toBe("exercises.1.bonus");
    expect(fieldOf(YAML.replace("due: 2026-03-01T23:59:00+08:00", "due: next friday"))).toBe("due");
    expect(fieldOf(YAML.replace("id: config-store", "id: safe-counter"))).toBe("exercises.1.id");
    expect(fieldOf(YAML.replace("2026-03-03T23:59", "2026-02-03T23:59"))).toBe("late.hardClose");
    expect(fieldOf(YAML.replace("extra/safe-counter", "/etc/safe-counter"))).toBe("exercises.0.instructorTests.0");
    expect(fieldOf(YAML.replace("title: { zh: 第三周, ", "title: { "))).toBe("title.zh");
  });
  test("says a file that does not parse is not YAML or not JSON", () => {
    expect(() => parseAssignment("id: [", "a.yaml")).toThrow(/a\.yaml: is not valid YAML/);
    expect(() => parseAssignment("{", "a.json")).toThrow(/a\.json: is not valid JSON/);
  });
  test("refuses a YAML file that expands aliases without bound", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${Array(9).fill(i === 0 ? "*a" : `*b${i - 1}`).join(", ")}]`).join("\n")}\n`;
    expect(() => parseAssignment(bomb, "bomb.yaml")).toThrow(InstructorFileError);
  });
});

describe("canonicalJson", () => {
  test("sorts keys, drops undefined and writes no whitespace, so key order does not matter", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(canonicalJson({ a: 1, b: { d: 2, c: 3 } })).toBe(canonicalJson({ b: { c: 3, d: 2 }, a: 1 }));
  });
  test("refuses a value JSON cannot hold exactly", () => {
    expect(() => canonicalJson({ x: NaN })).toThrow(/value\.x is NaN/);
  });
});

describe("assignmentHash", () => {
  test("is SHA-256 of the canonical JSON of the public assignment, as Node's crypto computes it", async () => {
    const a = parseAssignment(YAML, "assignment.yaml");
    const want = `sha256:${createHash("sha256").update(canonicalJson(publicAssignment(a))).digest("hex")}`;
    expect(await assignmentHash(a)).toBe(want);
  });
  test("does not change with the format or the instructor-only test paths, and changes with the points", async () => {
    const a = parseAssignment(YAML, "assignment.yaml");
    const b = parseAssignment(JSON.stringify(publicAssignment(a)), "assignment.json");
    expect(await assignmentHash(b)).toBe(await assignmentHash(a));
    const c = parseAssignment(YAML.replace("points: 5", "points: 6"), "assignment.yaml");
    expect(await assignmentHash(c)).not.toBe(await assignmentHash(a));
  });
});

describe("submission files", () => {
  const unsealed: UnsealedSubmission = {
    format: "synclab-submission",
    version: 1,
    assignment: { id: "week-3", hash: `sha256:${"0".repeat(64)}` },
    student: { name: "Li Lei", id: "2026001" },
    exercises: [{ id: "safe-counter", code: "export {}", clientVerdict: { status: "pass", tests: [{ name: "a", passed: true }] } }],
    site: { version: "0.1.0" },
    submittedAt: "2026-03-01T10:00:00Z",
  };
  test("a sealed submission parses back and its hash is the hash of its other fields", async () => {
    const s = await sealSubmission(unsealed);
    const back = parseSubmission(JSON.stringify(s), "li.synclab.json");
    expect(await submissionHash(back)).toBe(s.hash);
  });
  test("editing the code or the client verdict changes the hash", async () => {
    const s = await sealSubmission(unsealed);
    const edited = { ...s, exercises: [{ ...s.exercises[0]!, clientVerdict: { status: "fail" as const, tests: [] } }] };
    expect(await submissionHash(edited)).not.toBe(s.hash);
  });
  test("a truncated, oversized or malformed file is refused, naming the file and field", async () => {
    const text = JSON.stringify(await sealSubmission(unsealed));
    expect(() => parseSubmission(text.slice(0, text.length / 2), "t.synclab.json")).toThrow(/t\.synclab\.json: is not valid JSON/);
    expect(() => parseSubmission(" ".repeat(MAX_SUBMISSION_BYTES + 1), "big.synclab.json")).toThrow(/big\.synclab\.json: is \d+ characters, expected at most/);
    try {
      parseSubmission(text.replace('"2026001"', '""'), "x.synclab.json");
      throw new Error("accepted an empty student id");
    } catch (e) {
      expect((e as InstructorFileError).field).toBe("student.id");
    }
  });
});
