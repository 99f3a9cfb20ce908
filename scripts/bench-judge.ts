// bench-judge.ts — what a warm Run's judging costs, in CPU time, for each exercise's starter and
// reference solution: the figure behind the warm Run → verdict painted bench (bench-browser.mjs
// --warm), without the browser and without the load of a shared machine. Reports; asserts nothing.
//
//   npx node scripts/bench-judge.ts [--runs N] [exercise-id…]
//
// Each exercise's starter and solution are bundled as a Run is (native esbuild), then judged by
// one long-lived realm prepared as a sandbox's (bench-judge-realm.ts: lockdown, gosync, the
// harness; V8 as in Chromium), Run after Run as the browser's run worker judges a learner's: 5
// Runs to warm its JIT, then N (20 unless set) measured. For each: the median CPU time of a Run
// (process.cpuUsage: user + system, which load on other cores does not inflate) and its median
// wall time, with the verdict's status. CPU time is what to compare before/after a change.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { loadExercises } from "../exercises/index.ts";
import { bundle } from "../runner/node/run.ts";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 20;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench-judge: --runs wants a whole number of Runs ≥ 1, got ${JSON.stringify(args[runsAt + 1])}`);
const only = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs");
const exercises = loadExercises().filter((e) => only.length === 0 || only.includes(e.id));
const unknown = only.filter((id) => !exercises.some((e) => e.id === id));
if (unknown.length) throw new Error(`bench-judge: no exercise ${unknown.join(", ")} (expected ids from exercises/index.ts)`);

const jobs = [];
for (const ex of exercises) {
  for (const [label, code] of [["starter", ex.starter], ["solution", ex.solution]] as const) {
    const b = await bundle(code, ex.tests);
    if (!b.ok) throw new Error(`bench-judge: ${ex.id} ${label} does not bundle: ${JSON.stringify(b.diagnostics).slice(0, 300)}`);
    const { wallMs: _, ...limits } = ex.config.limits;
    jobs.push({ name: `${ex.id} ${label}`, code: b.code, map: b.map, limits });
  }
}

const realm = fileURLToPath(new URL("./bench-judge-realm.ts", import.meta.url));
const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", realm, String(runs)], { stdio: ["pipe", "inherit", "inherit"] });
child.stdin.end(JSON.stringify(jobs));
const load = loadavg()[0].toFixed(1);
await new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bench-judge: the realm exited with ${code}`)))));
console.log(`\nwarm Run judged in one realm, median of ${runs} after 5 to warm up; CPU time is the figure to compare (load average ${load} at the start)`);
