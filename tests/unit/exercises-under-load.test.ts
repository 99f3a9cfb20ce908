// A verdict does not depend on load (issue 10): with two busy loops competing for the CPU, every
// exercise's solution and wrong/ variants are judged through the Node host, on 20 seeds per
// exercise, twice each. The two judgings must agree in everything but wall-clock timings (the
// determinism check), and the status must be the one the same Run gets without load: the
// variant's expected status (the solution's pass), or, where a seed other than the exercise's
// own gives another status, the status judged again with the loops paused.
//
// Sampling: judging every program on every seed twice would be 123 programs × 20 seeds × 2 ≈
// 4900 judgings, and a judging costs 0.15 s on an idle machine, about twice that with the loops
// running (most of it the fresh sandbox every Node Run gets). Each exercise's 20 seeds are dealt
// out round-robin over its programs instead: every program is judged on 1–3 of them, the exercise
// as a whole on all 20 (disjoint explorations): 15 exercises, 300 Runs, 600 judgings (159 s in
// a CI run on a quiet 2-core machine, judged one seed after another). The solution takes the
// exercise's own seed; exercises.test.ts proves every program on it without load.
// SYNCLAB_LOAD_ALL=1 judges every program on every seed (a one-off audit).
//
// A program's seeds are judged at the same time, each twice, beside the busy loops: 1–3 seeds
// make 2–6 judgings with the 2 loops on 2 cores, never less load than one Run's two judgings and
// the loops, and a program's 2 or 3 Runs take about 3/4 or 2/3 of the time they took one after the
// other. The checks come after, seed by seed: a re-judging without load has the machine to itself.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exerciseDirs, loadExercise, type Exercise } from "../../exercises/index.ts";
import { checkExpectation, type WrongExpectation } from "../../exercises/schema.ts";
import { DEFAULT_SEED } from "../../runner/core/harness.ts";
import { summarize, type Verdict } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

/** LOOPS is how many busy processes compete with the judge. */
const LOOPS = 2;
/** SEEDS is how many seeds each exercise is judged on. */
const SEEDS = 20;
/**
 * SEED_STRIDE spaces the seeds: explore runs schedule i on seed + i, so seeds closer than the
 * exercise's `runs` would explore mostly the same schedules. 100 000 is the schema's most runs.
 */
const SEED_STRIDE = 100_000;
const ALL = process.env.SYNCLAB_LOAD_ALL === "1";

/**
 * BUSY_LOOP is the code each load process runs: it spins in 20 ms slices, between which it
 * answers "pause"/"resume" from this test and notices that the test process is gone (its IPC
 * channel closes, or it is re-parented), so it never outlives the test, even one that is killed.
 */
const BUSY_LOOP = `
const parent = process.ppid;
let paused = false;
let spinning = false;
function spin() {
  spinning = false;
  if (!process.connected || process.ppid !== parent) process.exit(0);
  if (paused) return;
  const end = Date.now() + 20;
  while (Date.now() < end) {}
  spinning = true;
  setImmediate(spin);
}
process.on("disconnect", () => process.exit(0));
process.on("message", (m) => {
  paused = m === "pause";
  if (!paused && !spinning) spin();
  process.send(m);
});
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500);
spin();
`;

/** Load is the set of busy processes this test started; only they are ever signalled. */
class Load {
  readonly children: ChildProcess[] = [];

  start(n: number): void {
    for (let i = 0; i < n; i++) {
      const c = spawn(process.execPath, ["-e", BUSY_LOOP], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
      this.children.push(c);
    }
  }

  /** send tells every loop to pause or resume and resolves once each has acknowledged. */
  private async send(m: "pause" | "resume"): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (got: unknown) => {
              if (got !== m) return;
              c.off("message", onMessage);
              resolve();
            };
            c.on("message", onMessage);
            if (!c.send(m)) reject(new Error(`busy loop ${c.pid} did not take "${m}": its channel is closed`));
          }),
      ),
    );
  }

  pause(): Promise<void> {
    return this.send("pause");
  }

  resume(): Promise<void> {
    return this.send("resume");
  }

  /** running tells whether every loop is still alive (a dead loop would make this test prove nothing). */
  running(): boolean {
    return this.children.length > 0 && this.children.every((c) => c.exitCode === null && c.signalCode === null);
  }

  stop(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  }
}

const load = new Load();
// If the test process exits without afterAll (a crash, process.exit), the loops go with it.
process.once("exit", () => load.stop());

/** Program is a solution or a wrong variant, with the status it must get on its exercise's seed. */
interface Program {
  name: string;
  code: string;
  want: string;
  expect?: WrongExpectation;
}

/** programsOf lists the exercise's solution and wrong variants. */
function programsOf(ex: Exercise): Program[] {
  return [
    { name: "solution", code: ex.solution, want: "pass" },
    ...ex.wrong.map((w) => ({
      name: `wrong/${w.name}`,
      code: w.code,
      // checkExpectation's status rule, applied to a Verdict that has only the status.
      want: w.expect.kind === "deadlock" ? "deadlock" : ["compile-error", "runtime-error", "timeout", "internal-error"].includes(w.expect.kind) ? w.expect.kind : "fail",
      expect: w.expect,
    })),
  ];
}

/** seedsOf deals the exercise's 20 seeds out to its programs (see the sampling note at the top). */
function seedsOf(ex: Exercise, programs: number): number[][] {
  const first = ex.config.limits.seed ?? DEFAULT_SEED; // the exercise's own seed, dealt to the solution
  const seeds = Array.from({ length: SEEDS }, (_, k) => first + k * SEED_STRIDE);
  if (ALL) return Array.from({ length: programs }, () => seeds);
  const dealt = Array.from({ length: programs }, () => [] as number[]);
  for (let k = 0; k < Math.max(SEEDS, programs); k++) dealt[k % programs]!.push(seeds[k % SEEDS]!);
  return dealt;
}

/** comparable is a Verdict without its wall-clock timings: what must not change between judgings. */
function comparable(v: Verdict): unknown {
  const { timings: _t, ...rest } = v;
  return { ...rest, tests: v.tests.map(({ durationMs: _d, ...t }) => t) };
}

/** Figures are what the test measured, printed at the end for the record. */
const figures = { runs: 0, judgings: 0, slowestMs: 0, slowestRun: "", wallMs: 0, reJudged: [] as string[], seedDependent: [] as string[] };

const exercises = exerciseDirs().map((dir) => loadExercise(dir));

describe("verdicts under load", () => {
  beforeAll(() => {
    load.start(LOOPS);
  });

  afterAll(() => {
    load.stop();
    console.log(
      `under load (${LOOPS} busy loops): ${figures.runs} Runs judged twice (${figures.judgings} judgings); slowest ${figures.slowestMs.toFixed(0)} ms (${figures.slowestRun}) against a wall-clock limit of ${figures.wallMs} ms; ` +
        `re-judged without load: ${figures.reJudged.length ? figures.reJudged.join("; ") : "none"}; ` +
        `status differs from the expectation on a seed other than the exercise's own (without load too): ${figures.seedDependent.length ? figures.seedDependent.join("; ") : "none"}`,
    );
  });

  for (const ex of exercises) {
    const programs = programsOf(ex);
    const seeds = seedsOf(ex, programs.length);
    const ownSeed = ex.config.limits.seed ?? DEFAULT_SEED;
    describe(`exercise ${ex.id}`, () => {
      programs.forEach((p, i) => {
        test(`${p.name} gets the same verdict twice on seeds ${seeds[i]!.join(", ")}, as it does without load`, async () => {
          expect(load.running(), "the busy loops are running").toBe(true);
          const judged = await Promise.all(
            seeds[i]!.map(async (seed) => {
              const input = { exerciseId: ex.id, solution: p.code, tests: ex.tests, limits: { ...ex.config.limits, seed } };
              const [a, b] = await Promise.all([judge(input), judge(input)]);
              return { seed, input, a, b };
            }),
          );
          expect(load.running(), "the busy loops ran throughout").toBe(true);
          for (const { seed, input, a, b } of judged) {
            figures.runs++;
            figures.judgings += 2;
            figures.wallMs = ex.config.limits.wallMs;
            for (const v of [a, b]) {
              if (v.timings.runMs > figures.slowestMs) {
                figures.slowestMs = v.timings.runMs;
                figures.slowestRun = `${ex.id} ${p.name} seed ${seed}`;
              }
            }
            const where = `${ex.id} ${p.name}, seed ${seed}`;
            expect(comparable(b), `${where}: the second judging under load differs from the first\n\nfirst:\n${summarize(a)}\n\nsecond:\n${summarize(b)}`).toEqual(comparable(a));
            if (a.status === p.want) {
              // On the exercise's own seed the full expectation holds, test name included.
              if (seed === ownSeed && p.expect) expect(checkExpectation(a, p.expect), `${where}\n\n${summarize(a)}`).toBeUndefined();
              continue;
            }
            // Not the status expected: tell load from seed by judging once more with the loops paused.
            await load.pause();
            let calm: Verdict;
            try {
              calm = await judge(input);
            } finally {
              await load.resume();
            }
            figures.reJudged.push(`${where}: ${a.status} under load, ${calm.status} without`);
            if (calm.status === a.status) figures.seedDependent.push(`${where}: ${a.status}, expected ${p.want}`);
            expect(a.status, `${where}: under load the verdict is ${a.status}, without load ${calm.status}\n\nunder load:\n${summarize(a)}\n\nwithout load:\n${summarize(calm)}`).toBe(calm.status);
            expect(seed, `${where}: on the exercise's own seed the verdict must be ${p.want}\n\n${summarize(a)}`).not.toBe(ownSeed);
          }
        }, 120_000);
      });
    });
  }
});
