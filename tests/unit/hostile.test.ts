// The hostile corpus (tests/hostile/*.ts, see its README) against the Node host: each attack,
// appended to every exercise's starter (a wrong solution), must leave the starter's verdict as it
// is (or end the Run, for an attack on resources); a whole wrong solution (`// exercise: <id>`)
// must not pass; every verdict stays bounded, and the host must go on judging.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadExercises } from "../../exercises/index.ts";
import { summarize } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

/** VERDICT_CAP is the Verdict's size cap (issue 10: a Verdict over it cannot exist). */
const VERDICT_CAP = 256 * 1024;
const dir = new URL("../hostile/", import.meta.url);
const attacks = readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((file) => ({ file, code: readFileSync(new URL(file, dir), "utf8") }));
const exercises = loadExercises();
/** starterStatus is each starter's verdict without an attack, judged once. */
const starterStatus = new Map<string, Promise<string>>();
const statusOf = (id: string, run: () => Promise<{ status: string }>) => {
  if (!starterStatus.has(id)) starterStatus.set(id, run().then((v) => v.status));
  return starterStatus.get(id)!;
};

/**
 * PER_EXERCISE_MS is the time one judging of one exercise may take here: an attack that ends the
 * Run costs the exercise's wall limit (5 s) plus a fresh sandbox, more on a loaded machine. The
 * tests that go through every exercise get that much per exercise, so adding an exercise never
 * turns them into timeouts.
 */
const PER_EXERCISE_MS = 12_000;

describe("the hostile corpus", () => {
  test("holds an attack of every class issue 10 names", () => {
    expect(attacks.map((a) => a.file)).toEqual(expect.arrayContaining([
      "steer-simulator-through-math.ts", "bend-equality-through-platform-globals.ts", "listen-across-runs.ts",
      "escape-to-the-host.ts", "tamper-with-gosync.ts", "outlive-the-run.ts",
    ]));
  });

  for (const attack of attacks.filter((a) => /^\/\/ exercise: /m.test(a.code))) {
    test(`${attack.file}, a whole wrong solution, does not pass`, async () => {
      const id = /^\/\/ exercise: (\S+)/m.exec(attack.code)![1]!;
      const ex = exercises.find((e) => e.id === id);
      expect(ex, `the exercise ${id} named in its header`).toBeDefined();
      const v = await judge({ exerciseId: ex!.id, solution: attack.code, tests: ex!.tests, limits: ex!.config.limits });
      expect(v.status, summarize(v)).not.toBe("pass");
      expect(JSON.stringify(v).length).toBeLessThanOrEqual(VERDICT_CAP);
    }, 60_000);
  }

  for (const attack of attacks.filter((a) => !/^\/\/ exercise: /m.test(a.code))) {
    test(`${attack.file} leaves every exercise's starter with its own verdict, bounded`, async () => {
      const mayEnd = /^\/\/ may end the Run:/m.test(attack.code);
      const got: string[] = [];
      for (const ex of exercises) {
        const want = await statusOf(ex.id, () => judge({ exerciseId: ex.id, solution: ex.starter, tests: ex.tests, limits: ex.config.limits }));
        const v = await judge({ exerciseId: ex.id, solution: `${ex.starter}\n${attack.code}`, tests: ex.tests, limits: ex.config.limits });
        const size = JSON.stringify(v).length;
        const allowed = v.status === want || (mayEnd && (v.status === "runtime-error" || v.status === "timeout"));
        if (!allowed || size > VERDICT_CAP) got.push(`${ex.id}: got ${v.status} (${size} bytes), want the starter's ${want}\n${summarize(v)}`);
      }
      expect(got, "starters whose verdict the attack changed, or outgrew the cap").toEqual([]);
      expect(existsSync("/tmp/synclab-escaped"), "the attack wrote a file on the host").toBe(false);
    }, PER_EXERCISE_MS * 2 * exercises.length);
  }

  test("the host still judges honestly after the whole corpus: every reference solution passes", async () => {
    rmSync("/tmp/synclab-escaped", { force: true });
    for (const ex of exercises) {
      const v = await judge({ exerciseId: ex.id, solution: ex.solution, tests: ex.tests, limits: ex.config.limits });
      expect(v.status, `${ex.id}\n${summarize(v)}`).toBe("pass");
    }
  }, PER_EXERCISE_MS * exercises.length);
});
