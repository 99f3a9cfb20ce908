// bench-timeline — how long opening the Schedule timeline of a 2,000-event trace takes in
// Chromium: site/schedule/timeline.ts bundled on its own (esbuild), a real trace from gosync's
// simulator (eight goroutines sharing a Mutex, a channel and a WaitGroup, cut to its last 2,000
// events as the judge cuts a Verdict's), then renderTimeline timed from the call to the frame
// that paints it (the callback of the requestAnimationFrame after layout), median of --repeat
// (default 15) openings on a fresh host each, after two warm-ups. The same is then timed along
// the exercise panel's path: site/exercise/schedule-view.ts's openSchedule (what a test's Schedule
// disclosure calls once its chunk is loaded) on a failed test whose report is that trace, which
// adds the view's note, title and contrast button around the same timeline. With --site DIR (a
// built site) it also opens, on the chapter page of safe-counter after a Run of its starter, each
// failed test's Schedule disclosure in turn, click → timeline painted, over 5 page loads each way
// (the first opening of a page apart from the later ones), with the load average before each:
//   "at once": the first click comes in the first task after the frame that painted the failed
//     verdict (the Run's own click, the page's requestIdleCallback left as it is): the learner who
//     taps a Schedule summary the moment the verdict shows, before anything could be preloaded
//     unless the verdict's own task started it — the cold first opening after a failed Run;
//   "300 ms after": the same, 300 ms after that frame (a quick tap on a phone, no hover);
//   "cold (no preload)": the view's chunks not loaded before the click, the panel's idle preload
//     switched off (requestIdleCallback never calls back), timed on a build that loads them only
//     when idle (a build that loads them right after the verdict is painted has no such opening);
//   "preloaded": clicked once the panel's preload after the painted verdict has loaded them and
//     the idle warm-up has had its chance (a learner who reads the failure first).
// The first opening of a page also runs the view's code for the first time (cold JIT).
// The timeline's CSS (site/schedule/timeline.css) comes with the page, as the site ships it.
// It reports; it asserts nothing.
//
//   npx node scripts/bench-timeline.mjs [--repeat 15] [--events 2000] [--site dist]
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { launch, openExercise, runExercise, startSite } from "../tests/browser/exercise-support.mjs";
import * as sim from "gosync/sim";
import { go, Chan } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const repeat = arg("repeat", 15);
const want = arg("events", 2000);
const siteAt = process.argv.indexOf("--site");
const siteDir = siteAt >= 0 ? process.argv[siteAt + 1] : undefined;

// A trace of at least `want` events: workers take turns on a Mutex and hand values over a channel.
let report;
for (let rounds = 20; ; rounds *= 2) {
  report = await sim.run(async () => {
    const mu = new Mutex();
    const wg = new WaitGroup();
    const c = new Chan(1);
    let n = 0;
    for (let w = 0; w < 8; w++) {
      wg.add(1);
      go(async () => {
        for (let i = 0; i < rounds; i++) {
          await mu.lock();
          n++;
          mu.unlock();
          await c.send(i);
          await c.recv();
        }
        wg.done();
      });
    }
    await wg.wait();
    return n;
  }, { seed: 7, strategy: "random", trace: true, stacks: true, maxSteps: 1_000_000 });
  if (report.trace.length >= want) break;
}
const trace = report.trace.slice(-want);
const input = { ...report, trace };

const bundle = await build({
  stdin: {
    contents: `export { renderTimeline } from "./site/schedule/timeline.ts";
export { openSchedule } from "./site/exercise/schedule-view.ts";
export { strings } from "./site/exercise/strings.ts";`,
    resolveDir: process.cwd(),
    loader: "ts",
  },
  bundle: true,
  format: "iife",
  globalName: "Timeline",
  write: false,
  target: "es2022",
});
const code = bundle.outputFiles[0].text;

const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.setContent(`<!doctype html><html data-theme="dark"><body><main><div id="host"></div></main></body></html>`);
  await page.addStyleTag({ content: readFileSync("site/schedule/timeline.css", "utf8") });
  await page.addScriptTag({ content: code });
  const { out: times, sync, panel } = await page.evaluate(
    async ({ input, repeat }) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      // timed opens with draw(host) on a fresh host repeat + 2 times: the call, then the frame that paints it.
      const timed = async (draw) => {
        const out = [];
        const sync = [];
        for (let i = 0; i < repeat + 2; i++) {
          const host = document.createElement("div");
          document.querySelector("main").replaceChildren(host);
          await frame();
          const t0 = performance.now();
          await draw(host);
          const t1 = performance.now();
          host.getBoundingClientRect();
          await frame();
          if (i >= 2) {
            out.push(performance.now() - t0);
            sync.push(t1 - t0);
          }
        }
        return { out, sync };
      };
      const { out, sync } = await timed((host) => Timeline.renderTimeline(host, input, { lang: "en" }));
      // The exercise panel's path: a failed test's Schedule view drawn by openSchedule.
      const failed = { name: "bench", status: "fail", report: input };
      const hooks = { onStep: () => {}, request: async () => undefined };
      const panel = (await timed((host) => Timeline.openSchedule(host, failed, Timeline.strings.en, "en", hooks, () => undefined))).out;
      return { out, sync, panel };
    },
    { input, repeat },
  );
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const lanes = new Set(trace.flatMap((e) => [e.g, e.child ?? 0])).size - 1;
  console.log(`timeline of ${trace.length} events (${lanes} goroutines, steps ${trace[0].step}–${trace.at(-1).step}), bundle ${(code.length / 1024).toFixed(1)} KB`);
  console.log(`open → painted: median ${median.toFixed(1)} ms over ${times.length} (min ${sorted[0].toFixed(1)}, max ${sorted.at(-1).toFixed(1)})`);
  const ss = [...sync].sort((a, b) => a - b);
  console.log(`of which renderTimeline's own call (model, SVG text, DOM parse): median ${ss[Math.floor(ss.length / 2)].toFixed(1)} ms`);
  console.log(`all: ${times.map((t) => t.toFixed(1)).join(" ")}`);
  const ps = [...panel].sort((a, b) => a - b);
  console.log(`exercise panel (openSchedule of a failed test with that report) → painted: median ${ps[Math.floor(ps.length / 2)].toFixed(1)} ms (min ${ps[0].toFixed(1)}, max ${ps.at(-1).toFixed(1)})`);
  if (siteDir !== undefined) await onThePage(browser, siteDir);
} finally {
  await browser.close();
}

/** onThePage times opening safe-counter's failed tests' Schedule views on its chapter page (see the top). */
async function onThePage(browser, dir) {
  const site = await startSite(dir);
  const { loadavg } = await import("node:os");
  try {
    const path = `${site.origin}/en/sync-primitives/`;
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const loaded = () => performance.getEntriesByType("resource").some((e) => /schedule-view/.test(e.name) && e.responseEnd > 0);
    const modes = [
      ["at once", { tapAfter: 0 }],
      ["300 ms after", { tapAfter: 300 }],
      ["cold (no preload)", { cold: true }],
      ["preloaded", { preloaded: true }],
    ];
    for (const [mode, how] of modes) {
      const loads = [];
      const load = loadavg()[0].toFixed(2);
      for (let k = 0; k < 5; k++) {
        const page = await browser.context.newPage();
        // Cold: the panel's idle preload never fires (its fallback, a timer, is for browsers without requestIdleCallback).
        if (how.cold) await page.addInitScript(() => void (window.requestIdleCallback = () => 0));
        await page.goto(path);
        await page.evaluate(() => localStorage.removeItem("synclab:draft:safe-counter"));
        await openExercise(page, path, "safe-counter", 60_000);
        if (how.tapAfter !== undefined) {
          // The clicks are made by the page itself, timed from the frame that paints the verdict.
          await page.evaluate(inPage);
          const armed = page.evaluate(({ tapAfter }) => window.timeAfterVerdict("safe-counter", tapAfter), { tapAfter: how.tapAfter });
          loads.push(await Promise.all([armed, runExercise(page, "safe-counter", 60_000)]).then(([times]) => times));
          await page.close();
          continue;
        }
        await runExercise(page, "safe-counter", 60_000);
        if (how.preloaded) {
          const had = await page.waitForFunction(loaded, undefined, { timeout: 15_000 }).then(() => true, () => false);
          if (!had) {
            console.log("preloaded: this build loaded no Schedule view chunk after the verdict within 15 s (it does not preload)");
            await page.close();
            break;
          }
          await page.evaluate(() => new Promise((r) => (typeof requestIdleCallback === "function" ? requestIdleCallback(() => r(), { timeout: 2000 }) : setTimeout(r, 500))));
        } else if (await page.evaluate(loaded)) {
          console.log(`${mode}: this build loaded the Schedule view's chunk before any opening, without an idle moment (right after the verdict): no cold opening to time`);
          await page.close();
          break;
        }
        await page.evaluate(inPage);
        loads.push(await page.evaluate(() => openAll()));
        await page.close();
      }
      if (loads.length === 0) continue;
      const first = loads.map((l) => l[0]);
      const later = loads.flatMap((l) => l.slice(1));
      console.log(`on the chapter page (safe-counter's starter, ${loads[0].length} failed tests), ${mode}, click → timeline painted (load average ${load} before):`);
      console.log(`  first opening of a page: median ${med(first).toFixed(0)} ms [${first.map((t) => t.toFixed(0)).join(" ")}]`);
      console.log(`  later openings: median ${med(later).toFixed(0)} ms [${later.map((t) => t.toFixed(0)).join(" ")}]`);
    }
  } finally {
    await site.close();
  }
}

/**
 * inPage defines, in the page, openAll (each failed test's Schedule disclosure of safe-counter
 * opened in turn: click → the timeline in it and the frame after it; the times in ms) and
 * timeAfterVerdict (openAll started `tapAfter` ms after the frame that paints the next verdict).
 */
function inPage() {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  window.openAll = async () => {
    const out = [];
    for (const d of document.querySelectorAll('[data-exercise="safe-counter"] details.sx-schedule-view')) {
      const t0 = performance.now();
      d.querySelector("summary").click();
      while (!d.querySelector(".synclab-timeline")) await new Promise((r) => setTimeout(r, 0));
      d.getBoundingClientRect();
      await frame();
      out.push(performance.now() - t0);
    }
    return out;
  };
  window.timeAfterVerdict = (id, tapAfter) =>
    new Promise((resolve, reject) => {
      const region = document.querySelector(`[data-exercise="${id}"] [data-role="results"]`);
      let running = false;
      const watch = new MutationObserver(() => {
        const status = region.dataset.status;
        if (status === "running") running = true;
        if (!running || status === "running" || status === "idle") return;
        watch.disconnect();
        // The frame's callback runs before it is painted; a task queued from it runs after.
        requestAnimationFrame(() => setTimeout(() => window.openAll().then(resolve, reject), tapAfter));
      });
      watch.observe(region, { attributes: true, attributeFilter: ["data-status"] });
    });
}
