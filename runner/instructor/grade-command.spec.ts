// synclab grade end to end, in-process, on one small exercise: the outputs' columns, error rows
// for files that cannot be graded, the flags, and the same grades.csv bytes whatever --jobs and
// whether the batch was sharded and merged.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { findExercise } from "../../exercises/index.ts";
import { CANVAS_COLUMNS } from "./formats/canvas.ts";
import { gradesCsvHeader } from "./formats/grades-csv.ts";
import { MOODLE_ID_COLUMN } from "./formats/moodle.ts";
import { gradeMain } from "./grade-command.ts";
import { makeSubmission } from "./sample-submissions.ts";
import { MAX_SUBMISSION_BYTES, parseAssignment } from "./schema.ts";

const dir = mkdtempSync(join(tmpdir(), "synclab-grade-"));
const subs = join(dir, "subs");
const ex = findExercise("goroutine-leak")!;
const hostile = readFileSync(new URL("../../tests/hostile/escape-to-the-host.ts", import.meta.url), "utf8");

/** INSTRUCTOR_TESTS is an instructor-only test file: the reference passes it, a replica-ignoring answer does not. */
const INSTRUCTOR_TESTS = `import { test, expect } from "vitest";
import { firstResult } from "./solution.ts";
test("a single replica's answer is returned", async () => {
  expect(await firstResult([async () => "only"])).toBe("only");
});
`;

const YAML = `id: leak-week
title: { zh: 泄漏周, en: Leak week }
due: 2026-03-01T23:59:00+08:00
late: { penaltyPerDay: 20, hardClose: 2026-03-04T23:59:00+08:00 }
exercises:
  - id: goroutine-leak
    points: 10
    weights: { "a single replica's answer is returned": 2 }
    instructorTests: [extra/leak.test.ts]
`;

/** run calls synclab grade in-process and returns its exit status and output. */
async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await gradeMain(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

const csvOf = (path: string) => parse(readFileSync(path, "utf8"), { columns: true }) as Record<string, string>[];

beforeAll(async () => {
  mkdirSync(join(dir, "extra"), { recursive: true });
  mkdirSync(subs, { recursive: true });
  writeFileSync(join(dir, "assignment.yaml"), YAML);
  writeFileSync(join(dir, "extra", "leak.test.ts"), INSTRUCTOR_TESTS);
  const a = parseAssignment(YAML, "assignment.yaml");
  const write = async (name: string, s: Parameters<typeof makeSubmission>[1], edit?: (text: string) => string) => {
    const text = JSON.stringify(await makeSubmission(a, s), null, 1);
    writeFileSync(join(subs, `${name}.synclab.json`), edit ? edit(text) : text);
  };
  const on = "2026-03-01T12:00:00+08:00";
  const pass = { status: "pass" as const, tests: [] };
  await write("a-pass", { student: { id: "s01", name: "Pass" }, code: { "goroutine-leak": ex.solution }, submittedAt: on, clientVerdicts: { "goroutine-leak": pass } });
  await write("b-claims", { student: { id: "s02", name: "Claims" }, code: { "goroutine-leak": ex.starter }, submittedAt: on, clientVerdicts: { "goroutine-leak": pass } });
  await write("c-late", { student: { id: "s03", name: "Late" }, code: { "goroutine-leak": ex.solution }, submittedAt: "2026-03-02T12:00:00+08:00" });
  await write("d-edited", { student: { id: "s04", name: "Edited" }, code: { "goroutine-leak": ex.starter }, submittedAt: on }, (t) => t.replace("export", "export "));
  await write("e-hostile", { student: { id: "s05", name: "Hostile" }, code: { "goroutine-leak": `${ex.starter}\n${hostile}` }, submittedAt: on });
  await write("f-closed", { student: { id: "s06", name: "Closed" }, code: { "goroutine-leak": ex.solution }, submittedAt: "2026-03-05T12:00:00+08:00" });
  await write("g-nothing", { student: { id: "s07", name: "Nothing" }, code: {}, submittedAt: on });
  // h-own writes a helper of its own; i-copy is it with every name changed.
  const own = `${ex.solution}\nexport function pickFirst(answers: readonly string[], fallback: string): string {\n  const seen = new Set<string>();\n  for (const a of answers) {\n    if (a.length > 0 && !seen.has(a)) return a;\n    seen.add(a);\n  }\n  return fallback.trim() || "none";\n}\n`;
  const copy = own.replace(/pickFirst/g, "firstOf").replace(/\banswers\b/g, "list").replace(/\bseen\b/g, "out").replace(/\bfallback\b/g, "dflt");
  await write("h-own", { student: { id: "s08", name: "Own" }, code: { "goroutine-leak": own }, submittedAt: on });
  await write("i-copy", { student: { id: "s09", name: "Copy" }, code: { "goroutine-leak": copy }, submittedAt: on });
  writeFileSync(join(subs, "x-malformed.synclab.json"), '{"format": "synclab-submission", "version": 1}');
  writeFileSync(join(subs, "x-truncated.synclab.json"), readFileSync(join(subs, "a-pass.synclab.json"), "utf8").slice(0, 200));
  writeFileSync(join(subs, "x-not-utf8.synclab.json"), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
  writeFileSync(join(subs, "x-huge.synclab.json"), "");
  truncateSync(join(subs, "x-huge.synclab.json"), MAX_SUBMISSION_BYTES + 1);
  writeFileSync(join(subs, "x-other.synclab.json"), readFileSync(join(subs, "a-pass.synclab.json"), "utf8").replace('"leak-week"', '"other-week"'));
}, 60_000);

describe("synclab grade", () => {
  let rows: Record<string, string>[];
  let first: string;

  beforeAll(async () => {
    const r = await run([join(dir, "assignment.yaml"), subs, "--out", join(dir, "j1", "grades.csv"), "--jobs", "1", "--report", join(dir, "report.html"), "--feedback", join(dir, "fb")]);
    expect(r.code, r.err + r.out).toBe(1);
    first = readFileSync(join(dir, "j1", "grades.csv"), "utf8");
    rows = csvOf(join(dir, "j1", "grades.csv"));
  }, 240_000);

  test("writes grades.csv with its documented columns, one row per file", () => {
    expect(first.split("\n")[0]).toBe(gradesCsvHeader(["goroutine-leak"]).join(","));
    expect(rows).toHaveLength(14);
  });

  test("gives the reference full marks, and partial credit by the weighted share of hidden and instructor tests", () => {
    const by = (id: string) => rows.find((r) => r.student_id === id)!;
    expect(by("s01")).toMatchObject({ "goroutine-leak": "10.00", total: "10.00", flags: "" });
    const starter = Number(by("s02")["goroutine-leak"]);
    expect(starter).toBeGreaterThan(0);
    expect(starter).toBeLessThan(10);
  });

  test("flags a claimed pass, an edited file, a late and a closed submission, and a missing exercise", () => {
    const by = (id: string) => rows.find((r) => r.student_id === id)!;
    expect(by("s02").flags).toBe("claimed-pass(goroutine-leak)");
    expect(by("s04").flags).toBe("code-hash");
    expect(by("s03")).toMatchObject({ late_days: "1", late_penalty: "2.00", total: "8.00", flags: "late(1d)" });
    expect(by("s06")).toMatchObject({ total: "0.00", flags: "closed; late(4d)" });
    expect(by("s07")).toMatchObject({ total: "0.00", flags: "missing(goroutine-leak)" });
  });

  test("flags near-identical code beyond the reference, both ways, and the report shows the shared lines", () => {
    const by = (id: string) => rows.find((r) => r.student_id === id)!;
    expect(by("s08").flags).toBe("similar(goroutine-leak:s09)");
    expect(by("s09").flags).toBe("similar(goroutine-leak:s08)");
    expect(by("s01").flags).toBe("");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("Near-identical code / 高度相似的代码 (1)");
    expect(html).toMatch(/h-own\.synclab\.json:\d+-\d+\n[^<]*pickFirst/);
  });

  test("a hostile submission gets the grade of the code it attacks from, and the batch finishes", () => {
    const by = (id: string) => rows.find((r) => r.student_id === id)!;
    expect(by("s05")["goroutine-leak"]).toBe(by("s02")["goroutine-leak"]);
  });

  test("malformed, truncated, non-UTF-8, huge and foreign files are error rows with their reason", () => {
    const errors = Object.fromEntries(rows.filter((r) => r.flags === "error").map((r) => [r.file.split("/").pop(), r.error]));
    expect(errors).toEqual({
      "x-huge.synclab.json": `is ${MAX_SUBMISSION_BYTES + 1} bytes, over the cap of ${MAX_SUBMISSION_BYTES} bytes for a submission (not read)`,
      "x-malformed.synclab.json": expect.stringMatching(/^field assignment: .*\(received missing\)$/),
      "x-not-utf8.synclab.json": "is not UTF-8 text",
      "x-other.synclab.json": 'is for assignment "other-week", expected "leak-week"',
      "x-truncated.synclab.json": expect.stringMatching(/^is not valid JSON \(truncated\?\)/),
    });
  });

  test("writes one feedback file per submission and a self-contained report", () => {
    expect(readdirSync(join(dir, "fb"))).toHaveLength(14);
    expect(readFileSync(join(dir, "fb", "s02.txt"), "utf8")).toMatch(/Instructor's tests \/ 教师的测试:\n  ✓ a single replica's answer is returned/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("Flagged submissions / 需关注的提交");
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  test("--jobs 2 writes the same bytes as --jobs 1", async () => {
    const r = await run([join(dir, "assignment.yaml"), subs, "--out", join(dir, "j2", "grades.csv"), "--jobs", "2"]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, "j2", "grades.csv"), "utf8")).toBe(first);
  }, 240_000);

  test("two shards merged write the same bytes as one batch", async () => {
    for (const i of [1, 2]) {
      const r = await run([join(dir, "assignment.yaml"), subs, "--shard", `${i}/2`, "--out", join(dir, `shard-${i}.json`), "--jobs", "2"]);
      expect(r.out).toContain(`shard ${i}/2: graded`);
    }
    const m = await run(["merge", join(dir, "shard-2.json"), join(dir, "shard-1.json"), "--out", join(dir, "merged.csv")]);
    expect(m.code, m.err).toBe(1);
    expect(readFileSync(join(dir, "merged.csv"), "utf8")).toBe(first);
    const missing = await run(["merge", join(dir, "shard-1.json"), "--out", join(dir, "x.csv")]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("shards 2/2 are missing, expected all 2") });
  }, 240_000);

  test("writes Canvas, Moodle, Gradescope and Classroom outputs with their documented columns and fields", async () => {
    const shards = [join(dir, "shard-1.json"), join(dir, "shard-2.json")];
    await run(["merge", ...shards, "--format", "canvas", "--out", join(dir, "canvas.csv")]);
    const canvas = parse(readFileSync(join(dir, "canvas.csv"), "utf8")) as string[][];
    expect(canvas[0]).toEqual([...CANVAS_COLUMNS, "Leak week"]);
    expect(canvas[1]).toEqual(["Points Possible", "", "", "", "", "10.00"]);
    expect(canvas).toContainEqual(["Pass", "", "s01", "", "", "10.00"]);
    await run(["merge", ...shards, "--format", "moodle", "--out", join(dir, "moodle.csv")]);
    const moodle = parse(readFileSync(join(dir, "moodle.csv"), "utf8")) as string[][];
    expect(moodle[0]).toEqual([MOODLE_ID_COLUMN, "Full name", "Leak week (Real)", "Feedback"]);
    expect(moodle).toContainEqual(["s03", "Late", "8.00", "goroutine-leak 10.00/10.00; late 1d -2.00"]);
    await run(["merge", ...shards, "--format", "gradescope", "--out", join(dir, "gs")]);
    const gs = JSON.parse(readFileSync(join(dir, "gs", "s03", "results.json"), "utf8"));
    expect(gs).toMatchObject({ score: 8, output: expect.any(String) });
    expect(gs.tests[0]).toMatchObject({ name: expect.stringContaining("goroutine-leak"), score: 10, max_score: 10, status: "passed", output: expect.any(String) });
    expect(gs.tests[1]).toMatchObject({ score: -2, max_score: 0 });
    await run(["merge", ...shards, "--format", "classroom", "--out", join(dir, "points.txt")]);
    expect(readFileSync(join(dir, "points.txt"), "utf8")).toContain("s01\tPoints 10/10\n");
  });

  test("--submitted-at takes the times from the LMS's export, flags who it lacks, and the report says so", async () => {
    writeFileSync(join(dir, "times.csv"), "Student ID,Submitted At\ns03,2026-03-01T20:00:00+08:00\ns01,2026-03-03T20:00:00+08:00\n");
    const r = await run(["merge", join(dir, "shard-1.json"), join(dir, "shard-2.json"), "--submitted-at", join(dir, "times.csv"), "--out", join(dir, "lms.csv"), "--report", join(dir, "lms.html")]);
    expect(r.code, r.err).toBe(1);
    const lms = csvOf(join(dir, "lms.csv"));
    const by = (id: string) => lms.find((x) => x.student_id === id && x.error === "")!;
    expect(by("s03")).toMatchObject({ late_days: "0", total: "10.00", flags: "" });
    expect(by("s01")).toMatchObject({ late_days: "2", total: "6.00", flags: "late(2d)" });
    expect(by("s02").flags).toBe("claimed-pass(goroutine-leak); lms-time-missing");
    expect(readFileSync(join(dir, "lms.html"), "utf8")).toContain(`from the LMS's export <code>${join(dir, "times.csv")}</code>`);
  });

  test("exits 2 naming the field of a bad assignment file, and writes nothing", async () => {
    writeFileSync(join(dir, "bad.yaml"), YAML.replace("points: 10", "points: -1"));
    const r = await run([join(dir, "bad.yaml"), subs, "--out", join(dir, "never.csv")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad.yaml (field exercises.0.points)");
  });
});
