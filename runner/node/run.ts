/**
 * run.ts — the Node host: judge one Run (learner code + hidden tests) and return its Verdict.
 * Runs in Node (CLI, CI, instructor regrading). Bundles with native esbuild, then judges in
 * sandbox processes (child-transport.ts: one OS process per sandbox under Node's permission
 * model, with a heap cap) — several at once for a Run with several tests, each judging its
 * shard of them — through core's RunSession (run-session.ts), which the browser host shares:
 * spares, sharding, the wall clock (counted from when the sandboxes are ready; a timeout is
 * checked again with the limit doubled), the host's own collection of the hidden tests, and
 * the Verdict. Whatever a sandbox does (crash, exit, run out of memory, send forged or huge
 * messages) becomes a Verdict; nothing it does throws here.
 */
import * as esbuild from "esbuild";
import { bundleRun, type BundleResult } from "../core/bundle.ts";
import { compileErrorVerdict } from "../core/collect.ts";
import type { Verdict } from "../core/verdict.ts";
import { DEFAULT_MEMORY_MB, judgeIn, nodeSession, type JudgeInput, type NodeSession } from "./session.ts";

export { DEFAULT_MEMORY_MB, DEFAULT_WALL_MS, parallelism, type JudgeInput } from "./session.ts";

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

/** sessions holds the host's RunSession per heap cap (a spare is started with its cap). */
const sessions = new Map<number, Promise<NodeSession>>();

/**
 * judgeBundle judges an already bundled Run: its tests are shared out among up to parallelism()
 * sandbox processes, each a fresh realm that judges nothing else; one wall-clock limit covers
 * the Run, and the Verdict merges the shards in test order.
 */
export async function judgeBundle(input: JudgeInput, bundled: BundleResult): Promise<Verdict> {
  const memoryMb = input.memoryMb ?? DEFAULT_MEMORY_MB;
  let session = sessions.get(memoryMb);
  if (session === undefined) {
    session = nodeSession(memoryMb);
    sessions.set(memoryMb, session);
    session.catch(() => sessions.delete(memoryMb));
  }
  return judgeIn(await session, input, bundled);
}
