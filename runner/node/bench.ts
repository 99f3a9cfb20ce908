/**
 * bench.ts — reports (never asserts) the Node host's timings: building the sandbox runtime
 * (gosync + harness, once per process), starting a sandbox process (spawn → loaded), bundling a
 * Run cold and warm, and judging it (from a host's second Run on, in warm spare processes).
 * Run: `npx node runner/node/bench.ts [exercise-id] [rounds]`.
 */
import * as esbuild from "esbuild";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
import { bundle, judgeBundle } from "./run.ts";
import { childTransport } from "./child-transport.ts";
import { buildRuntime } from "./runtime-bundle.ts";

const id = process.argv[2] ?? exerciseIds()[0];
const rounds = Number(process.argv[3] ?? 20);
const ex = id ? findExercise(id) : undefined;
if (!ex) {
  console.error(`bench: no exercise "${id}" (known: ${exerciseIds().join(", ")})`);
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const runtime = await buildRuntime(esbuild);
console.log(`sandbox runtime (gosync + harness) built once: ${ms(runtime.ms)}, ${(runtime.code.length / 1024).toFixed(0)} KB`);

const startMs: number[] = [];
const sandboxes = childTransport({ ...runtime.launch, memoryMb: 256, warmMs: 0 });
for (let i = 0; i < Math.max(5, rounds); i++) {
  const t0 = performance.now();
  const s = sandboxes.start("run");
  const failed = await s.ready;
  startMs.push(performance.now() - t0);
  s.stop();
  if (failed) console.error(`sandbox process failed to start: ${failed}`);
}
console.log(`sandbox process spawn → ready (runtime loaded, realm locked down): median ${ms(median(startMs))}, min ${ms(Math.min(...startMs))}`);

const cold = await bundle(ex.solution, ex.tests);
console.log(`first Run bundle (cold esbuild service): ${ms(cold.ms)}, ${(cold.code.length / 1024).toFixed(1)} KB + map`);

const bundleMs: number[] = [];
const runMs: number[] = [];
const totalMs: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  const b = await bundle(ex.solution + `\n// round ${i}\n`, ex.tests);
  const v = await judgeBundle({ exerciseId: ex.id, solution: ex.solution, tests: ex.tests, limits: ex.config.limits }, b);
  totalMs.push(performance.now() - t0);
  bundleMs.push(b.ms);
  runMs.push(v.timings.runMs);
  if (v.status !== "pass") console.error(`round ${i}: verdict ${v.status} (expected pass)`);
}
console.log(`${ex.id}: ${ex.config.limits.runs} schedules × ${ex.tests.match(/\btest\(/g)?.length ?? "?"} tests, ${rounds} warm rounds (median):`);
console.log(`  bundle ${ms(median(bundleMs))}   run (sandbox process + judge) ${ms(median(runMs))}   total ${ms(median(totalMs))}`);
await esbuild.stop();
