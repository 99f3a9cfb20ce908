// Progress through the course (issue 9), in Debian's Chromium against the built site: a passing
// Run marks the exercise passed, which survives a reload and shows in the sidebar (the chapter's
// count and the overall bar) and on the exercises page, with "Next exercise" after the pass; the
// exercises page exports drafts and progress to one file, and importing that file into a browser
// whose storage was cleared restores them; a bad file is refused saying what is wrong; a file
// whose drafts differ from the browser's asks before replacing them; reset asks first.
// One browser for the file; any request that leaves 127.0.0.1 fails the test that made it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExercise } from "../../exercises/index.ts";
import { openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const session = browserSession();
const url = session.url;
/** TOTAL is how many exercises the English chapters embed (the course the sidebar counts). */
const chaptersDir = new URL("../../content/chapters/en/", import.meta.url);
const TOTAL = readdirSync(chaptersDir)
  .filter((f) => /^\d+-.+\.mdx$/.test(f))
  .reduce((n, f) => n + (readFileSync(new URL(f, chaptersDir), "utf8").match(/<Exercise\s+id=/g) ?? []).length, 0);
const clearAll = (page) => page.evaluate(() => localStorage.clear());
/** synclabStorage is every synclab: key of localStorage, sorted, as [key, value] pairs. */
const synclabStorage = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("synclab:"))
      .sort()
      .map((k) => [k, localStorage.getItem(k)]),
  );
/** sidebarMark reads the mark beside a chapter's sidebar link and the overall count. */
async function sidebarMarks(page, chapterHref) {
  return page.evaluate((href) => {
    const mark = document.querySelector(`#starlight__sidebar a[href="${href}"] .sx-course-mark`);
    return {
      chapter: mark?.textContent ?? null,
      chapterLabel: mark?.getAttribute("aria-label") ?? null,
      overall: document.querySelector('[data-course="overall-text"]')?.textContent ?? null,
    };
  }, chapterHref);
}
/** states reads the exercises page's state of each listed exercise. */
const states = (page) =>
  page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll("[data-exercise-row]"), (r) => [r.dataset.exerciseRow, r.querySelector(".sx-course-state").dataset.state])));

test("a pass survives a reload and shows in the sidebar, on the exercises page and as Next exercise", async () => {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 800 });
  const id = "safe-counter";
  await page.goto(url("/en/sync-primitives/"));
  await clearAll(page);
  await page.reload();
  assert.deepEqual(await sidebarMarks(page, "/en/sync-primitives/"), { chapter: "0/2", chapterLabel: "0 of 2 exercises passed", overall: `Exercises passed: 0 of ${TOTAL}` });

  await putDraft(page, id, findExercise(id).solution);
  await openExercise(page, url("/en/sync-primitives/"), id);
  const ran = await runExercise(page, id);
  assert.equal(ran.status, "pass", ran.text);
  const next = page.locator(`[data-exercise="${id}"] a.sx-next`);
  assert.equal(await next.textContent(), `Next exercise: ${findExercise("config-store").config.title.en} →`);
  assert.match(await next.getAttribute("href"), /^\/en\/sync-primitives\/#exercise-config-store-title$/);
  assert.equal((await sidebarMarks(page, "/en/sync-primitives/")).chapter, "1/2", "the sidebar updates as soon as the Run passes");

  await page.reload();
  assert.deepEqual(await sidebarMarks(page, "/en/sync-primitives/"), { chapter: "1/2", chapterLabel: "1 of 2 exercises passed", overall: `Exercises passed: 1 of ${TOTAL}` });
  await page.goto(url("/zh/pitfalls/"));
  assert.equal((await sidebarMarks(page, "/zh/sync-primitives/")).chapter, "1/2", "progress is the same in the other language");

  // A failing Run later does not take the pass back.
  await page.goto(url("/en/sync-primitives/"));
  await putDraft(page, id, findExercise(id).starter);
  await openExercise(page, url("/en/sync-primitives/"), id);
  assert.equal((await runExercise(page, id)).status, "fail");
  await page.goto(url("/en/exercises/"));
  const shown = await states(page);
  assert.equal(Object.keys(shown).length, TOTAL, "the exercises page lists every exercise");
  assert.equal(shown[id], "passed");
  assert.equal(shown["config-store"], "not-started");
  assert.equal(await page.locator('[data-chapter="/en/sync-primitives/"] [data-course="chapter-count"]').textContent(), "1 of 2 passed");
  await page.close();
});

test("export → clear storage → import restores drafts and progress; a bad file is refused saying why; a differing draft is asked about", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(url("/en/exercises/"));
  await clearAll(page);
  await page.evaluate(() => {
    const now = Date.now();
    localStorage.setItem("synclab:draft:worker-pool", JSON.stringify({ version: 1, code: "// my worker pool\n", starterHash: "h1", savedAt: now }));
    localStorage.setItem("synclab:draft:safe-counter", JSON.stringify({ version: 1, code: "// my counter\n", starterHash: "h2", savedAt: now }));
    localStorage.setItem("synclab:progress:safe-counter", JSON.stringify({ version: 1, status: "pass", tests: [{ name: "t", status: "pass" }], code: "// my counter\n", ranAt: now }));
    localStorage.setItem("synclab:state:safe-counter", JSON.stringify({ version: 1, state: "passed", since: now }));
  });
  await page.reload();
  const before = await synclabStorage(page);
  assert.deepEqual(await states(page).then((s) => [s["safe-counter"], s["worker-pool"]]), ["passed", "attempted"]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export drafts and progress" }).click()]);
  const dir = mkdtempSync(join(tmpdir(), "synclab-course-"));
  const file = join(dir, "export.json");
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(exported.format, "synclab-backup");
  assert.deepEqual(Object.keys(exported.drafts).sort(), ["safe-counter", "worker-pool"]);

  await clearAll(page);
  await page.reload();
  assert.deepEqual(await states(page).then((s) => [s["safe-counter"], s["worker-pool"]]), ["not-started", "not-started"]);
  await page.locator('[data-course="file"]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('[data-course="message"]')?.textContent?.startsWith("Imported"));
  assert.deepEqual(await synclabStorage(page), before, "the import restored every draft, last Run and state");
  assert.deepEqual(await states(page).then((s) => [s["safe-counter"], s["worker-pool"]]), ["passed", "attempted"]);

  // A bad file: refused, the reason named, nothing changed.
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ ...exported, drafts: { "safe-counter": { version: 1, code: 42, starterHash: "h", savedAt: 1 } } }));
  await page.locator('[data-course="file"]').setInputFiles(bad);
  await page.waitForFunction(() => document.querySelector('[data-course="message"]')?.dataset.kind === "error");
  assert.match(await page.locator('[data-course="message"]').textContent(), /“bad\.json” is not a valid SyncLab export: drafts\.safe-counter\.code: .*expected string.*Nothing was imported/);
  const notJson = join(dir, "truncated.json");
  writeFileSync(notJson, JSON.stringify(exported).slice(0, 40));
  await page.locator('[data-course="file"]').setInputFiles(notJson);
  await page.waitForFunction(() => /not JSON/.test(document.querySelector('[data-course="message"]')?.textContent ?? ""));
  assert.deepEqual(await synclabStorage(page), before, "bad files changed nothing");

  // A draft that differs: asked; keeping this browser's keeps it, and says so.
  await page.evaluate(() => localStorage.setItem("synclab:draft:worker-pool", JSON.stringify({ version: 1, code: "// newer work\n", starterHash: "h1", savedAt: Date.now() })));
  await page.locator('[data-course="file"]').setInputFiles(file);
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  assert.match(await dialog.locator("p").textContent(), /1 of the file's drafts differ .*worker-pool/);
  await dialog.locator('[data-dialog="cancel"]').click();
  await page.waitForFunction(() => /Kept this browser's drafts of worker-pool/.test(document.querySelector('[data-course="message"]')?.textContent ?? ""));
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("synclab:draft:worker-pool"))).code, "// newer work\n");

  // Reset asks first: Cancel keeps everything, confirming deletes it.
  await page.getByRole("button", { name: "Reset all progress…" }).click();
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.ok((await synclabStorage(page)).length > 0, "Esc cancels the reset");
  await page.getByRole("button", { name: "Reset all progress…" }).click();
  await dialog.locator('[data-dialog="confirm"]').click();
  await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith("synclab:")));
  assert.equal((await states(page))["safe-counter"], "not-started");
  await page.close();
});
