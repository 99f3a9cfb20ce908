/**
 * prove.ts — what every exercise must prove through the judge (issue 4): the reference
 * solution passes every hidden test, the starter fails (and compiles), and each
 * `.meta/wrong/` variant gets exactly the verdict its `// expect:` header names. Written once
 * for CI (tests/unit/exercises.test.ts) and for instructors (`synclab verify <dir>`). Runs in
 * Node; the judge is passed in.
 */
import { summarize, type Verdict } from "../runner/core/verdict.ts";
import { shownDir, type Exercise } from "./index.ts";
import { checkExpectation } from "./schema.ts";

/** Proof is one claim about an exercise, checked by judging one file as its solution.ts. */
export interface Proof {
  /** the claim, as a sentence ("the reference solution passes every hidden test") */
  label: string;
  /** the file judged */
  code: string;
  /** problem returns undefined when the Verdict proves the claim, else what went wrong with the Verdict's summary */
  problem(v: Verdict): string | undefined;
}

/** proofsOf lists an exercise's proofs: solution, starter, then each wrong variant. */
export function proofsOf(ex: Exercise): Proof[] {
  return [
    {
      label: "the reference solution passes every hidden test, each named in both languages",
      code: ex.solution,
      problem: (v) => {
        if (v.status !== "pass") return `.meta/solution.ts: verdict is ${v.status}, expected pass\n\n${summarize(v)}`;
        const unnamed = v.tests.filter((t) => t.zh?.name === undefined);
        if (unnamed.length === 0) return undefined;
        return `${shownDir(ex)}/hidden.test.ts: ${unnamed.length === 1 ? "a test has" : `${unnamed.length} tests have`} no Chinese name: ${unnamed.map((t) => JSON.stringify(t.name)).join(", ")} (expected test({ en: "…", zh: "…" }, …), and describe blocks likewise)`;
      },
    },
    {
      label: "the starter fails, and not with a compile error",
      code: ex.starter,
      problem: (v) =>
        ["pass", "compile-error", "internal-error"].includes(v.status) ? `starter.ts: verdict is ${v.status}, expected a failing verdict\n\n${summarize(v)}` : undefined,
    },
    ...ex.wrong.map((w): Proof => ({
      label: `wrong/${w.name} gets ${w.expect.kind}${w.expect.test ? ` "${w.expect.test}"` : ""}`,
      code: w.code,
      problem: (v) => {
        const p = checkExpectation(v, w.expect);
        return p === undefined ? undefined : `${w.file}: ${p}\n\n${summarize(v)}`;
      },
    })),
  ];
}
