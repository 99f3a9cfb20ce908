// Other people's correct solutions must pass too: the hidden tests judge behaviour, not the shape
// of the reference solution (issue 11). An exercise may keep correct solutions written in other
// styles in .meta/alternatives/*.ts — a coordinator goroutine instead of a lock, a channel instead
// of onceValue — and each is judged like the reference solution, through the Node host, under
// the exercise's own exploration.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exerciseDirs, loadExercise } from "../../exercises/index.ts";
import { summarize } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

const withAlternatives = exerciseDirs()
  .map((dir) => ({ dir, alternatives: join(dir, ".meta", "alternatives") }))
  .filter(({ alternatives }) => existsSync(alternatives));

for (const { dir, alternatives } of withAlternatives) {
  const ex = loadExercise(dir);
  describe(`exercise ${ex.id}: a correct solution in another style passes`, () => {
    for (const file of readdirSync(alternatives).filter((f) => f.endsWith(".ts")).sort()) {
      test(`.meta/alternatives/${file}`, async () => {
        const solution = readFileSync(join(alternatives, file), "utf8");
        const v = await judge({ exerciseId: ex.id, solution, tests: ex.tests, limits: ex.config.limits });
        expect(v.status, `exercises/${ex.path}/.meta/alternatives/${file}\n\n${summarize(v)}`).toBe("pass");
      });
    }
  });
}
