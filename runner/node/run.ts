/**
 * run.ts — the Node host: judge one Run (learner code + hidden tests) and return its Verdict.
 * Runs in Node (CLI, CI, instructor regrading). Bundles with native esbuild, then judges in
 * fresh worker_threads sandboxes — several at once for a Run with several tests, each judging
 * its shard of them — with one hard wall-clock limit for the Run (the workers are terminated
 * and the Verdict is `timeout`, naming the limit) and a heap cap per worker (resourceLimits).
 */
import * as esbuild from "esbuild";
import { Worker, MessageChannel, type MessagePort } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { bundleRun, type BundleResult } from "../core/bundle.ts";
import { RunCollector, compileErrorVerdict, type Ending } from "../core/collect.ts";
import type { Limits } from "../core/harness.ts";
import { planShards, shardOf } from "../core/shards.ts";
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
  /** most workers judging this Run's tests at once (default parallelism()) */
  parallel?: number;
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

/** WARM_MS is how long a spare worker primes its JIT while it waits for a Run (core/warmup.ts). */
const WARM_MS = 200;

/**
 * parallelism is how many sandboxes may judge one Run's tests at once: one core is left to the
 * host, at most 4 (more rarely pays for the extra realms), at least 1.
 */
export function parallelism(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** EXIT_GRACE_MS is how long an exited worker's port may take to deliver its last messages. */
const EXIT_GRACE_MS = 1000;

type SandboxEvent =
  | { kind: "message"; data: unknown }
  | { kind: "error"; error: Error & { code?: string } }
  | { kind: "exit"; code: number };

/**
 * SandboxWorker is one worker thread that judges at most one Run (or one shard of it): it is
 * started as a spare (gosync loaded, the JIT primed) before its Run exists; events that come
 * before a Run listens are kept for it.
 */
class SandboxWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly memoryMb: number;
  private listener: ((e: SandboxEvent) => void) | null = null;
  private early: SandboxEvent[] = [];

  constructor(url: URL, memoryMb: number, warmMs: number) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.memoryMb = memoryMb;
    this.worker = new Worker(url, {
      workerData: { port: port2, warmMs },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      env: {},
      stdout: true,
      stderr: true,
      argv: [],
      execArgv: [],
    });
    const emit = (e: SandboxEvent) => (this.listener ? this.listener(e) : this.early.push(e));
    this.port.on("message", (data: unknown) => emit({ kind: "message", data }));
    this.worker.on("error", (error) => emit({ kind: "error", error }));
    // The worker's last messages may still be queued on the port when 'exit' fires (seen under
    // load): the exit counts once the port has delivered them and closed, or after EXIT_GRACE_MS.
    let portClosed = false;
    const closed = new Promise<void>((resolve) => this.port.once("close", () => ((portClosed = true), resolve())));
    this.worker.on("exit", (code) => {
      if (portClosed) return emit({ kind: "exit", code });
      void Promise.race([closed, new Promise((r) => setTimeout(r, EXIT_GRACE_MS).unref())]).then(() => emit({ kind: "exit", code }));
    });
    // A spare must not keep the process alive (a CLI exits when its one Run is judged): a
    // 'message' listener refs the port, so this comes after it, and the worker's stdout and
    // stderr are drained only once it has a Run (a flowing stdio stream holds a ref of its own).
    this.worker.unref();
    this.port.unref();
  }

  /** start hands the worker its Run and routes its events (those already queued first) to `listener`. */
  start(request: RunRequest, listener: (e: SandboxEvent) => void): void {
    this.worker.ref();
    this.port.ref();
    // Learner output is drained and dropped: a million console lines must not flood the host.
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.listener = listener;
    for (const e of this.early.splice(0)) listener(e);
    this.port.postMessage(request);
  }

  /** dead is true for a spare that failed or exited before it got a Run (it is replaced, never used). */
  get dead(): boolean {
    return this.early.some((e) => e.kind !== "message");
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

/** spares are started workers waiting for a Run; runsJudged counts Runs; testCosts remembers what each test of a test file took last time (ms). */
const spares: SandboxWorker[] = [];
let runsJudged = 0;
const testCosts = new Map<string, number[]>();

/**
 * takeWorkers returns n workers for a Run: warm spares first, fresh ones for the rest. From a
 * host's second Run on (CI, a regrading batch, the bench), it starts spares for the next Run
 * at once, so they warm up while this one is judged; a one-Run CLI starts none.
 */
function takeWorkers(url: URL, n: number, memoryMb: number): SandboxWorker[] {
  const taken: SandboxWorker[] = [];
  while (taken.length < n && spares.length) {
    const w = spares.shift()!;
    if (w.memoryMb === memoryMb && !w.dead) taken.push(w);
    else w.stop();
  }
  while (taken.length < n) taken.push(new SandboxWorker(url, memoryMb, 0));
  if (++runsJudged > 1) {
    setImmediate(() => {
      while (spares.length < parallelism()) spares.push(new SandboxWorker(url, DEFAULT_MEMORY_MB, WARM_MS));
    });
  }
  return taken;
}

/**
 * judgeBundle judges an already bundled Run: its tests are shared out among up to parallelism()
 * workers (interleaved by index, core/shards.ts), each a fresh realm that judges
 * nothing else; one wall-clock limit covers the whole Run, and the Verdict merges the shards in
 * test order.
 */
export async function judgeBundle(input: JudgeInput, bundled: BundleResult): Promise<Verdict> {
  const runtime = await buildRuntime(esbuild);
  const wallMs = input.limits.wallMs ?? DEFAULT_WALL_MS;
  const memoryMb = input.memoryMb ?? DEFAULT_MEMORY_MB;
  const id = nextId++;
  const { wallMs: _w, ...limits } = input.limits;
  const plan = planShards(testCosts.get(input.tests), input.parallel ?? parallelism());
  const shards = plan.count;
  const collector = new RunCollector(id, shards, plan.assignment);
  const t0 = performance.now();
  const workers = takeWorkers(runtime.url, shards, memoryMb);
  const ready = workers.map(() => false);
  /** reported[i]: worker i sent its last message; its exit is then the normal end of its shard */
  const reported = workers.map(() => false);

  const ending = await new Promise<Ending>((resolve) => {
    let settled = false;
    const finish = (e: Ending) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const w of workers) w.stop();
      resolve(e);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", wallMs }), wallMs);
    workers.forEach((w, i) => {
      const shard = shardOf(plan, i);
      const request: RunRequest = { type: "run", id, code: bundled.code, map: bundled.map, limits, ...(shard ? { shard } : {}) };
      w.start(request, (e) => {
        if (e.kind === "message") {
          const m = e.data;
          const type = typeof m === "object" && m !== null ? (m as { type?: unknown }).type : undefined;
          if (type === "ready") ready[i] = true;
          if (type === "done") reported[i] = true;
          if (collector.accept(m)) finish({ kind: "done" });
        } else if (e.kind === "error") {
          if (e.error.code === "ERR_WORKER_OUT_OF_MEMORY") {
            finish({ kind: "crash", learnersFault: true, message: `the Run ran out of memory (the sandbox's heap is capped at ${memoryMb} MB): ${e.error.message}` });
          } else {
            finish({
              kind: "crash",
              learnersFault: ready[i],
              message: ready[i]
                ? `an uncaught ${e.error.name} outside the tests stopped the Run: ${e.error.message}`
                : `the sandbox failed to start: ${e.error.stack ?? e.error.message}`,
            });
          }
        } else if (!reported[i]) {
          // Let messages already queued on the port arrive before deciding the sandbox died early.
          setTimeout(() => finish(
            ready[i]
              ? { kind: "crash", learnersFault: true, message: `the sandbox exited (code ${e.code}) before reporting every result (did the code call process.exit or close the worker?)` }
              : { kind: "crash", learnersFault: false, message: `the sandbox exited (code ${e.code}) before it was ready` },
          ), 20);
        }
      });
    });
  });
  const verdict = collector.verdict(input.exerciseId, bundled, ending, performance.now() - t0);
  if (ending.kind === "done" && verdict.tests.length > 0) testCosts.set(input.tests, verdict.tests.map((t) => t.durationMs ?? 0));
  return verdict;
}
