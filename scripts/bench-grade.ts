// bench-grade.ts — `npm run bench:grade`: what `synclab grade` costs on this machine. It
// reports; it asserts nothing.
//
// An assignment of every exercise (exercises/index.ts, SYNCLAB_EXERCISES included) and 30
// generated submissions, each exercise's code chosen in turn among the reference solution, the
// starter and the known-wrong variants (those that end in a timeout left out: each costs its
// limit and a re-check at twice the limit, which measures the limit, not the grader). The batch
// runs through the same code as the CLI (runner/instructor/batch.ts, gradebook.ts and the
// grades.csv writer) with --jobs (default: the core count; BENCH_JOBS overrides). Reported:
// - wall time of the batch (loading, judging, gradebook and CSV);
// - per judgment: the median (and p90) of bundle + run time of each Verdict;
// - the pool's overhead: wall time less the judging time it had to do, divided by jobs — what
//   starting sandboxes, waiting for slots and the host's own work add;
// - CPU time of the host and of its ended sandbox processes (esbuild's service process is still
//   running at the end and is not counted), from /proc (Linux), and the
//   load average: on a machine others are using, wall time measures them too, while CPU time
//   per judgment does not; CPU ÷ cores is what the batch would take on this machine idle.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadExercises } from "../exercises/index.ts";
import { assignmentHash, parseAssignment } from "../runner/instructor/schema.ts";
import { gradeFiles } from "../runner/instructor/batch.ts";
import { gradebook } from "../runner/instructor/gradebook.ts";
import { gradesCsv } from "../runner/instructor/formats/grades-csv.ts";
import { BATCH_WARM_MS, JudgePool, defaultJobs } from "../runner/instructor/judge-pool.ts";
import { makeSubmission } from "../runner/instructor/sample-submissions.ts";
import { findSubmissionFiles } from "../runner/instructor/submissions.ts";

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 30);
const jobs = Number(process.env.BENCH_JOBS ?? defaultJobs());
// BENCH_WARM_MS sets the spares' JIT warm-up budget (default: a batch's, BATCH_WARM_MS).

const exercises = loadExercises();
const dir = mkdtempSync(join(tmpdir(), "synclab-bench-grade-"));
const yaml = JSON.stringify({
  id: "bench",
  title: { zh: "基准", en: "Bench" },
  due: "2026-03-01T23:59:00+08:00",
  exercises: exercises.map((e) => ({ id: e.id, points: 10 })),
});
writeFileSync(join(dir, "assignment.json"), yaml);
const a = parseAssignment(yaml, "assignment.json");
mkdirSync(join(dir, "subs"));
for (let i = 0; i < SUBMISSIONS; i++) {
  const code: Record<string, string> = {};
  for (const ex of exercises) {
    const choices = [ex.solution, ex.starter, ...ex.wrong.filter((w) => w.expect.kind !== "timeout").map((w) => w.code)];
    code[ex.id] = choices[i % choices.length]!;
  }
  const s = await makeSubmission(a, { student: { id: `s${String(i).padStart(3, "0")}`, name: `Student ${i}` }, code, submittedAt: "2026-03-01T12:00:00+08:00" });
  writeFileSync(join(dir, "subs", `s${i}.synclab.json`), JSON.stringify(s));
}

/** cpuMs is the CPU time (user + system) of this process (`self`) and of its children that have ended, in ms (Linux; 0 elsewhere). */
function cpuMs(): { self: number; children: number; total: number } {
  if (!existsSync("/proc/self/stat")) return { self: 0, children: 0, total: 0 };
  const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
  // after the command: state is field 3, so utime..cstime (fields 14–17) are at 11..14; USER_HZ is 100 on Linux.
  const self = (Number(fields[11]) + Number(fields[12])) * 10;
  const children = (Number(fields[13]) + Number(fields[14])) * 10;
  return { self, children, total: self + children };
}

const { loadAssignment } = await import("../runner/instructor/assignment.ts");
const load0 = loadavg()[0]!;
const c0 = cpuMs();
const t0 = performance.now();
const loaded = await loadAssignment(join(dir, "assignment.json"));
const warmMs = process.env.BENCH_WARM_MS === undefined ? BATCH_WARM_MS : Number(process.env.BENCH_WARM_MS);
const pool = new JudgePool(jobs, undefined, warmMs);
const files = findSubmissionFiles([join(dir, "subs")]);
const records = await gradeFiles(loaded, files, pool);
const csv = gradesCsv(gradebook(loaded, records));
const wall = performance.now() - t0;
await pool.close();
await new Promise((r) => setTimeout(r, 500)); // let the spares' exits be counted
const c1 = cpuMs();
const cpu = c1.total - c0.total;
const cpuSelf = c1.self - c0.self;

const times = records.flatMap((r) => (r.ok ? r.exercises.flatMap((e) => e.runs.map((x) => x.verdict.timings.bundleMs + x.verdict.timings.runMs)) : [])).sort((x, y) => x - y);
const sum = times.reduce((s, x) => s + x, 0);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
const statuses = new Map<string, number>();
for (const r of records) if (r.ok) for (const e of r.exercises) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);

console.log(`synclab grade bench: ${SUBMISSIONS} submissions × ${exercises.length} exercises = ${times.length} judgments, --jobs ${jobs} (${defaultJobs()} cores), spares warm ${warmMs} ms`);
console.log(`  wall time            ${(wall / 1000).toFixed(1)} s (assignment hash ${(await assignmentHash(a)).slice(0, 15)}…, grades.csv ${csv.length} bytes)`);
console.log(`  per judgment         median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, total ${(sum / 1000).toFixed(1)} s`);
console.log(`  pool overhead        ${((wall - sum / jobs) / 1000).toFixed(1)} s over ${(sum / jobs / 1000).toFixed(1)} s of judging per job (${((100 * (wall - sum / jobs)) / wall).toFixed(0)}% of wall)`);
console.log(`  CPU time             ${(cpu / 1000).toFixed(1)} s (host ${(cpuSelf / 1000).toFixed(1)} s + sandboxes ${((cpu - cpuSelf) / 1000).toFixed(1)} s), ${(cpu / times.length).toFixed(0)} ms per judgment; idle estimate ${(cpu / 1000 / availableParallelism()).toFixed(1)} s on ${availableParallelism()} cores`);
console.log(`  load average         ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
console.log(`  verdicts             ${[...statuses].map(([s, n]) => `${s} ${n}`).join(", ")}`);
