// bench-judge-realm.ts — bench-judge.ts's realm: prepared as a sandbox's (the same shims, lockdown
// and harness as runner/node/child.ts, minus the channel and the permission model: it judges the
// bench's own exercises), it judges each job it reads on stdin Run after Run and prints a line per job.
import "../runner/node/sandbox-globals-shim.ts";
import "../runner/core/lockdown-shim.ts";
import { gosyncModules } from "../runner/core/gosync-modules.ts";
import type { RunRequest, SandboxMessage } from "../runner/core/protocol.ts";
import { prepareSandbox, runInSandbox } from "../runner/core/sandbox.ts";

const proc = process;
const WARM = 5;
const runs = Number(proc.argv[2]);
const prepared = prepareSandbox(gosyncModules);

let input = "";
proc.stdin.setEncoding("utf8");
for await (const chunk of proc.stdin) input += chunk;
const jobs = JSON.parse(input) as Array<Omit<RunRequest, "type" | "id"> & { name: string }>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let id = 0;
for (const job of jobs) {
  const cpu: number[] = [];
  const wall: number[] = [];
  let status = "";
  for (let i = 0; i < WARM + runs; i++) {
    let done: Extract<SandboxMessage, { type: "done" }> | undefined;
    let error: string | undefined;
    const c0 = proc.cpuUsage();
    const t0 = performance.now();
    await runInSandbox({ type: "run", id: ++id, code: job.code, map: job.map, limits: job.limits }, prepared, {
      post(m) {
        if (m.type === "done") done = m;
        if (m.type === "load-error") error = m.message;
      },
    });
    const t1 = performance.now();
    const c1 = proc.cpuUsage(c0);
    if (error !== undefined) throw new Error(`${job.name}: ${error}`);
    const statuses = new Set(done!.tests.map((t) => t.status));
    status = statuses.has("pass") && statuses.size === 1 ? "pass" : [...statuses].filter((s) => s !== "pass").join("/");
    if (i < WARM) continue;
    cpu.push((c1.user + c1.system) / 1000);
    wall.push(t1 - t0);
  }
  proc.stdout.write(`${job.name.padEnd(28)} CPU ${median(cpu).toFixed(1).padStart(6)} ms   wall ${median(wall).toFixed(1).padStart(6)} ms   ${status}\n`);
}
