// The playground and the Schedule timeline (issue 12), in Debian's Chromium against the built
// site: a program with a data race prints WARNING: DATA RACE and the timeline rings the two
// accesses on their goroutines' lanes; a deadlock flags the goroutines stuck at the end; a leak
// flags the goroutine still blocked after main returned; stepping through the schedule moves
// the editor's highlight to the line the goroutine ran; a share link reproduces the code and the
// schedule; a chapter's "Open in playground" opens that block's code; axe finds nothing serious.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { programFragment } from "../../site/playground/share.ts";
import { browserSession } from "./support/session.mjs";
import { ABBA_DEADLOCK } from "./support/programs.mjs";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const session = browserSession();
const url = session.url;
const root = (page) => page.locator("[data-playground]");

/** runLinked opens the playground on a link carrying `program` with a schedule (it runs at once) and waits for the timeline. */
async function runLinked(page, program, lang = "en") {
  await page.goto(url(`/${lang}/playground/${programFragment({ strategy: "random", seed: 1, runs: 1, ...program })}`));
  return finished(page);
}

/** finished waits for the Run's result and timeline and returns what the page shows. */
async function finished(page) {
  await page.waitForFunction(() => {
    const r = document.querySelector("[data-playground]");
    return r?.dataset.status && r.dataset.status !== "running" && r.querySelector(".synclab-timeline");
  }, null, { timeout: 90_000 });
  return page.evaluate(() => {
    const r = document.querySelector("[data-playground]");
    return {
      status: r.dataset.status,
      line: r.querySelector('[data-role="status"]').textContent,
      console: r.querySelector('[data-role="console"]').textContent,
      reports: [...r.querySelectorAll('[data-role="reports"] pre')].map((p) => ({ kind: p.dataset.kind, text: p.textContent })),
      findings: [...r.querySelectorAll(".tl-findings li")].map((li) => ({ g: Number(li.dataset.g), flag: li.dataset.flag, line: li.dataset.line, holder: Number(li.dataset.holder) })),
      rings: [...r.querySelectorAll("circle.tl-race")].map((c) => ({ g: Number(c.dataset.g), role: c.dataset.role, line: c.dataset.line })),
      endFlags: [...r.querySelectorAll("rect.tl-end-flag")].map((x) => ({ g: Number(x.dataset.g), flag: x.dataset.flag })),
      lanes: [...r.querySelectorAll(".tl-heads li")].map((li) => Number(li.dataset.g)),
    };
  });
}

/** lineOf is the 1-based line of the first line of `code` containing `text`. */
const lineOf = (code, text) => code.split("\n").findIndex((l) => l.includes(text)) + 1;

const RACE = `import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function main(): Promise<void> {
  const s = shared({ n: 0 });
  const wg = new WaitGroup();
  wg.add(2);
  go(async () => {
    s.n = 1; // first writer
    wg.done();
  });
  go(async () => {
    s.n = 2; // second writer
    wg.done();
  });
  await wg.wait();
  console.log("n is", s.n);
}
`;

test("a data race prints WARNING: DATA RACE and the timeline rings the two accesses on their goroutines' lanes", async () => {
  const page = await session.browser.context.newPage();
  const shown = await runLinked(page, { code: RACE });
  const seen = JSON.stringify(shown, null, 1);
  assert.equal(shown.status, "fail", seen);
  assert.ok(shown.reports.some((r) => r.kind === "race" && r.text.includes("WARNING: DATA RACE")), seen);
  assert.match(shown.console, /n is [12]/, seen);
  assert.deepEqual(shown.lanes, [1, 2, 3], seen);
  const lines = new Set([lineOf(RACE, "first writer"), lineOf(RACE, "second writer")]);
  assert.equal(shown.rings.length, 2, seen);
  assert.deepEqual(new Set(shown.rings.map((r) => r.g)), new Set([2, 3]), seen);
  assert.deepEqual(new Set(shown.rings.map((r) => Number(r.line))), lines, seen);
  assert.deepEqual(new Set(shown.rings.map((r) => r.role)), new Set(["current", "previous"]), seen);
  await page.close();
});


test("a deadlock prints Go's fatal error and the timeline flags both goroutines stuck at the end, each waiting for the other's lock", async () => {
  const page = await session.browser.context.newPage();
  const shown = await runLinked(page, { code: ABBA_DEADLOCK });
  const seen = JSON.stringify(shown, null, 1);
  assert.equal(shown.status, "deadlock", seen);
  assert.ok(shown.reports.some((r) => r.text.startsWith("fatal error: all goroutines are asleep - deadlock!")), seen);
  assert.deepEqual(shown.endFlags, [{ g: 1, flag: "stuck" }, { g: 2, flag: "stuck" }], seen);
  assert.deepEqual(shown.findings.filter((f) => f.flag === "stuck").map((f) => f.g), [1, 2], seen);
  // The wait-for cycle: each goroutine waits for the lock the other holds.
  assert.deepEqual(shown.findings.filter((f) => f.flag === "waits-for").map((f) => [f.g, f.holder]), [[1, 2], [2, 1]], seen);
  await page.close();
});

const LEAK = `import { go, Chan } from "gosync";

export async function main(): Promise<void> {
  const results = new Chan<number>();
  go(async () => {
    await results.send(42); // nobody receives: blocked for ever
  });
  console.log("main returns");
}
`;

test("a leak lists the goroutine still blocked after main returned, and the timeline flags its lane", async () => {
  const page = await session.browser.context.newPage();
  const shown = await runLinked(page, { code: LEAK });
  const seen = JSON.stringify(shown, null, 1);
  assert.equal(shown.status, "fail", seen);
  assert.ok(shown.reports.some((r) => r.kind === "leak" && r.text.includes("goroutine 2 [chan send]")), seen);
  assert.deepEqual(shown.endFlags, [{ g: 2, flag: "leak" }], seen);
  assert.deepEqual(shown.findings.map((f) => [f.g, f.flag]), [[2, "leak"]], seen);
  await page.close();
});

const STEPS = `import { go } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export async function main(): Promise<void> {
  const mu = new Mutex();
  const wg = new WaitGroup();
  wg.add(1);
  go(async () => {
    await mu.lock(); // worker locks
    mu.unlock(); // worker unlocks
    wg.done(); // worker is done
  });
  await wg.wait(); // main waits
  console.log("done");
}
`;

test("stepping with the keyboard moves the editor's highlight to the line each goroutine ran", async () => {
  const page = await session.browser.context.newPage();
  const shown = await runLinked(page, { code: STEPS });
  assert.equal(shown.status, "pass", JSON.stringify(shown, null, 1));
  await root(page).locator(".tl-scroll").focus();
  await page.keyboard.press("Home");
  const visited = [];
  for (let i = 0; i < 40; i++) {
    // Monaco draws a moved decoration in its next animation frame: read the line after it.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const at = await page.evaluate(() => {
      const r = document.querySelector("[data-playground]");
      const overlay = document.querySelector(".pg-step-line");
      let text = null;
      if (overlay) {
        // The highlighted line's text, as Monaco draws it: the view line at the overlay's height.
        const top = overlay.parentElement.style.top;
        const line = [...document.querySelectorAll(".view-lines .view-line")].find((l) => l.style.top === top);
        text = line?.textContent.replace(/\u00a0/g, " ") ?? null;
      }
      return { step: r.dataset.highlightStep, g: Number(r.dataset.highlightGoroutine), line: Number(r.dataset.highlightLine), text, cursor: r.querySelector(".synclab-timeline").dataset.step };
    });
    visited.push(at);
    await page.keyboard.press("ArrowRight");
  }
  const seen = JSON.stringify(visited);
  // A step's line is where its goroutine stopped (its scheduling point): the worker's uncontended
  // lock and unlock do not stop it, its step ends after done.
  const want = [
    [2, "worker is done"],
    [1, "main waits"],
  ];
  assert.ok(visited.some((v) => v.g === 2), `goroutine 2's steps were visited: ${seen}`);
  for (const [g, text] of want) {
    const hit = visited.find((v) => v.g === g && v.line === lineOf(STEPS, text));
    assert.ok(hit, `goroutine ${g} at line ${lineOf(STEPS, text)} (${text}) was highlighted while stepping: ${seen}`);
    assert.ok(hit.text?.includes(text), `the editor's highlighted line reads "${hit.text}", want the line with "${text}": ${seen}`);
  }
  assert.ok(visited.every((v, i) => i === 0 || Number(v.cursor) >= Number(visited[i - 1].cursor)), `→ only moves forward: ${seen}`);
  await page.close();
});

test("a share link reproduces the code and the schedule: same strategy, seed, output and reports", async () => {
  const page = await session.browser.context.newPage();
  const first = await runLinked(page, { code: RACE, strategy: "pct", seed: 9, runs: 5 });
  await root(page).locator('[data-action="share"]').click();
  const link = await root(page).locator('[data-role="share-link"]').inputValue();
  assert.match(link, /\/en\/playground\/#pg1:[A-Za-z0-9_-]+$/);
  const other = await session.browser.context.newPage();
  await other.goto(link);
  const again = await finished(other);
  assert.deepEqual(again, first);
  const controls = await other.evaluate(() => ({
    strategy: document.querySelector('[data-role="strategy"]').value,
    seed: document.querySelector('[data-role="seed"]').value,
    runs: document.querySelector('[data-role="runs"]').value,
    code: document.querySelector(".view-lines").innerText.replace(/\u00a0/g, " "),
  }));
  assert.deepEqual({ ...controls, code: undefined }, { strategy: "pct", seed: "9", runs: "5", code: undefined });
  assert.ok(controls.code.includes("s.n = 2; // second writer"), controls.code);
  await page.close();
  await other.close();
});

test("a chapter's TypeScript block opens in the playground with its code", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(url("/zh/sync-primitives/"));
  const links = page.locator("a.synclab-open-pg");
  assert.ok((await links.count()) >= 3, "every TypeScript block of the chapter has its link");
  const first = links.first();
  assert.equal(await first.textContent(), "在演练场中打开");
  const blockCode = await first.evaluate((a) => [...a.closest("figure").querySelectorAll("pre .ec-line")].map((l) => l.textContent).join("\n"));
  await first.evaluate((a) => a.click());
  await page.waitForURL(/\/zh\/playground\/#pg1:/);
  await page.waitForSelector("[data-playground][data-ready] .view-lines");
  const code = await page.evaluate(() => document.querySelector(".view-lines").innerText.replace(/\u00a0/g, " "));
  const firstLines = blockCode.split("\n").slice(0, 4).map((l) => l.trim());
  for (const l of firstLines) assert.ok(code.includes(l), `the playground shows "${l}" of the block:\n${code}`);
  await page.close();
});

test("axe finds no serious or critical violation on the playground with a timeline, in both themes", async () => {
  const page = await session.browser.context.newPage();
  for (const theme of ["light", "dark"]) {
    await page.goto(url("/en/"));
    await page.evaluate((t) => localStorage.setItem("starlight-theme", t), theme);
    await runLinked(page, { code: ABBA_DEADLOCK }, theme === "dark" ? "zh" : "en");
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      // The code's own colours are the site's Monaco theme's (site/exercise/monaco.ts), checked with the exercises.
      const r = await window.axe.run({ include: [["[data-playground]"]], exclude: [[".monaco-editor .view-lines"]] }, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    assert.deepEqual(violations, [], `${theme}: ${violations.join("\n")}`);
  }
  await page.close();
});
