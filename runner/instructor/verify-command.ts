/**
 * verify-command.ts — `synclab verify <dir> [--jobs N]` (Node): checks an instructor's own
 * exercises, kept in the repository's format and layout (<dir>/<NN-chapter>/<NN-slug>/), the
 * way CI checks the built-in ones: each exercise valid (exercises/index.ts: config.json
 * against its schema, titles, instructions and hints in both languages, hints numbered like
 * the tasks, the wrong variants' headers), ids unique, and every proof of exercises/prove.ts
 * (the solution passes, the starter fails, each wrong variant gets its declared verdict)
 * judged in the JudgePool. Those exercises join the CLI and the site with
 * SYNCLAB_EXERCISES=<dir> (exercises/index.ts).
 *
 * Exit status: 0 every exercise valid and proven, 1 some are not (each problem printed), 2
 * usage error (no such folder, no exercise in it, bad arguments).
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { exerciseDirs, loadExercise, loadExercises, type Exercise } from "../../exercises/index.ts";
import { proofsOf } from "../../exercises/prove.ts";
import { JudgePool, defaultJobs } from "./judge-pool.ts";

export const VERIFY_USAGE = `usage: synclab verify <dir> [--jobs N]

  Checks the exercises under <dir> (<dir>/<NN-chapter>/<NN-slug>/, the repository's format):
  schema and files, both languages, the solution passes, the starter fails, and each
  .meta/wrong/ variant gets the verdict its // expect: header names. Include them in the CLI
  and the site with SYNCLAB_EXERCISES=<dir>.
  Exit status: 0 all proven, 1 some problem (printed), 2 usage error.`;

type Out = { write(s: string): unknown };

/** verifyMain runs `synclab verify …` (argv after "verify") and returns the exit status. */
export async function verifyMain(argv: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let dir: string;
  let jobs: number;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { jobs: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
    if (values.help) throw new Error("");
    if (positionals.length !== 1) throw new Error(`verify takes one folder, received ${positionals.length} argument(s)`);
    dir = positionals[0]!;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`not a folder: ${dir}`);
    jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new Error(`--jobs is "${values.jobs}", expected an integer from 1 to 64`);
    if (exerciseDirs(resolve(dir)).length === 0) throw new Error(`${dir} holds no exercise (expected <dir>/<NN-chapter>/<NN-slug>/.meta/config.json)`);
  } catch (e) {
    err.write(`${(e as Error).message ? `synclab: ${(e as Error).message}\n\n` : ""}${VERIFY_USAGE}\n`);
    return 2;
  }

  const root = resolve(dir);
  let problems = 0;
  const exercises: Exercise[] = [];
  for (const d of exerciseDirs(root)) {
    try {
      exercises.push(loadExercise(d, root));
    } catch (e) {
      problems++;
      out.write(`✗ ${(e as Error).message}\n`);
    }
  }
  if (problems === 0) {
    try {
      loadExercises(root);
    } catch (e) {
      problems++;
      out.write(`✗ ${(e as Error).message}\n`);
    }
  }
  const pool = new JudgePool(jobs);
  try {
    const results = await Promise.all(
      exercises.map(async (ex) => ({
        ex,
        proofs: await Promise.all(
          proofsOf(ex).map(async (p) => ({ p, problem: p.problem(await pool.judge({ exerciseId: ex.id, solution: p.code, tests: ex.tests, limits: ex.config.limits })) })),
        ),
      })),
    );
    for (const { ex, proofs } of results) {
      out.write(`${ex.id} (${ex.dir})\n`);
      for (const { p, problem } of proofs) {
        out.write(`  ${problem === undefined ? "✓" : "✗"} ${p.label}\n`);
        if (problem !== undefined) {
          problems++;
          out.write(`${problem.replace(/^/gm, "      ")}\n`);
        }
      }
    }
  } finally {
    await pool.close();
  }
  out.write(problems === 0 ? `verified ${exercises.length} exercise(s)\n` : `${problems} problem(s) in ${dir}\n`);
  return problems === 0 ? 0 : 1;
}
