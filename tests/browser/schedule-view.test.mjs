// The exercises' Schedule view and blocking profile (issue 12), in Debian's Chromium against the
// built site: a failed test's Schedule disclosure loads the timeline only when opened and draws
// the failing schedule — for a data race the two accesses ringed on their goroutines' lanes, for
// a deadlock the goroutines stuck at the end and whom each waits for, for a leak the goroutine
// still blocked after the test returned; stepping through it with the keyboard moves the
// editor's highlight to the line the goroutine that ran each step was at; a failed assertion's
// schedule gets a passing one beside it on request; a passing test's schedule is recorded on
// request; contended-lock shows each test's blocking profile as a table, most time first, which
// scrolls sideways on a phone; axe finds nothing serious in the open view, light and dark, in
// both languages. One page load per draft serves all of its checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openDisclosure, openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { axeViolations, readable } from "./support/axe.mjs";
import { browserSession } from "./support/session.mjs";

const session = browserSession();

const COUNTER = "safe-counter";
const COUNTER_PAGE = "sync-primitives";
const COUNTS_EVERY = "SafeCounter > counts every increment made from many goroutines";
const READS_ZERO = "SafeCounter > a new counter reads zero for every key";

/** wrong reads one of safe-counter's wrong variants, which the judge's own checks keep failing as their header says. */
const wrong = (name) => readFileSync(new URL(`../../exercises/01-sync-primitives/01-safe-counter/.meta/wrong/${name}.ts`, import.meta.url), "utf8");
/** FORGOT_UNLOCK returns early on a new key without unlocking: every later inc blocks in Lock (a deadlock). */
const FORGOT_UNLOCK = wrong("forgot-unlock");
/** LOCK_LINE is inc's lock in FORGOT_UNLOCK. */
const LOCK_LINE = FORGOT_UNLOCK.split("\n").findIndex((l) => l.includes("await this.mu.lock();")) + 1;
/** SPLIT locks the read and the write of inc separately: no data race, but an update is lost on some schedules. */
const SPLIT = wrong("split-critical-section");

/** LEAKY_VALUE is the reference solution but for value, which starts a goroutine that waits for a send that never comes. */
const LEAKY_VALUE = readFileSync(new URL("../../exercises/01-sync-primitives/01-safe-counter/.meta/solution.ts", import.meta.url), "utf8")
  .replace('import { shared } from "gosync";', 'import { shared, go, Chan } from "gosync";')
  .replace(/(async value\(key: string\): Promise<number> \{\n)/, "$1    const never = new Chan<number>();\n    go(async () => {\n      await never.recv();\n    });\n");
assert.match(LEAKY_VALUE, /import \{ shared, go, Chan \}[\s\S]*async value[^\n]*\n    const never/, "the leak went into safe-counter's solution (did its import line or value's signature change?)");

const url = (lang, chapter) => session.url(`/${lang}/${chapter}/`);
const exercise = (page, id) => page.locator(`[data-exercise="${id}"]`);
const testItem = (page, id, name) => exercise(page, id).locator(`li.sx-test[data-test-name="${name}"]`);

/** runDraft opens `id`'s chapter with `code` as its draft (the starter when null) and runs it. */
async function runDraft(page, { id = COUNTER, chapter = COUNTER_PAGE, lang = "en", code = null } = {}) {
  await page.goto(url(lang, chapter));
  await page.evaluate((id) => localStorage.removeItem(`synclab:draft:${id}`), id);
  if (code !== null) await putDraft(page, id, code);
  await openExercise(page, url(lang, chapter), id);
  return runExercise(page, id, 90_000);
}

/** failingSchedule runs `code` in safe-counter, checks test `name` ended `status` and opens its Schedule view. */
async function failingSchedule(page, code, name, status) {
  await runDraft(page, { code });
  assert.equal(await testItem(page, COUNTER, name).getAttribute("data-test-status"), status);
  const [failing] = await openSchedule(page, COUNTER, name);
  return failing;
}

/**
 * timelineChunks lists the scripts the page fetched that hold the Schedule view or the timeline,
 * with when each fetch started (not the timeline's stylesheet, timeline.css, which is the page's).
 */
async function timelineChunks(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\/(schedule-view|timeline)[^/]*\.js$/.test(new URL(e.name).pathname))
      .map((e) => ({ name: e.name, start: e.startTime })),
  );
}

/**
 * noteVerdictShown makes `page` record (as window.__synclabVerdictAt, on performance.now()'s
 * clock) when a results panel first shows a verdict: its status region's data-status becomes
 * something other than idle or running.
 */
async function noteVerdictShown(page) {
  await page.addInitScript(() => {
    new MutationObserver((records) => {
      for (const r of records) {
        const status = r.target.dataset?.status;
        if (r.target.getAttribute?.("role") === "status" && status !== "idle" && status !== "running") window.__synclabVerdictAt ??= performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

/**
 * openSchedule opens test `name`'s Schedule disclosure, waits for `parts` timelines in it and
 * returns what each shows: its lanes, its findings (stuck, leak, race, waits-for), the race
 * accesses ringed and the flags at the lanes' ends.
 */
async function openSchedule(page, id, name, parts = 1) {
  const details = testItem(page, id, name).locator("details.sx-schedule-view");
  await openDisclosure(details);
  await details.locator(".synclab-timeline").nth(parts - 1).waitFor({ timeout: 90_000 });
  return shownParts(details);
}

/** shownParts reads every timeline in a Schedule disclosure. */
async function shownParts(details) {
  return details.evaluate((d) =>
    [...d.querySelectorAll(".sx-schedule-part")].map((part) => ({
      part: part.dataset.part,
      lanes: [...part.querySelectorAll(".tl-heads li")].map((li) => Number(li.dataset.g)),
      findings: [...part.querySelectorAll(".tl-findings li")].map((li) => ({ g: Number(li.dataset.g), flag: li.dataset.flag, line: li.dataset.line, holder: Number(li.dataset.holder), text: li.textContent })),
      rings: [...part.querySelectorAll("circle.tl-race")].map((c) => ({ g: Number(c.dataset.g), role: c.dataset.role })),
      endFlags: [...part.querySelectorAll("rect.tl-end-flag")].map((x) => ({ g: Number(x.dataset.g), flag: x.dataset.flag })),
      states: [...new Set([...part.querySelectorAll("path.tl-seg")].map((p) => p.getAttribute("class").replace("tl-seg ", "")))].sort(),
      reasons: [...new Set([...part.querySelectorAll("path.tl-seg[data-reason]")].map((p) => `${p.dataset.g} ${p.dataset.reason}`))].sort(),
    })),
  );
}

test("a data race's failing schedule is loaded no earlier than the verdict is shown, without a link added to the page's head, and drawn when opened, its two accesses ringed on two workers' lanes", async () => {
  const page = await session.browser.context.newPage();
  await noteVerdictShown(page);
  const run = await runDraft(page);
  assert.equal(run.status, "fail", run.text);
  assert.equal(await testItem(page, COUNTER, COUNTS_EVERY).getAttribute("data-test-status"), "race");
  const verdictAt = await page.evaluate(() => window.__synclabVerdictAt);
  assert.equal(typeof verdictAt, "number", "the panel's showing the verdict was noted");
  // The panel may start loading the view once the failed verdict is painted (and the browser idle), never before.
  const early = (await timelineChunks(page)).filter((c) => c.start < verdictAt);
  assert.deepEqual(early, [], `no part of the timeline is fetched before the panel shows a verdict (at ${verdictAt.toFixed(0)} ms)`);
  assert.equal(await testItem(page, COUNTER, COUNTS_EVERY).locator(".synclab-timeline").count(), 0, "nothing of the timeline is drawn before its Schedule view is opened");
  const [failing] = await openSchedule(page, COUNTER, COUNTS_EVERY);
  assert.ok((await timelineChunks(page)).length > 0, "the timeline's chunks are loaded once it is opened");
  // A <link> added to the head (Vite's preload helper adds modulepreload ones for a chunk that
  // imports others) has Chromium restyle and lay out the whole chapter page: the view is one chunk.
  const links = await page.evaluate(() => [...document.head.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.href).filter((h) => /\/(schedule-view|timeline)[^/]*\.js$/.test(h)));
  assert.deepEqual(links, [], "loading the Schedule view added no modulepreload link to the page's head");
  const seen = JSON.stringify(failing);
  assert.equal(failing.part, "failing", seen);
  assert.ok(failing.lanes.includes(1) && failing.lanes.length >= 3, `main and the workers have lanes: ${seen}`);
  // Each race rings its two accesses (the current one and the earlier one it is not ordered with).
  const accesses = failing.findings.filter((f) => f.flag === "race");
  assert.ok(accesses.length >= 2 && failing.rings.length === accesses.length, `every racing access is ringed: ${seen}`);
  assert.equal(failing.rings.filter((r) => r.role === "current").length, failing.rings.filter((r) => r.role === "previous").length, seen);
  const racing = [...new Set(failing.rings.map((r) => r.g))];
  assert.ok(racing.length >= 2 && racing.every((g) => g > 1), `the racing accesses are two workers' (not main's): ${seen}`);
  // The race's accesses are the starter's read-modify-write of counts in inc.
  assert.ok(accesses.every((f) => Number(f.line) === 19), `the accesses are at line 19 (inc's count): ${seen}`);
  for (const state of ["tl-running", "tl-runnable"]) assert.ok(failing.states.includes(state), `lanes show ${state}: ${seen}`);
  await page.close();
});

test("a deadlock's schedule flags the stuck goroutines and whom they wait for, and stepping moves the editor's highlight to each goroutine's line", async () => {
  const page = await session.browser.context.newPage();
  const failing = await failingSchedule(page, FORGOT_UNLOCK, COUNTS_EVERY, "deadlock");
  const seen = JSON.stringify(failing);
  const stuck = failing.findings.filter((f) => f.flag === "stuck").map((f) => f.g);
  assert.ok(stuck.includes(1), `main is stuck (in its WaitGroup's Wait): ${seen}`);
  assert.ok(stuck.filter((g) => g > 1).length >= 1, `workers are stuck in Lock: ${seen}`);
  assert.deepEqual(failing.endFlags.filter((f) => f.flag === "stuck").map((f) => f.g).sort(), [...stuck].sort(), seen);
  assert.ok(failing.reasons.some((r) => r.endsWith("sync.Mutex.Lock")), `a lane is blocked on sync.Mutex.Lock: ${seen}`);
  // Every stuck worker waits for the Mutex the first inc of a new key left locked.
  const waits = failing.findings.filter((f) => f.flag === "waits-for");
  assert.ok(waits.length >= 1 && waits.every((w) => stuck.includes(w.g) && w.holder > 1 && w.holder !== w.g), `waits-for: ${seen}`);

  // Step from the first step to the last with → and read, at each, the highlighted line.
  const root = exercise(page, COUNTER);
  const timeline = testItem(page, COUNTER, COUNTS_EVERY).locator(".synclab-timeline");
  const steps = Number(await timeline.locator('input[type="range"]').getAttribute("max")) + 1;
  await timeline.locator(".tl-scroll").focus();
  await page.keyboard.press("Home");
  const visited = [];
  for (let i = 0; i < Math.min(steps, 60); i++) {
    // Monaco draws a moved decoration in its next animation frame: read the line after it.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    visited.push(
      await root.evaluate((r) => {
        const tl = r.querySelector(".sx-test .synclab-timeline");
        const overlay = r.querySelector(".monaco-editor .sx-step-line");
        let text = null;
        if (overlay) {
          const top = overlay.parentElement.style.top;
          text = [...r.querySelectorAll(".view-lines .view-line")].find((l) => l.style.top === top)?.textContent.replace(/\u00a0/g, " ") ?? null;
        }
        const g = Number(tl.dataset.goroutine);
        const where = tl.querySelector(`.tl-heads li[data-g="${g}"] .tl-where`)?.textContent ?? "";
        return { cursor: tl.dataset.step, g, line: r.dataset.highlightLine ? Number(r.dataset.highlightLine) : null, step: r.dataset.highlightStep, text, where };
      }),
    );
    await page.keyboard.press("ArrowRight");
  }
  const trail = JSON.stringify(visited);
  const lit = visited.filter((v) => v.line !== null && v.step === v.cursor);
  assert.ok(lit.length > 0, `some steps highlight a line: ${trail}`);
  const lines = FORGOT_UNLOCK.split("\n");
  for (const v of lit) {
    assert.equal(v.text?.trim(), lines[v.line - 1].trim(), `the highlighted line is the draft's line ${v.line}: ${trail}`);
    assert.ok(v.where.endsWith(` ${v.line}`), `the lane of goroutine ${v.g}, which ran the step, says it is at that line: ${trail}`);
  }
  const atLock = lit.filter((v) => v.line === LOCK_LINE && v.g > 1);
  assert.ok(atLock.length >= 1, `a worker's step highlights inc's mu.lock() (line ${LOCK_LINE}): ${trail}`);
  assert.ok(new Set(lit.map((v) => v.g)).size >= 2, `the highlight follows more than one goroutine: ${trail}`);
  await page.close();
});

test("a leak's schedule flags the goroutines still blocked after the test returned; a failed assertion gets a passing schedule beside it", async () => {
  const page = await session.browser.context.newPage();
  const leaky = await failingSchedule(page, LEAKY_VALUE, READS_ZERO, "leak");
  const seen = JSON.stringify(leaky);
  const leaked = leaky.findings.filter((f) => f.flag === "leak");
  // The test calls value twice: each call leaves one goroutine waiting to receive.
  assert.deepEqual(leaked.map((f) => f.g).sort(), [2, 3], seen);
  assert.ok(leaked.every((f) => f.text.includes("chan receive")), seen);
  assert.deepEqual(leaky.endFlags.map((f) => [f.g, f.flag]).sort(), [[2, "leak"], [3, "leak"]], seen);
  assert.ok(!leaky.findings.some((f) => f.flag === "stuck"), `a leak is not a deadlock: ${seen}`);

  await failingSchedule(page, SPLIT, COUNTS_EVERY, "fail");
  const details = testItem(page, COUNTER, COUNTS_EVERY).locator("details.sx-schedule-view");
  await details.getByRole("button", { name: "Show a passing schedule of this test beside it" }).click();
  await details.locator('.sx-schedule-part[data-part="contrast"] .synclab-timeline').waitFor({ timeout: 90_000 });
  const parts = await shownParts(details);
  assert.deepEqual(parts.map((p) => p.part), ["failing", "contrast"]);
  const [failing, contrast] = parts;
  assert.ok(contrast.lanes.length === failing.lanes.length, `the same goroutines: ${JSON.stringify(parts)}`);
  assert.ok(!contrast.findings.length, `the passing schedule flags nothing: ${JSON.stringify(contrast)}`);
  assert.match(await details.locator('.sx-schedule-part[data-part="contrast"] .sx-schedule-title').innerText(), /^A passing schedule of the same test \(found in \d+ runs\), for contrast$/);
  await page.close();
});

test("contended-lock shows each test's blocking profile as a table, most time first, readable on a phone; a passing test's schedule is recorded on request; axe finds nothing serious, light and dark, in both languages", async () => {
  const page = await session.browser.context.newPage();
  for (const lang of ["en", "zh"]) {
    await runDraft(page, { id: "contended-lock", chapter: "practice", lang });
    const root = exercise(page, "contended-lock");
    const tables = await root.evaluate((r) =>
      [...r.querySelectorAll(".sx-test")].map((li) => ({
        status: li.dataset.testStatus,
        heads: [...li.querySelectorAll(".sx-profile-table thead th")].map((th) => th.textContent),
        rows: [...li.querySelectorAll(".sx-profile-table tbody tr")].map((tr) => ({
          reason: tr.dataset.reason,
          ms: Number(tr.children[2].textContent.replace(/ ms$/, "")),
          count: Number(tr.children[3].textContent),
          bar: tr.querySelector(".sx-profile-bar") !== null,
        })),
      })),
    );
    const seen = JSON.stringify(tables);
    const profiled = tables.filter((t) => t.rows.length);
    assert.ok(profiled.length >= 1, `some tests carry a profile: ${seen}`);
    assert.ok(tables.some((t) => t.status !== "pass" && t.rows.length), `the failing test's profile is shown: ${seen}`);
    for (const t of profiled) {
      assert.deepEqual(t.heads, lang === "en" ? ["Waited for", "Call site", "Blocked (virtual time)", "Times", "Share of the time"] : ["等待的对象", "调用位置", "阻塞时长（虚拟时间）", "次数", "占总时长"], seen);
      assert.deepEqual(t.rows.map((r) => r.ms), [...t.rows.map((r) => r.ms)].sort((a, b) => b - a), `most time first: ${seen}`);
      assert.ok(t.rows.every((r) => r.bar && r.count >= 1), seen);
    }
    assert.ok(profiled.some((t) => t.rows.some((r) => r.reason === "sync.Mutex.Lock")), `the contended Mutex is in the profile: ${seen}`);

    if (lang === "en") {
      // A passing test has no trace in the Run's verdict: opening its Schedule judges it again alone.
      const passed = await root.locator('li.sx-test[data-test-status="pass"]').first().getAttribute("data-test-name");
      const [first] = await openSchedule(page, "contended-lock", passed);
      assert.equal(first.part, "first", JSON.stringify(first));
      assert.ok(first.lanes.includes(1) && !first.findings.some((f) => f.flag !== "waits-for"), JSON.stringify(first));

      // On a 390 px phone the table stays a table and scrolls sideways inside its own region.
      await page.setViewportSize({ width: 390, height: 800 });
      const phone = await root.locator(".sx-profile-scroll").first().evaluate((w) => ({ display: getComputedStyle(w.querySelector("table")).display, scrolls: w.scrollWidth > w.clientWidth, page: document.documentElement.scrollWidth }));
      assert.equal(phone.display, "table", JSON.stringify(phone));
      assert.ok(phone.scrolls, `the table is wider than the phone and scrolls: ${JSON.stringify(phone)}`);
      assert.ok(phone.page <= 390, `the page itself does not scroll sideways: ${JSON.stringify(phone)}`);
      await page.setViewportSize({ width: 1280, height: 800 });
    } else {
      await openSchedule(page, "contended-lock", (await root.locator('li.sx-test:not([data-test-status="pass"])').first().getAttribute("data-test-name")));
    }
    for (const theme of ["light", "dark"]) {
      await page.evaluate((theme) => (document.documentElement.dataset.theme = theme), theme);
      const found = await axeViolations(page, '[data-exercise="contended-lock"] [role="status"]');
      assert.deepEqual(found, [], readable(`contended-lock's results (${lang}, ${theme})`, found));
    }
  }
  await page.close();
});
