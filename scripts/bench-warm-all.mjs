// bench-warm-all — reports (never asserts) the warm Run → verdict painted figure (goal ≤ 50 ms,
// issues 9 and 11) of every exercise, one after another: scripts/bench-browser.mjs --warm for
// each, in a fresh browser each time, then one table. The machine should be otherwise idle: the
// figure is tens of milliseconds and moves with load (the load average is printed).
// Usage: npm run build && npx node scripts/bench-warm-all.mjs [dist] [--repeat N] [--viewport WxH] [--exercise ID ...]
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { exerciseIds } from "../exercises/index.ts";

const args = process.argv.slice(2);
const repeatAt = args.indexOf("--repeat");
const repeat = repeatAt >= 0 ? args[repeatAt + 1] : "3";
const named = args.flatMap((a, i) => (args[i - 1] === "--exercise" ? [a] : []));
const viewportAt = args.indexOf("--viewport");
const viewport = viewportAt >= 0 ? ["--viewport", args[viewportAt + 1]] : [];
const dist = args.find((a, i) => !a.startsWith("--") && !["--repeat", "--exercise", "--viewport"].includes(args[i - 1])) ?? "dist";
const ids = named.length ? named : exerciseIds();
const bench = fileURLToPath(new URL("./bench-browser.mjs", import.meta.url));

for (const id of ids) {
  const load = loadavg()[0].toFixed(1);
  const r = spawnSync(process.execPath, [bench, dist, "--warm", "--repeat", repeat, ...viewport, "--exercise", id], { encoding: "utf8" });
  const line = (what) => r.stdout.split("\n").find((l) => l.includes(`${id} ${what}`))?.split("): ")[1] ?? `(no figure: ${(r.stderr || r.stdout).trim().split("\n").at(-1)})`;
  const figure = (what) => line(what).split(" painted")[0];
  console.log(`${id.padEnd(18)} starter ${figure("starter").padEnd(22)} solution ${figure("solution").padEnd(22)} (load ${load})`);
}
console.log(`\nwarm Run → verdict painted, median of 20 Runs, median over ${repeat} fresh browsers [each browser's median], window ${viewport[1] ?? "1366x800"}; goal ≤ 50 ms`);
