/**
 * run.ts — the Node host: judge one Run (learner code + hidden tests) and return its Verdict.
 * Runs in Node (CLI, CI, instructor regrading). Bundles with native esbuild, then judges in a
 * fresh worker_threads sandbox with a hard wall-clock limit (the worker is terminated and the
 * Verdict is `timeout`, naming the limit) and a heap cap (resourceLimits).
 */
import * as esbuild from "esbuild";
import { Worker, MessageChannel } from "node:worker_threads";
import { bundleRun, type BundleResult } from "../core/bundle.ts";
import { RunCollector, compileErrorVerdict, type Ending } from "../core/collect.ts";
import type { Limits } from "../core/harness.ts";
import type { RunRequest } from "../core/protocol.ts";
import type { Verdict } from "../core/verdict.ts";
import { buildRuntime } from "./runtime-bundle.ts";

/** DEFAULT_WALL_MS is the wall-clock limit of a Run when the exercise names none. */
export const DEFAULT_WALL_MS = 5000;
/** DEFAULT_MEMORY_MB caps the sandbox's old-generation heap. */
export const DEFAULT_MEMORY_MB = 256;

/** JudgeInput describes one Run. */
export interface JudgeInput {
  exerciseId: string;
  /** the learner's solution.ts */
  solution: string;
  /** the exercise's hidden.test.ts */
  tests: string;
  limits: Limits & { wallMs?: number };
  /** heap cap in MB (default DEFAULT_MEMORY_MB) */
  memoryMb?: number;
}

let nextId = 1;

/** bundle bundles one Run with native esbuild. */
export function bundle(solution: string, tests: string): Promise<BundleResult> {
  return bundleRun(esbuild, { solution, tests });
}

/** judge bundles and judges one Run; it never throws for anything the learner's code does. */
export async function judge(input: JudgeInput): Promise<Verdict> {
  const bundled = await bundle(input.solution, input.tests);
  if (!bundled.ok) return compileErrorVerdict(input.exerciseId, bundled);
  return judgeBundle(input, bundled);
}

/** judgeBundle judges an already bundled Run in a fresh worker. */
export async function judgeBundle(input: JudgeInput, bundled: BundleResult): Promise<Verdict> {
  const runtime = await buildRuntime(esbuild);
  const wallMs = input.limits.wallMs ?? DEFAULT_WALL_MS;
  const memoryMb = input.memoryMb ?? DEFAULT_MEMORY_MB;
  const id = nextId++;
  const { wallMs: _w, ...limits } = input.limits;
  const request: RunRequest = { type: "run", id, code: bundled.code, map: bundled.map, limits };
  const collector = new RunCollector(id);
  const { port1, port2 } = new MessageChannel();
  const t0 = performance.now();
  let ready = false;

  const ending = await new Promise<Ending>((resolve) => {
    let settled = false;
    const finish = (e: Ending) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      port1.close();
      void worker.terminate();
      resolve(e);
    };
    const worker = new Worker(runtime.url, {
      workerData: { port: port2, request },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      env: {},
      stdout: true,
      stderr: true,
      argv: [],
      execArgv: [],
    });
    // Learner output is drained and dropped: a million console lines must not flood the host.
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => finish({ kind: "timeout", wallMs }), wallMs);
    port1.on("message", (m: unknown) => {
      if (typeof m === "object" && m !== null && (m as { type?: unknown }).type === "ready") ready = true;
      if (collector.accept(m)) finish({ kind: "done" });
    });
    worker.on("error", (e: Error & { code?: string }) => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
        finish({ kind: "crash", learnersFault: true, message: `the Run ran out of memory (the sandbox's heap is capped at ${memoryMb} MB): ${e.message}` });
      } else {
        finish({
          kind: "crash",
          learnersFault: ready,
          message: ready
            ? `an uncaught ${e.name} outside the tests stopped the Run: ${e.message}`
            : `the sandbox failed to start: ${e.stack ?? e.message}`,
        });
      }
    });
    worker.on("exit", (code) => {
      // Let messages already queued on the port arrive before deciding the sandbox died early.
      setTimeout(() => finish(
        ready
          ? { kind: "crash", learnersFault: true, message: `the sandbox exited (code ${code}) before reporting every result (did the code call process.exit or close the worker?)` }
          : { kind: "crash", learnersFault: false, message: `the sandbox exited (code ${code}) before it was ready` },
      ), 20);
    });
  });
  return collector.verdict(input.exerciseId, bundled, ending, performance.now() - t0);
}
