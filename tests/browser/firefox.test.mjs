// The browser suite's core in Firefox: Debian's firefox-esr, driven by puppeteer-core over
// WebDriver BiDi (no browser download). A chapter in each language, an exercise failing and
// passing, the hostile corpus, and the site offline after one visit — with no console error, and
// with every location a verdict shows on the same file and line as Chromium shows for the same
// code. Firefox is FIREFOX_PATH or /usr/bin/firefox-esr (`apt-get install firefox-esr`; .ci/run
// installs it).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import puppeteer from "puppeteer-core";
import { DIST } from "./support/site.mjs";
import { launch, openExercise as openInChromium, putDraft as putDraftInChromium, runExercise as runInChromium, startSite } from "./exercise-support.mjs";
import { loadExercises } from "../../exercises/index.ts";

const FIREFOX = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";
const ID = "safe-counter";
const exercise = loadExercises().find((ex) => ex.id === ID);
const HOSTILE = new URL("../hostile/", import.meta.url);

let site;
let firefox;
let profile;
const problems = [];

before(async () => {
  assert.ok(existsSync(FIREFOX), `${FIREFOX} not found: install Debian's Firefox (apt-get install firefox-esr) or set FIREFOX_PATH`);
  site = await startSite(DIST);
  profile = mkdtempSync(join(tmpdir(), "synclab-firefox-"));
  firefox = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true, userDataDir: profile });
});

after(async () => {
  await firefox?.close();
  await site?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** newPage opens a Firefox tab whose console errors and uncaught errors go to `problems`. */
async function newPage() {
  const page = await firefox.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console error on ${page.url()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  return page;
}

/**
 * settle waits until the page's deferred work has loaded (Starlight's search UI, imported when the
 * page is idle): Firefox reports a module import that a navigation cuts short as an uncaught error.
 */
async function settle(page) {
  await page.waitForFunction(() => document.querySelector("#starlight__search")?.childElementCount > 0, { timeout: 30_000 });
}

const exerciseURL = () => `${site.origin}/en/${exercise.config.chapter}/`;

/**
 * afterVerdict waits for the chunks a verdict makes the page load: the "Be the scheduler" link's
 * encoder (playground/exercise-link.ts) when a test was judged, and the Schedule view, whose chunk
 * holds the timeline (results.ts loads it right after a failed verdict is painted), when a failed
 * test has a schedule. The next
 * navigation would cut them short, and Firefox reports each cut-short import as an error of the
 * page ("A ServiceWorker intercepted the request and encountered an unexpected error" when the
 * service worker answers it): not an offline failure, but not a page left quiet either.
 */
async function afterVerdict(page) {
  await page.waitForFunction(
    (id) => {
      const root = document.querySelector(`[data-exercise="${id}"]`);
      const link = window.__linkDue === false || (window.__linkDue === true && !!root.querySelector("a.sx-scheduler"));
      const fetched = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname);
      const failedWithSchedule = root.querySelector('li.sx-test:not([data-test-status="pass"]) > details.sx-schedule-view');
      const view = !failedWithSchedule || fetched.some((p) => /\/schedule-view[^/]*\.js$/.test(p));
      return link && view;
    },
    { timeout: 30_000 },
    ID,
  );
}

/** judge runs `code` as the learner's draft of safe-counter in a Firefox tab and returns the verdict. */
async function judge(page, code) {
  await page.goto(exerciseURL());
  await settle(page);
  await page.evaluate((id, code) => localStorage.setItem(`synclab:draft:${id}`, JSON.stringify({ version: 1, code, starterHash: "test", savedAt: Date.now() })), ID, code);
  await page.reload();
  await settle(page);
  assert.ok(await page.evaluate((id) => !!document.querySelector(`[data-exercise="${id}"]`), ID), `no exercise ${ID} on ${page.url()}: ${await page.evaluate(() => document.title)}`);
  await page.evaluate((id) => document.querySelector(`[data-exercise="${id}"]`).scrollIntoView(), ID);
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", { timeout: 60_000 }, ID);
  await page.evaluate((id) => {
    const root = document.querySelector(`[data-exercise="${id}"]`);
    const status = root.querySelector('[role="status"]');
    window.__seen = [];
    new MutationObserver(() => window.__seen.push(status.dataset.status)).observe(status, { attributes: true, attributeFilter: ["data-status"] });
    // A verdict with a judged test gets its "Be the scheduler" link (playground/exercise-link.ts).
    window.__linkDue = undefined;
    root.addEventListener("synclab:verdict", (e) => (window.__linkDue = e.detail.verdict.tests.some((t) => t.status !== "skipped")), { once: true });
    [...root.querySelectorAll("button")].find((b) => /^(Run|运行)$/.test(b.textContent.trim())).click();
  }, ID);
  await page.waitForFunction(() => {
    const start = window.__seen.indexOf("running");
    return start >= 0 && window.__seen.slice(start + 1).some((s) => s !== "running" && s !== "idle");
  }, { timeout: 60_000 });
  await afterVerdict(page);
  return page.evaluate((id) => {
    const status = document.querySelector(`[data-exercise="${id}"] [role="status"]`);
    return { status: status.dataset.status, text: status.innerText };
  }, ID);
}

/** locations lists every file:line:column a verdict's text shows, in order. */
const locations = (text) => [...text.matchAll(/\b[\w.-]+\.ts:\d+:\d+\b/g)].map((m) => m[0]);

describe("Firefox", () => {
  it("shows a chapter in each language", async () => {
    const page = await newPage();
    for (const [path, lang] of [["/zh/pitfalls/", "zh-CN"], ["/en/sync-primitives/", "en"]]) {
      const res = await page.goto(`${site.origin}${path}`);
      await settle(page);
      assert.equal(res?.status(), 200, path);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      assert.ok((await page.evaluate(() => document.querySelectorAll(".sl-markdown-content h2").length)) >= 3, `${path} shows its sections`);
    }
    await page.close();
  });

  it("judges the starter (a race) with the same locations as Chromium, and passes the reference solution", async () => {
    const page = await newPage();
    const starter = await judge(page, exercise.starter);
    assert.equal(starter.status, "fail", starter.text);
    assert.match(starter.text, /WARNING: DATA RACE[\s\S]*solution\.ts:\d+:\d+/, starter.text);

    const chromium = await launch();
    try {
      const cpage = await chromium.context.newPage();
      await cpage.goto(exerciseURL());
      await putDraftInChromium(cpage, ID, exercise.starter);
      await openInChromium(cpage, exerciseURL(), ID, 60_000);
      const seen = await runInChromium(cpage, ID, 60_000);
      assert.equal(seen.status, starter.status);
      assert.ok(locations(seen.text).length > 0, `Chromium's verdict shows locations:\n${seen.text}`);
      // The same file and line, as Go prints a location. Columns differ for an access through
      // shared()'s Proxy: SpiderMonkey names the statement's first column, V8 the property's.
      const lines = (text) => locations(text).map((l) => l.replace(/:\d+$/, ""));
      assert.deepEqual(lines(starter.text), lines(seen.text), "Firefox and Chromium locate the same files and lines");
    } finally {
      await chromium.close();
    }

    const solution = await judge(page, exercise.solution);
    assert.equal(solution.status, "pass", solution.text);
    await page.close();
  });

  it("gives the hostile corpus no pass, and judges the next Run as ever", async () => {
    const page = await newPage();
    const files = readdirSync(HOSTILE).filter((f) => f.endsWith(".ts")).sort();
    const wrong = [];
    for (const file of files) {
      const attack = readFileSync(new URL(file, HOSTILE), "utf8");
      const whole = /^\/\/ exercise: (\S+)/m.exec(attack)?.[1];
      if (whole !== undefined && whole !== ID) continue;
      const mayEnd = /^\/\/ may end the Run:/m.test(attack);
      const v = await judge(page, whole ? attack : `${exercise.starter}\n${attack}`);
      if (!(v.status === "fail" || (mayEnd && (v.status === "runtime-error" || v.status === "timeout")))) wrong.push(`${file}: got ${v.status}\n${v.text.slice(0, 400)}`);
    }
    const endless = await judge(page, "while (true) {}");
    assert.equal(endless.status, "timeout", endless.text);
    const next = await judge(page, exercise.solution);
    assert.equal(next.status, "pass", `the Run after an endless loop: ${next.text}`);
    assert.deepEqual(wrong, []);
    await page.close();
  });

  it("works offline after one visit", async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/en/sync-primitives/`);
    await page.waitForSelector('[data-offline-status][data-state="ready"]', { visible: true, timeout: 120_000 });
    // Really offline: the server stops and drops every connection (close() alone lets a kept-alive
    // connection go on serving the page), and the tab is cut from the network too.
    const closed = site.close();
    site.server.closeAllConnections();
    await closed;
    site = { origin: site.origin, close: async () => {} };
    await page.setOfflineMode(true);
    await page.goto(`${site.origin}/zh/defer-waitgroup/`);
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN", "an unvisited chapter loads from the offline copy");
    const v = await judge(page, exercise.solution);
    assert.equal(v.status, "pass", `judged offline: ${v.text}`);
    await page.close();
  });

  it("logged no console error and no uncaught error", () => {
    assert.deepEqual(problems, [], problems.join("\n"));
  });
});
