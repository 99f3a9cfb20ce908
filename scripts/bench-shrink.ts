// bench-shrink.ts — what shrinking a failing schedule costs and gives, for every exercise's
// starter and wrong/ variant (`npx node scripts/bench-shrink.ts [exercise-id…]`; REPEAT sets the
// repetitions, 3 by default). Each variant is judged through the Node host with shrinking off
// (limits.shrinkRuns 0) and on (the judge's default), REPEAT times each; for each failing test it
// prints the shrink (found on run k, steps N → M, preemptions P0 → P, runs spent) and the cost of
// shrinking as the difference of the test's durationMs, the least of the repetitions each way
// (durationMs includes exploration and replay, which are the same both ways). It also checks that
// shrinking changed no test's status. It reports; it asserts nothing.
import { loadExercises } from "../exercises/index.ts";
import { proofsOf } from "../exercises/prove.ts";
import { judge } from "../runner/node/run.ts";
import { scheduleText } from "../runner/core/report-text.ts";
import type { TestResult } from "../runner/core/verdict.ts";

const REPEAT = Number(process.env.REPEAT ?? 3);
const only = process.argv.slice(2);

const rows: string[] = [];
let worst = 0;
let changed = 0;
for (const ex of loadExercises()) {
  if (only.length > 0 && !only.includes(ex.id)) continue;
  for (const proof of proofsOf(ex)) {
    if (proof.label.startsWith("the reference solution")) continue;
    const best = async (shrinkRuns: number | undefined): Promise<Map<string, TestResult & { min: number }>> => {
      const out = new Map<string, TestResult & { min: number }>();
      for (let i = 0; i < REPEAT; i++) {
        const v = await judge({ exerciseId: ex.id, solution: proof.code, tests: ex.tests, limits: shrinkRuns === undefined ? ex.config.limits : { ...ex.config.limits, shrinkRuns } });
        for (const t of v.tests) {
          const prev = out.get(t.name);
          const d = t.durationMs ?? 0;
          out.set(t.name, { ...t, min: prev === undefined ? d : Math.min(prev.min, d) });
        }
      }
      return out;
    };
    const off = await best(0);
    const on = await best(undefined);
    for (const [name, t] of on) {
      const o = off.get(name);
      if (o?.status !== t.status) {
        changed++;
        rows.push(`${ex.id} ${proof.label} :: ${name}: STATUS CHANGED ${o?.status} → ${t.status}`);
      }
      if (t.status === "pass" || t.status === "skipped" || !t.schedule) continue;
      const cost = Math.max(0, t.min - (o?.min ?? 0));
      worst = Math.max(worst, cost);
      rows.push(`${ex.id} | ${proof.label.replace(/^wrong\//, "").replace(/ gets .*/, "")} | ${name.slice(0, 60)} | ${t.status} | ${scheduleText(t.schedule)} | tries ${t.schedule.shrunk?.tries ?? 0} | shrink ≈ ${cost.toFixed(1)} ms`);
    }
    console.error(`done: ${ex.id} ${proof.label}`);
  }
}
console.log(rows.join("\n"));
console.log(`\nworst shrink cost ≈ ${worst.toFixed(1)} ms (least of ${REPEAT} each way); statuses changed by shrinking: ${changed}`);
