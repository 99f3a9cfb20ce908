// exercise-support — what the Exercise browser tests and scripts/bench-browser.mjs share: the
// built site served as `npm start` serves it, on a free 127.0.0.1 port, and a Chromium (Debian's, flags from the
// ground rules) whose every request to another host is blocked and recorded.
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * startSite serves dir (the built site) on 127.0.0.1 the way `npm start` does (scripts/serve.mjs:
 * precompressed copies by Accept-Encoding, 404.html); it throws if the site was not built.
 */
export async function startSite(dir = "dist") {
  if (!existsSync(join(dir, "sandbox.html"))) throw new Error(`${dir}/sandbox.html is missing: run \`npm run build\` first`);
  const { url, close, server } = await startServer({ root: dir, port: 0 });
  return { origin: url.replace(/\/$/, ""), close, server };
}

/**
 * launch starts Chromium with a fresh profile; `foreign` collects every blocked non-127.0.0.1
 * request. The site's service worker is blocked unless `serviceWorkers: "allow"`: a worker
 * answers the page's requests itself, out of the routes' sight, and precaching the whole site in
 * every test would only add load (tests/browser/offline.test.mjs is the one that allows it).
 */
export async function launch({ serviceWorkers = "block" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "synclab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: LAUNCH_ARGS,
    serviceWorkers,
  });
  const foreign = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) || /^(blob|data):/.test(url)) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  return {
    context,
    foreign,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** putDraft stores code as the exercise's draft (the editor starts from it on the next load). */
export async function putDraft(page, id, code) {
  await page.evaluate(({ id, code }) => {
    localStorage.setItem(`synclab:draft:${id}`, JSON.stringify({ version: 1, code, starterHash: "test", savedAt: Date.now() }));
  }, { id, code });
}

/** openExercise loads url, scrolls the exercise into view and waits until its editor is live. */
export async function openExercise(page, url, id, timeout = 30_000) {
  await page.goto(url);
  await showExercise(page, id, timeout);
}

/** showExercise scrolls the exercise of the loaded page into view and waits until its editor is live. */
export async function showExercise(page, id, timeout = 30_000) {
  await page.locator(`[data-exercise="${id}"]`).scrollIntoViewIfNeeded();
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout });
}

/**
 * replaceCode makes code the whole of the live editor's text, as a learner who selects all and
 * pastes it does, and waits until the draft saved is exactly code: what the next Run judges,
 * with no page load.
 */
export async function replaceCode(page, id, code) {
  await page.locator(`[data-exercise="${id}"] .monaco-editor .view-lines`).click();
  await page.keyboard.press("ControlOrMeta+A");
  // A paste, not typing: typed text gets Monaco's auto-indent, line by line.
  await page.evaluate((code) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", code);
    document.activeElement.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, code);
  await page.waitForFunction(({ id, code }) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code === code, { id, code }, { timeout: 10_000 });
}

/**
 * watchStatus records, from now on, every value the exercise's results panel takes as its
 * `data-status`. Polling cannot stand in for it: a warm Run goes "running" → verdict in a few ms,
 * between two polls (a test that waited to see "running" then waited forever).
 */
export async function watchStatus(page, id) {
  await page.evaluate((id) => {
    const region = document.querySelector(`[data-exercise="${id}"] [data-role="results"]`);
    if (!region) throw new Error(`exercise ${id} has no results panel`);
    const seen = [];
    const watchers = (window.__synclabStatus ??= {});
    watchers[id]?.observer.disconnect(); // the previous Run's watcher
    // One callback may carry several changes: each record's oldValue is the value before it.
    const observer = new MutationObserver((records) => {
      for (const r of records.slice(1)) seen.push(r.oldValue);
      seen.push(region.dataset.status);
    });
    observer.observe(region, { attributes: true, attributeFilter: ["data-status"], attributeOldValue: true });
    watchers[id] = { seen, observer };
  }, id);
}

/** waitForVerdict waits until the panel watched by watchStatus has been "running" and then shows a verdict. */
export async function waitForVerdict(page, id, timeout = 30_000) {
  await page.waitForFunction((id) => {
    const seen = window.__synclabStatus?.[id]?.seen ?? [];
    const start = seen.indexOf("running");
    return start >= 0 && seen.slice(start + 1).some((s) => s !== "running" && s !== "idle");
  }, id, { timeout });
}

/** runExercise presses the exercise's Run button and waits for the verdict to be rendered. */
export async function runExercise(page, id, timeout = 30_000) {
  const root = page.locator(`[data-exercise="${id}"]`);
  const status = root.locator('[data-role="results"]');
  const runButton = root.getByRole("button", { name: /^(Run|运行)$/ });
  await watchStatus(page, id);
  await runButton.click();
  await waitForVerdict(page, id, timeout);
  return { status: await status.getAttribute("data-status"), text: await status.innerText() };
}

/**
 * answerDialog waits for the exercise's in-page confirmation (site/exercise/dialog.ts, which
 * replaced the browser's confirm()), answers it with its confirming button (`yes`) or its
 * cancelling one, and returns its message once it has closed.
 */
export async function answerDialog(page, id, yes) {
  const dialog = page.locator(`[data-exercise="${id}"] dialog[open]`);
  await dialog.waitFor();
  const message = await dialog.locator("p").innerText();
  await dialog.locator(`[data-dialog="${yes ? "confirm" : "cancel"}"]`).click();
  await dialog.waitFor({ state: "detached" });
  return message;
}

/**
 * openDisclosure opens a results panel's `<details>` (a locator) by clicking its summary and
 * waits until its contents are drawn. The panel draws most on the details' "toggle" event
 * (site/exercise/results.ts), which the browser fires in a task queued after the click, so a read
 * made right after the click can find the disclosure open and still empty (it did, once, in a full
 * run); a Schedule view is drawn in the click, but its timeline waits for its chunk.
 */
export async function openDisclosure(details) {
  await details.locator(":scope > summary").click();
  await details.locator(":scope > :not(summary)").first().waitFor({ state: "attached" });
}

/**
 * openDisclosures opens every `<details>` in the exercise's panel at once and waits until each has
 * drawn its contents (see openDisclosure): what an audit of the whole report needs before it reads.
 */
export async function openDisclosures(page, id) {
  await page.evaluate((id) => document.querySelectorAll(`[data-exercise="${id}"] details`).forEach((d) => (d.open = true)), id);
  await page.waitForFunction((id) => Array.from(document.querySelectorAll(`[data-exercise="${id}"] details`)).every((d) => !d.open || d.querySelector(":scope > :not(summary)") !== null), id);
}
