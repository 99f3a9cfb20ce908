// bench-search.ts — how soon each of gosync's strategies finds the bugs of
// runner/gosync/test/bug-programs.ts (`npx node scripts/bench-search.ts`; RUNS sets the budget,
// 10,000 by default). For each program and strategy it prints the schedule on which the bug was
// found (1 = the first), or "-" if it was not within the budget; on the correct variants any
// finding is a false alarm. Every failure found is replayed from its token with sim.run, and a
// token that does not reproduce it is printed as such. It reports; it asserts nothing.
import * as sim from "gosync/sim";
import { BUG_PROGRAMS } from "../runner/gosync/test/bug-programs.ts";

const RUNS = Number(process.env.RUNS ?? 10_000);

/** STRATEGIES are the columns: a label and the explore options that make it. */
const STRATEGIES: { label: string; opts: sim.ExploreOptions }[] = [
  { label: "random", opts: { strategy: "random" } },
  { label: "pct d=1", opts: { strategy: "pct", depth: 1 } },
  { label: "pct d=2", opts: { strategy: "pct", depth: 2 } },
  { label: "pct d=3", opts: { strategy: "pct", depth: 3 } },
  { label: "exhaustive", opts: { strategy: "exhaustive" } },
  { label: "preemption-bounded", opts: { strategy: "preemption-bounded" } },
  { label: "delay-bounded", opts: { strategy: "delay-bounded" } },
];

const rows: string[][] = [["program", ...STRATEGIES.map((s) => s.label)]];
const found = new Map<string, number>();
let notReplayed = 0;
for (const p of BUG_PROGRAMS) {
  const row = [`${p.name}${p.buggy ? "" : " (correct)"}`];
  for (const s of STRATEGIES) {
    const opts: sim.ExploreOptions = { ...s.opts, runs: RUNS, detectRaces: false, maxSteps: 10_000 };
    const t0 = performance.now();
    const r = await sim.explore(p.main, opts);
    const ms = performance.now() - t0;
    if (r.ok) {
      row.push(`- (${r.runs})`);
      continue;
    }
    const f = r.failure;
    const again = await sim.run(p.main, { ...sim.tokenOf(f), detectRaces: false });
    const same = again.outcome === f.report.outcome;
    if (!same) notReplayed++;
    if (p.buggy) found.set(s.label, (found.get(s.label) ?? 0) + 1);
    row.push(`${f.run + 1}${f.bound !== undefined ? ` b${f.bound}` : ""}${same ? "" : " NOT REPLAYED"}${p.buggy ? "" : " FALSE ALARM"} ${ms < 1000 ? `${ms.toFixed(0)}ms` : `${(ms / 1000).toFixed(1)}s`}`);
  }
  rows.push(row);
}
rows.push(["found", ...STRATEGIES.map((s) => `${found.get(s.label) ?? 0}/${BUG_PROGRAMS.filter((p) => p.buggy).length}`)]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
console.log(`\nbudget ${RUNS} schedules per program and strategy; "b2": found at bound 2; tokens not reproducing their failure: ${notReplayed}`);
