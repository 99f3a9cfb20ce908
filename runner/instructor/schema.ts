/**
 * schema.ts — the two files of instructor mode (issue 13), as zod schemas, and the one way to
 * hash them. Runs anywhere: the site's assignment page (browser, main thread) and
 * `synclab assign` / `synclab grade` (Node). Pure zod, the `yaml` parser and WebCrypto; no
 * Node import.
 *
 *  - The **assignment file** (`assignment.yaml` or `assignment.json`, written by an
 *    instructor; `assignmentSchema`, read with `parseAssignment`): which exercises, in which
 *    order, for how many points, due when, and the instructor-only tests kept beside it.
 *  - The **submission file** (`<anything>.synclab.json`, written by the site's
 *    **Download submission**; `submissionSchema`, read with `parseSubmission`): who, for which
 *    assignment (id and hash), each exercise's code and the verdict the site showed, sealed
 *    with a content hash (`sealSubmission`).
 *
 * Hashes (`canonicalJson`, `sha256Hex`, `assignmentHash`, `submissionHash`) are defined once,
 * here, so the browser that writes a submission and the grader that checks it compute the same
 * bytes: SHA-256 (WebCrypto's `crypto.subtle.digest`, global in Node ≥ 19 and in browsers —
 * in a browser only in a secure context: https or localhost) over the UTF-8 bytes of a
 * canonical JSON text, written `sha256:<64 lowercase hex digits>`.
 *
 * Errors: `parseAssignment` and `parseSubmission` throw an `InstructorFileError` that names the
 * file and the field (a dotted path, `exercises.1.points`), what was received and what was
 * expected — the way exercises/index.ts reports a bad config.json.
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** SLUG is a kebab-case identifier (exercise ids, assignment ids). */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** SHA256_TEXT is how every hash in these files is written. */
const SHA256_TEXT = /^sha256:[0-9a-f]{64}$/;

/** isoDateTime is an ISO 8601 date-time with a UTC offset (`2026-03-01T23:59:00+08:00` or `…Z`). */
const isoDateTime = () =>
  z.iso.datetime({ offset: true }).describe("an ISO 8601 date-time with its UTC offset, e.g. 2026-03-01T23:59:00+08:00 or 2026-03-01T15:59:00Z");

/** relativePath is a path relative to the assignment file: no leading /, no drive letter, forward slashes. */
const relativePath = () =>
  z
    .string()
    .min(1)
    .refine((p) => !/^([a-zA-Z]:)?[\\/]/.test(p) && !p.includes("\\") && !p.includes("\0"), {
      message: "expected a path relative to the assignment file, with forward slashes (e.g. tests/safe-counter.extra.test.ts)",
    });

// ---------------------------------------------------------------------------------------------
// The assignment file
// ---------------------------------------------------------------------------------------------

/**
 * assignmentExerciseSchema is one entry of an assignment's `exercises` list.
 *
 * Scoring (runner/instructor/scoring.ts implements it): an exercise earns
 * `points × (sum of the weights of the tests that passed) / (sum of all the tests' weights)`,
 * over the exercise's hidden tests and its instructor-only tests together; with `allOrNothing`
 * it earns `points` when every test passed and 0 otherwise. A verdict that is not about tests
 * (compile-error, timeout, runtime-error, internal-error) earns 0.
 */
export const assignmentExerciseSchema = z
  .object({
    id: z
      .string()
      .regex(SLUG, "expected an exercise id, a kebab-case slug like safe-counter")
      .describe("the exercise's id (its .meta/config.json id; `synclab check <id>` uses the same)"),
    points: z.number().positive().max(10_000).describe("points the exercise is worth when every test passes"),
    weights: z
      .record(z.string().min(1), z.number().min(0).max(1_000))
      .optional()
      .describe(
        "optional weight per test name (default 1 for every test not listed). A key matches a test whose full name (describe blocks joined by ' > ') is the key or ends with ' > ' + key; an instructor-only test's names are matched the same way",
      ),
    allOrNothing: z
      .boolean()
      .optional()
      .describe("when true the exercise earns all its points only if every test passes, else 0 (default false: partial credit by weighted share)"),
    instructorTests: z
      .array(relativePath())
      .max(20)
      .optional()
      .describe(
        "optional instructor-only test files (written like hidden.test.ts, importing ./solution.ts), paths relative to the assignment file; judged by `synclab grade` after the hidden tests, never bundled into the site nor put in the assignment link",
      ),
  })
  .strict()
  .describe("one exercise of the assignment, with its points");

/**
 * latePolicySchema says what a submission after `due` costs. Days late are counted in started
 * periods of 24 hours after `due` (1 second late is 1 day late). The penalty is
 * `penaltyPerDay` percent of the points earned per day late, capped at 100%; a submission after
 * `hardClose` earns 0 and is flagged `closed`.
 */
export const latePolicySchema = z
  .object({
    penaltyPerDay: z
      .number()
      .min(0)
      .max(100)
      .describe("percent of the points earned taken off per started day (24 h) after the due date; 0 = late work is only flagged"),
    hardClose: isoDateTime()
      .optional()
      .describe("after this date-time a submission earns 0 (flagged closed); absent: no hard close"),
  })
  .strict()
  .describe("what a late submission costs");

/**
 * assignmentSchema is an assignment file (`assignment.yaml` or `assignment.json`). Example:
 *
 * ```yaml
 * id: week-3-locks
 * title: { zh: 第三周：锁, en: "Week 3: locks" }
 * due: 2026-03-01T23:59:00+08:00
 * late: { penaltyPerDay: 10, hardClose: 2026-03-04T23:59:00+08:00 }
 * exercises:
 *   - id: safe-counter
 *     points: 10
 *     weights: { "counts concurrent increments exactly": 3 }
 *     instructorTests: [extra/safe-counter.test.ts]
 *   - { id: config-store, points: 10, allOrNothing: true }
 * ```
 */
export const assignmentSchema = z
  .object({
    id: z
      .string()
      .regex(SLUG, "expected a kebab-case slug like week-3-locks")
      .max(100)
      .describe("the assignment's id, a kebab-case slug; submissions name it"),
    title: z
      .object({
        zh: z.string().min(1).max(200).describe("title in Chinese"),
        en: z.string().min(1).max(200).describe("title in English"),
      })
      .strict()
      .describe("the assignment's title in both languages"),
    due: isoDateTime().describe("the due date-time; a submission after it is late"),
    late: latePolicySchema.default({ penaltyPerDay: 0 }).describe("late policy (default: late work is flagged, nothing is taken off)"),
    exercises: z
      .array(assignmentExerciseSchema)
      .min(1)
      .max(100)
      .describe("the exercises, in the order the assignment page shows them")
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((e, i) => {
          if (seen.has(e.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${e.id}" is listed twice, expected each exercise once` });
          seen.add(e.id);
        });
      }),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.late.hardClose !== undefined && Date.parse(a.late.hardClose) < Date.parse(a.due)) {
      ctx.addIssue({ code: "custom", path: ["late", "hardClose"], message: `is ${a.late.hardClose}, expected a date-time at or after due (${a.due})` });
    }
  })
  .describe("an assignment file: exercises with points, a due date and a late policy");

/** Assignment is a validated assignment file (defaults filled in). */
export type Assignment = z.infer<typeof assignmentSchema>;
/** AssignmentExercise is one entry of Assignment.exercises. */
export type AssignmentExercise = z.infer<typeof assignmentExerciseSchema>;
/** LatePolicy is Assignment.late. */
export type LatePolicy = z.infer<typeof latePolicySchema>;

/**
 * PublicAssignment is what the site may see of an assignment: everything but the
 * instructor-only test paths. `synclab assign` puts it in the link; the assignment hash is
 * over it, so the site and the grader agree on it. assignmentSchema validates it too
 * (instructorTests is optional).
 */
export type PublicAssignment = Omit<Assignment, "exercises"> & { exercises: Omit<AssignmentExercise, "instructorTests">[] };

/** publicAssignment drops what the site must not see (instructorTests) from an assignment. */
export function publicAssignment(a: Assignment): PublicAssignment {
  return { ...a, exercises: a.exercises.map(({ instructorTests: _, ...rest }) => rest) };
}

// ---------------------------------------------------------------------------------------------
// The submission file
// ---------------------------------------------------------------------------------------------

/** SUBMISSION_FORMAT is the `format` tag of every submission file. */
export const SUBMISSION_FORMAT = "synclab-submission";
/** SUBMISSION_VERSION is bumped on every change an older grader would misread. */
export const SUBMISSION_VERSION = 1;
/** MAX_CODE_CHARS bounds one exercise's code in a submission (characters). */
export const MAX_CODE_CHARS = 256 * 1024;
/**
 * MAX_SUBMISSION_BYTES bounds a submission file: the grader refuses a larger file before
 * reading or parsing it (an error row), and the site refuses to write one.
 */
export const MAX_SUBMISSION_BYTES = 4 * 1024 * 1024;

/** CLIENT_VERDICT_STATUSES mirrors runner/core/verdict.ts's VERDICT_STATUSES plus `not-run`. */
export const CLIENT_VERDICT_STATUSES = [
  "compile-error",
  "timeout",
  "internal-error",
  "runtime-error",
  "deadlock",
  "fail",
  "pass",
  "not-run",
] as const;

/**
 * clientVerdictSchema is what the site's judge said about an exercise's code when the
 * submission was downloaded: the Verdict's status and each test's pass/fail. It is the
 * learner's claim, never trusted: the grader judges again and flags `claimed-pass` when the
 * client said pass and the regrade does not.
 */
export const clientVerdictSchema = z
  .object({
    status: z
      .enum(CLIENT_VERDICT_STATUSES)
      .describe("the site's Verdict status for this code (runner/core/verdict.ts), or not-run when the code was never run"),
    tests: z
      .array(
        z
          .object({
            name: z.string().max(1000).describe("the test's full name, describe blocks joined by ' > '"),
            passed: z.boolean().describe("true when the test's status was pass"),
          })
          .strict()
          .describe("one hidden test's outcome on the site"),
      )
      .max(1000)
      .describe("each hidden test's outcome, in the Verdict's order (empty for not-run or compile-error)"),
  })
  .strict()
  .describe("the verdict the site showed for this code");

/** submissionExerciseSchema is one exercise of a submission. */
export const submissionExerciseSchema = z
  .object({
    id: z.string().regex(SLUG, "expected an exercise id, a kebab-case slug").describe("the exercise's id"),
    code: z.string().max(MAX_CODE_CHARS).describe("the learner's solution.ts, as in the editor when the submission was made"),
    clientVerdict: clientVerdictSchema.optional().describe("what the site's judge said about this exact code; absent if it was not run"),
  })
  .strict()
  .describe("one exercise's code and the site's verdict on it");

/**
 * submissionSchema is a `.synclab.json` file. Field order in the file does not matter: the
 * hash is over a canonical JSON (see submissionHash).
 */
export const submissionSchema = z
  .object({
    format: z.literal(SUBMISSION_FORMAT).describe(`always "${SUBMISSION_FORMAT}"`),
    version: z.literal(SUBMISSION_VERSION).describe("submission format version"),
    assignment: z
      .object({
        id: z.string().regex(SLUG).max(100).describe("the assignment's id"),
        hash: z
          .string()
          .regex(SHA256_TEXT, "expected sha256:<64 lowercase hex digits>")
          .describe("assignmentHash of the assignment the page was opened with (flag assignment-hash when it differs from the grader's)"),
      })
      .strict()
      .describe("which assignment this answers"),
    student: z
      .object({
        name: z.string().trim().min(1).max(200).describe("the student's name as they typed it"),
        id: z.string().trim().min(1).max(100).describe("the student's id as they typed it (the gradebook's key)"),
      })
      .strict()
      .describe("who submits"),
    exercises: z
      .array(submissionExerciseSchema)
      .max(100)
      .describe("one entry per exercise of the assignment, in the assignment's order; an exercise left out earns 0"),
    site: z
      .object({ version: z.string().min(1).max(100).describe("the site's version (package.json version and build commit) that made the file") })
      .strict()
      .describe("the site that made the file"),
    submittedAt: isoDateTime().describe("when Download submission was pressed, by the student's clock (can be forged: see --submitted-at)"),
    hash: z
      .string()
      .regex(SHA256_TEXT, "expected sha256:<64 lowercase hex digits>")
      .describe("submissionHash of this file's other fields (flag code-hash when it does not match)"),
  })
  .strict()
  .describe("a submission file (.synclab.json) made by the site's Download submission");

/** Submission is a validated submission file. */
export type Submission = z.infer<typeof submissionSchema>;
/** UnsealedSubmission is a Submission before sealSubmission adds its hash. */
export type UnsealedSubmission = Omit<Submission, "hash">;
/** ClientVerdict is Submission.exercises[i].clientVerdict. */
export type ClientVerdict = z.infer<typeof clientVerdictSchema>;

// ---------------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------------

/**
 * canonicalJson writes a JSON value so that equal values give equal text on any engine:
 * objects' keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace, keys
 * whose value is undefined left out, arrays in order, strings and numbers as JSON.stringify
 * writes them (the ECMAScript number form RFC 8785 also uses). It throws on a value JSON cannot
 * hold exactly (a non-finite number, a function, a bigint, a cycle).
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (v: unknown, where: string): string => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`canonicalJson: ${where} is ${v}, expected a finite number`);
      return JSON.stringify(v);
    }
    if (typeof v !== "object") throw new Error(`canonicalJson: ${where} is a ${typeof v}, expected a JSON value`);
    if (seen.has(v)) throw new Error(`canonicalJson: ${where} refers back to itself, expected a tree`);
    seen.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = `[${v.map((x, i) => write(x === undefined ? null : x, `${where}[${i}]`)).join(",")}]`;
    } else {
      const entries = Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${write((v as Record<string, unknown>)[k], `${where}.${k}`)}`);
      out = `{${entries.join(",")}}`;
    }
    seen.delete(v);
    return out;
  };
  return write(value, "value");
}

/** sha256Hex is `sha256:` and the lowercase hex SHA-256 of the UTF-8 bytes of `text` (WebCrypto). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * assignmentHash is the hash of an assignment as the site sees it:
 * `sha256Hex(canonicalJson(publicAssignment(a)))`, over the parsed value with its defaults
 * filled in — so YAML or JSON, key order, comments and the instructor-only test paths do not
 * change it; any change to the ids, order, points, weights, dates or titles does.
 */
export function assignmentHash(a: Assignment | PublicAssignment): Promise<string> {
  return sha256Hex(canonicalJson(publicAssignment(a as Assignment)));
}

/**
 * SUBMISSION_HASHED_FIELDS are the fields submissionHash covers: every field but `hash`.
 */
export const SUBMISSION_HASHED_FIELDS = ["format", "version", "assignment", "student", "exercises", "site", "submittedAt"] as const;

/**
 * submissionHash is `sha256Hex(canonicalJson(x))` where x holds exactly the
 * SUBMISSION_HASHED_FIELDS of `s` (so an edited code, verdict, name or time changes it).
 * It is a seal against accidents and casual edits, not a signature: anyone can recompute it.
 */
export function submissionHash(s: UnsealedSubmission | Submission): Promise<string> {
  const picked: Record<string, unknown> = {};
  for (const k of SUBMISSION_HASHED_FIELDS) picked[k] = (s as Record<string, unknown>)[k];
  return sha256Hex(canonicalJson(picked));
}

/** sealSubmission returns `s` with its `hash` set (the site calls it before the download). */
export async function sealSubmission(s: UnsealedSubmission): Promise<Submission> {
  return { ...s, hash: await submissionHash(s) };
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** InstructorFileError says which file and field of an assignment or submission is wrong. */
export class InstructorFileError extends Error {
  readonly file: string;
  readonly field: string | undefined;
  /** what is wrong, without the file and field */
  readonly problem: string;
  constructor(file: string, field: string | undefined, problem: string) {
    super(`${file}${field ? ` (field ${field})` : ""}: ${problem}`);
    this.name = "InstructorFileError";
    this.file = file;
    this.field = field;
    this.problem = problem;
  }
}

/** describeValue shows a received value briefly, for messages. */
function describeValue(v: unknown): string {
  if (v === undefined) return "missing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** valueAt reads the value at a zod issue's path, for "received …" in messages. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** validate runs a schema and turns its first issue into an InstructorFileError naming the field. */
function validate<S extends z.ZodType>(schema: S, raw: unknown, file: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const keys = issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys ?? [] : [];
  const path = [...issue.path, ...(keys.length === 1 ? keys : [])].map(String);
  const field = path.join(".") || undefined;
  const received = keys.length ? "" : ` (received ${describeValue(valueAt(raw, issue.path))})`;
  const hint = issue.code === "unrecognized_keys" ? `: unknown field${keys.length > 1 ? `s ${keys.join(", ")}` : ""}, expected only the fields the format defines` : "";
  throw new InstructorFileError(file, field, `${issue.message}${hint}${received}`);
}

/** readStructured parses YAML (also JSON, which YAML contains) or, for a .json file, strict JSON. */
function readStructured(text: string, file: string): unknown {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new InstructorFileError(file, undefined, `is not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    // maxAliasCount bounds alias expansion (a "billion laughs" file).
    return parseYaml(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (e) {
    throw new InstructorFileError(file, undefined, `is not valid YAML: ${(e as Error).message}`);
  }
}

/**
 * parseAssignment reads an assignment file's text: JSON when `file` ends in .json, else YAML
 * (YAML dates are kept as text). It returns the validated Assignment with defaults filled in,
 * or throws an InstructorFileError naming `file` and the first wrong field
 * (`assignment.yaml (field exercises.1.points): Too small: expected number to be >0 (received 0)`).
 * It does not check that the exercise ids exist or that instructorTests files exist: that
 * needs the exercises and a file system (runner/instructor/assignment.ts does it in Node).
 */
export function parseAssignment(text: string, file: string): Assignment {
  const raw = readStructured(text, file);
  return validate(assignmentSchema, raw, file);
}

/**
 * parseSubmission reads a submission file's text (JSON) and returns the validated Submission,
 * or throws an InstructorFileError naming `file` and the first wrong field. A text longer than
 * MAX_SUBMISSION_BYTES characters is refused before it is parsed. It does not check the hash
 * (submissionHash is async; the grader compares and flags).
 */
export function parseSubmission(text: string, file: string): Submission {
  if (text.length > MAX_SUBMISSION_BYTES) {
    throw new InstructorFileError(file, undefined, `is ${text.length} characters, expected at most ${MAX_SUBMISSION_BYTES}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InstructorFileError(file, undefined, `is not valid JSON (truncated?): ${(e as Error).message}`);
  }
  return validate(submissionSchema, raw, file);
}
