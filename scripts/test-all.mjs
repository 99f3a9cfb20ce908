// test-all runs every test SyncLab has, in the order a fresh clone needs them:
// typecheck the whole project (strict), build the site (browser and content checks read dist/), then the unit, conformance and
// content suites under Vitest, then the browser suites against the built site.
// It stops at the first failing step and ends with a one-line summary.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const steps = [
  { name: "typecheck", cmd: ["npm", "run", "typecheck"] },
  { name: "build", cmd: ["npm", "run", "build"] },
  { name: "unit", cmd: ["npx", "vitest", "run"] },
  { name: "browser", cmd: ["node", "--test", "--test-concurrency=1", "tests/browser/**/*.test.mjs"], when: () => existsSync("tests/browser") },
];

let passed = 0;
let failed = 0;
const started = Date.now();
for (const step of steps) {
  if (step.when && !step.when()) continue;
  const t0 = Date.now();
  console.log(`\n=== ${step.name}: ${step.cmd.join(" ")}`);
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: "inherit", env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) {
    passed++;
    console.log(`=== ${step.name}: ok (${secs}s)`);
  } else {
    failed++;
    console.log(`=== ${step.name}: FAILED with exit code ${r.status ?? r.signal} (${secs}s)`);
    break;
  }
}
console.log(`\ntest steps (${((Date.now() - started) / 1000).toFixed(0)}s):`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
