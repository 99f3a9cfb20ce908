/**
 * session.ts — the Node host's RunSession (core/run-session.ts) over child processes
 * (child-transport.ts), and judging a bundled Run in one. Runs in Node (main thread). run.ts is
 * the judge's surface; this module is its machinery, and the specs' way to stand a hostile
 * sandbox process in for the real one.
 */
import * as esbuild from "esbuild";
import { availableParallelism } from "node:os";
import { bundleRun, type BundleResult } from "../core/bundle.ts";
import type { Limits } from "../core/harness.ts";
import { RunSession, type Sandbox, type SessionOptions, type Transport } from "../core/run-session.ts";
import type { Verdict } from "../core/verdict.ts";
import { primeCodeCache } from "./code-cache.ts";
import { childTransport } from "./child-transport.ts";
import { buildRuntime } from "./runtime-bundle.ts";

/** DEFAULT_WALL_MS is the wall-clock limit of a Run when the exercise names none. */
export const DEFAULT_WALL_MS = 5000;
/** DEFAULT_MEMORY_MB caps the sandbox's old-generation heap. */
export const DEFAULT_MEMORY_MB = 256;
/** WARM_MS is how long a spare sandbox primes its JIT while it waits for a Run (core/warmup.ts). */
const WARM_MS = 200;

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
  /** most sandboxes judging this Run's tests at once (default parallelism()) */
  parallel?: number;
}

/**
 * parallelism is how many sandboxes may judge one Run's tests at once: one core is left to the
 * host, at most 4 (more rarely pays for the extra realms), at least 1.
 */
export function parallelism(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** NodeSession is a RunSession of the Node host. */
export type NodeSession = RunSession<Sandbox>;

/**
 * nodeSession makes a RunSession whose sandboxes are child processes capped at `memoryMb`.
 * `transport`, for the specs, replaces the sandboxes of Runs — never those of the host's own
 * collection of the hidden tests, which stay real; `options` override the session's (limits).
 */
export async function nodeSession(memoryMb: number, transport?: Transport, options: Partial<SessionOptions<Sandbox>> = {}): Promise<NodeSession> {
  const runtime = await buildRuntime(esbuild);
  // Made once per runtime and Node, in the background: sandboxes started before it exists compile from source.
  void primeCodeCache(runtime.launch, memoryMb);
  const own = childTransport({ ...runtime.launch, memoryMb, warmMs: WARM_MS });
  return new RunSession<Sandbox>({
    transport: transport ?? own,
    ...(transport ? { collectTransport: own } : {}),
    parallelism: parallelism(),
    spares: "from-second-run",
    bundleCollection: (tests) => bundleRun(esbuild, { solution: "", tests }),
    ...options,
  });
}

/** judgeIn judges a bundled Run in `session`; it never throws for anything a sandbox does. */
export async function judgeIn(session: NodeSession, input: JudgeInput, bundled: BundleResult): Promise<Verdict> {
  const { wallMs = DEFAULT_WALL_MS, ...limits } = input.limits;
  const outcome = await session.judge({
    exerciseId: input.exerciseId,
    bundle: bundled,
    tests: input.tests,
    limits,
    wallMs,
    ...(input.parallel !== undefined ? { parallel: input.parallel } : {}),
  });
  // judge resolves null only when stopped through a signal, which this host never gives.
  return outcome!.verdict;
}
