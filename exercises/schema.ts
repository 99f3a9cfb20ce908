/**
 * schema.ts — the schema of an exercise's `.meta/config.json` and of a wrong variant's
 * `// expect:` header (see notes/exercise-format.md). Runs anywhere (zod only).
 */
import { z } from "zod";
import { EXPLORE_STRATEGIES } from "gosync/sim/schema";

/** CHAPTERS are the chapter slugs an exercise can belong to (the chapter folders drop the NN- prefix). */
export const CHAPTERS = ["sync-primitives", "defer-waitgroup", "pitfalls", "practice", "summary"] as const;

export const limitsSchema = z
  .object({
    wallMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(5000)
      .describe("hard wall-clock limit of one Run in ms; the sandbox is stopped and the verdict is timeout"),
    runs: z.number().int().min(1).max(100_000).describe("schedules to explore per hidden test, at most (random and pct stop once every schedule there is has run)"),
    strategy: z
      .enum(EXPLORE_STRATEGIES)
      .describe("gosync scheduling strategy used to explore: random, pct, exhaustive, or the bounded searches preemption-bounded and delay-bounded (gosync/sim/schema)"),
    maxSteps: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("scheduling steps allowed per schedule before the run counts as stuck (gosync's default if absent)"),
    seed: z.number().int().optional().describe("first seed of the exploration (the runner's fixed default if absent)"),
    profile: z
      .boolean()
      .optional()
      .describe("record each test's blocking profile on every Run (of its failing schedule, or of its first when it passed), which the results panel shows as a table: for an exercise about reading it (one more run per test)"),
  })
  .strict()
  .describe("how hard the judge looks: wall-clock limit and exploration");

export const configSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a kebab-case slug like safe-counter")
      .describe("unique kebab-case slug; <Exercise id> and `synclab check <id>` use it"),
    chapter: z.enum(CHAPTERS).describe("chapter slug the exercise belongs to; must match its NN-chapter folder"),
    title: z
      .object({
        zh: z.string().min(1).describe("title in Chinese"),
        en: z.string().min(1).describe("title in English"),
      })
      .strict()
      .describe("title in both languages"),
    concepts: z.array(z.string().min(1)).min(1).describe("concepts practised, as kebab-case tags"),
    limits: limitsSchema,
    blindSpot: z
      .object({
        zh: z.string().min(1).describe("in Chinese"),
        en: z.string().min(1).describe("in English"),
      })
      .strict()
      .optional()
      .describe(
        "what the hidden tests cannot see (a bug the simulator cannot show, e.g. one that needs a preemption between two atomic operations); said with every pass, in the site and the CLI, so a pass is not read as proof",
      ),
  })
  .strict()
  .describe("an exercise's .meta/config.json");

export type ExerciseConfig = z.infer<typeof configSchema>;
export type ExerciseLimits = z.infer<typeof limitsSchema>;

/** EXPECT_KINDS are the words a wrong variant's header can start with. */
export const EXPECT_KINDS = [
  "compile-error", "runtime-error", "timeout", "internal-error", "deadlock", "fail", "race", "leak", "panic", "error",
] as const;
export type ExpectKind = (typeof EXPECT_KINDS)[number];

/**
 * WrongExpectation is a parsed `// expect: <kind> ["<test name>"]` header:
 *  - compile-error | runtime-error | timeout | internal-error: the Verdict's status;
 *  - deadlock: status deadlock, and the named test (if any) deadlocked;
 *  - fail: status fail, and the named test (if any) failed an assertion;
 *  - race | leak | panic | error: status fail, and the named test (or, unnamed, some test) ended so.
 */
export interface WrongExpectation {
  kind: ExpectKind;
  test?: string;
}

/** parseExpectHeader reads the first line of a wrong variant; it throws with what it received and expected. */
export function parseExpectHeader(source: string): WrongExpectation {
  const first = source.split("\n", 1)[0]!.trim();
  const m = /^\/\/\s*expect:\s*([a-z-]+)(?:\s+"([^"]+)")?\s*$/.exec(first);
  if (!m) {
    throw new Error(`first line is ${JSON.stringify(first.slice(0, 80))}, expected a header like // expect: fail "test name" (kinds: ${EXPECT_KINDS.join(", ")})`);
  }
  if (!(EXPECT_KINDS as readonly string[]).includes(m[1]!)) {
    throw new Error(`expect kind "${m[1]}" is unknown, expected one of ${EXPECT_KINDS.join(", ")}`);
  }
  return m[2] ? { kind: m[1] as ExpectKind, test: m[2] } : { kind: m[1] as ExpectKind };
}

/** VerdictLike is the part of a Verdict that checkExpectation reads. */
interface VerdictLike {
  status: string;
  tests: readonly { name: string; status: string }[];
}

/** testMatches tells whether a Verdict test name (describe blocks joined by " > ") is the header's test name. */
function testMatches(full: string, name: string): boolean {
  return full === name || full.endsWith(` > ${name}`);
}

const DETECTOR_KINDS: readonly ExpectKind[] = ["race", "leak", "panic", "error"];

/**
 * checkExpectation compares a Verdict with a wrong variant's header (semantics on
 * WrongExpectation); it returns undefined when they agree, else what was received and expected.
 */
export function checkExpectation(v: VerdictLike, want: WrongExpectation): string | undefined {
  const status = want.kind === "deadlock" ? "deadlock" : want.kind === "fail" || DETECTOR_KINDS.includes(want.kind) ? "fail" : want.kind;
  if (v.status !== status) return `verdict is ${v.status}, expected ${status}`;
  if (status !== "fail" && status !== "deadlock") return undefined;
  const testStatus = want.kind;
  const candidates = want.test ? v.tests.filter((t) => testMatches(t.name, want.test!)) : v.tests;
  if (want.test && candidates.length === 0) {
    return `no test is named "${want.test}" (tests: ${v.tests.map((t) => `"${t.name}"`).join(", ")})`;
  }
  if (!candidates.some((t) => t.status === testStatus)) {
    const got = candidates.map((t) => `"${t.name}": ${t.status}`).join(", ");
    return `expected ${want.test ? `test "${want.test}"` : "some test"} to end as ${testStatus}, received ${got}`;
  }
  return undefined;
}
