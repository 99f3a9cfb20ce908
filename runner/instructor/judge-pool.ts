/**
 * judge-pool.ts — judges many Runs at once for `synclab grade` (Node). One RunSession of the
 * Node host (runner/node/session.ts) over child processes, each a sandbox under Node's
 * permission model with a capped heap and the exercise's wall-clock limit, started from the
 * runtime's code cache (made before the first Run); from the second Run on the session keeps
 * `jobs` spare sandboxes started, so a Run rarely waits for a process to start. At most `jobs` Runs are judged at once, each in one sandbox (its tests are
 * not sharded: the batch is the parallelism).
 *
 * A verdict does not depend on which sandbox judged it, on how many ran beside it or on the
 * machine (each test gets a fresh load of the files, exploration is seeded, a timeout is
 * checked again with the limit doubled; see docs/architecture.md), so `--jobs` changes the
 * time a batch takes, never a grade.
 */
import { availableParallelism } from "node:os";
import type { Verdict } from "../core/verdict.ts";
import { compileErrorVerdict } from "../core/collect.ts";
import * as esbuild from "esbuild";
import { childTransport } from "../node/child-transport.ts";
import { primeCodeCache } from "../node/code-cache.ts";
import { bundle } from "../node/run.ts";
import { buildRuntime } from "../node/runtime-bundle.ts";
import { DEFAULT_MEMORY_MB, judgeIn, nodeSession, type JudgeInput, type NodeSession } from "../node/session.ts";

/** defaultJobs is the core count: `--jobs` when none is given. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * BATCH_WARM_MS is a batch's JIT warm-up budget for a spare sandbox: none. In a batch every
 * core is busy judging and a spare is taken as soon as it is loaded, so priming its JIT only
 * takes CPU from the Runs beside it (scripts/bench-grade.ts: 63 s with none, 68 s with the
 * interactive host's 200 ms); the code cache (runner/node/code-cache.ts) already spares it the
 * compiling.
 */
export const BATCH_WARM_MS = 0;

/** JudgePool judges Runs, `jobs` at a time, in started (spare) sandbox processes; close it when done. */
export class JudgePool {
  readonly jobs: number;
  readonly #memoryMb: number;
  readonly #warmMs: number;
  #session: Promise<NodeSession> | undefined;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  /** `warmMs` is a spare sandbox's JIT warm-up budget (core/warmup.ts); the benchmark compares budgets with it. */
  constructor(jobs = defaultJobs(), memoryMb = DEFAULT_MEMORY_MB, warmMs = BATCH_WARM_MS) {
    if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`JudgePool: jobs is ${jobs}, expected a positive integer`);
    this.jobs = jobs;
    this.#memoryMb = memoryMb;
    this.#warmMs = warmMs;
  }

  async #start(): Promise<NodeSession> {
    const runtime = await buildRuntime(esbuild);
    // A batch waits for the runtime's code cache (once per runtime and Node, ~0.6 s): each of its
    // sandboxes then starts without compiling the runtime (runner/node/code-cache.ts).
    await primeCodeCache(runtime.launch, this.#memoryMb, { wait: true });
    return nodeSession(this.#memoryMb, childTransport({ ...runtime.launch, memoryMb: this.#memoryMb, warmMs: this.#warmMs }), { parallelism: this.jobs });
  }

  /** judge bundles and judges one Run once a slot is free; it never throws for anything the code does. */
  async judge(input: Omit<JudgeInput, "parallel" | "memoryMb">): Promise<Verdict> {
    await this.#acquire();
    try {
      const bundled = await bundle(input.solution, input.tests);
      if (!bundled.ok) return compileErrorVerdict(input.exerciseId, bundled);
      this.#session ??= this.#start();
      return await judgeIn(await this.#session, { ...input, memoryMb: this.#memoryMb, parallel: 1 }, bundled);
    } finally {
      this.#release();
    }
  }

  /** close stops the spare sandboxes; the pool judges nothing more. */
  async close(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    if (s) (await s).close();
  }

  #acquire(): Promise<void> {
    if (this.#running < this.jobs) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((r) => this.#waiting.push(r));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
