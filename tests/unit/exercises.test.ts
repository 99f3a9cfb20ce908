// Every exercise is proven through the Node host, as CI and instructors run it (exercises/prove.ts,
// which `synclab verify` shares): the reference solution passes every hidden test under the
// exercise's exploration, the starter fails (and compiles), and each .meta/wrong/ variant gets
// exactly the verdict its `// expect:` header names.
import { describe, expect, test } from "vitest";
import { exerciseDirs, loadExercise, loadExercises } from "../../exercises/index.ts";
import { proofsOf } from "../../exercises/prove.ts";
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

describe("the exercises folder", () => {
  test("every exercise is valid (schema, files, hints, expect headers) and ids are unique", () => {
    const problems = loaded.flatMap((l) => (l.error ? [String((l.error as Error).message ?? l.error)] : []));
    expect(problems).toEqual([]);
    expect(loadExercises().map((e) => e.id)).toEqual(exercises.map((e) => e.id));
  });
});

for (const ex of exercises) {
  describe(`exercise ${ex.id} (exercises/${ex.path})`, () => {
    for (const proof of proofsOf(ex)) {
      test(proof.label, async () => {
        const v = await judge({ exerciseId: ex.id, solution: proof.code, tests: ex.tests, limits: ex.config.limits });
        expect(proof.problem(v)).toBeUndefined();
      });
    }
  });
}
