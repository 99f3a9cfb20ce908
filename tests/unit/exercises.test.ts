// Every exercise is proven through the Node host, as CI and instructors run it: the reference
// solution passes every hidden test under the exercise's exploration, the starter fails (and
// compiles), and each .meta/wrong/ variant gets exactly the verdict its `// expect:` header names.
import { describe, expect, test } from "vitest";
import { exerciseDirs, loadExercise, loadExercises, type Exercise } from "../../exercises/index.ts";
import { checkExpectation } from "../../exercises/schema.ts";
import { summarize } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

// Each exercise is loaded on its own, so one broken exercise fails its own test without hiding
// the proofs of the others; loadExercises (ids unique across folders) is checked as a whole.
const loaded = exerciseDirs().map((dir) => {
  try {
    return { dir, ex: loadExercise(dir) };
  } catch (error) {
    return { dir, error };
  }
});
const exercises = loaded.flatMap((l) => (l.ex ? [l.ex] : []));

const judgeAs = (ex: Exercise, solution: string) =>
  judge({ exerciseId: ex.id, solution, tests: ex.tests, limits: ex.config.limits });

describe("the exercises folder", () => {
  test("every exercise is valid (schema, files, hints, expect headers) and ids are unique", () => {
    const problems = loaded.flatMap((l) => (l.error ? [String((l.error as Error).message ?? l.error)] : []));
    expect(problems).toEqual([]);
    expect(loadExercises().map((e) => e.id)).toEqual(exercises.map((e) => e.id));
  });
});

for (const ex of exercises) {
  describe(`exercise ${ex.id} (exercises/${ex.path})`, () => {
    test("the reference solution passes every hidden test", async () => {
      const v = await judgeAs(ex, ex.solution);
      expect(v.status, summarize(v)).toBe("pass");
    });

    test("the starter fails, and not with a compile error", async () => {
      const v = await judgeAs(ex, ex.starter);
      expect(["pass", "compile-error", "internal-error"], summarize(v)).not.toContain(v.status);
    });

    for (const w of ex.wrong) {
      const label = `${w.expect.kind}${w.expect.test ? ` "${w.expect.test}"` : ""}`;
      test(`wrong/${w.name} gets ${label}`, async () => {
        const v = await judgeAs(ex, w.code);
        const problem = checkExpectation(v, w.expect);
        expect(problem, `${w.file}: ${problem}\n\n${summarize(v)}`).toBeUndefined();
      });
    }
  });
}
