// Accessibility and dark mode (issue 9), in Debian's Chromium against the built site: axe-core
// (from npm, injected into the page) finds no serious or critical violation on any chapter page
// (the primer included) or the exercises page, in both themes and both languages, nor on an
// exercise after a failing and after a passing Run; the editor, its static preview and the
// solution's diff view follow Starlight's theme and switch live with it. A failure prints each
// violation: the rule, its impact, what it means and the elements, with axe's summary of each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findExercise } from "../../exercises/index.ts";
import { openDisclosures, openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { CHAPTER_PAGES, LANGS } from "./support/site.mjs";
import { axeViolations, readable } from "./support/axe.mjs";
import { browserSession } from "./support/session.mjs";

const THEMES = ["light", "dark"];

const session = browserSession();

const url = (path) => `${session.site.origin}${path}`;

/** themedPage opens a page whose Starlight theme is `theme` from the first paint (Starlight reads localStorage). */
async function themedPage(theme) {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.addInitScript((theme) => localStorage.setItem("starlight-theme", theme), theme);
  return page;
}

for (const theme of THEMES) {
  test(`axe finds no serious or critical violation on any chapter page or the exercises page in the ${theme} theme`, async () => {
    const page = await themedPage(theme);
    const failures = [];
    for (const path of [...CHAPTER_PAGES, "/zh/exercises/", "/en/exercises/"]) {
      await page.goto(url(path));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      const v = await axeViolations(page);
      if (v.length) failures.push(readable(`${path} (${theme})`, v));
    }
    assert.equal(failures.length, 0, failures.join("\n\n"));
    await page.close();
  });
}

for (const lang of LANGS) {
  for (const theme of THEMES) {
    test(`axe finds no serious or critical violation on an exercise after a failing and after a passing Run (${lang}, ${theme})`, async () => {
      const page = await themedPage(theme);
      const id = "safe-counter";
      const path = url(`/${lang}/sync-primitives/`);
      await page.goto(path);
      await page.evaluate(() => localStorage.removeItem("synclab:draft:safe-counter"));
      await openExercise(page, path, id, 60_000);
      const failing = await runExercise(page, id, 60_000);
      assert.equal(failing.status, "fail");
      // The report's disclosures open, so that axe sees the replay trace and the goroutine lists too.
      await openDisclosures(page, id);
      const afterFail = await axeViolations(page);
      await page.goto(path);
      await putDraft(page, id, findExercise(id).solution);
      await openExercise(page, path, id, 60_000);
      const passing = await runExercise(page, id, 60_000);
      assert.equal(passing.status, "pass");
      const afterPass = await axeViolations(page);
      const failures = [afterFail.length ? readable(`after a failing Run (${lang}, ${theme})`, afterFail) : "", afterPass.length ? readable(`after a passing Run (${lang}, ${theme})`, afterPass) : ""].filter(Boolean);
      assert.equal(failures.length, 0, failures.join("\n\n"));
      await page.close();
    });
  }
}

/** backgrounds reads the computed background of the editor, the static preview and the page. */
const background = (page, selector) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
/** luminance of an rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

test("the editor, its static preview and the solution's diff follow the site's theme and switch live with it", async () => {
  const page = await themedPage("dark");
  const id = "safe-counter";
  const path = url("/en/sync-primitives/");
  await page.goto(path);
  await page.evaluate(() => localStorage.removeItem("synclab:draft:safe-counter"));
  await page.reload();
  const preview = `[data-exercise="${id}"] [data-role="static"] pre`;
  assert.ok(luminance(await background(page, preview)) < 0.3, `the static preview is dark in the dark theme (${await background(page, preview)})`);
  await openExercise(page, path, id, 60_000);
  const editorBg = `[data-exercise="${id}"] .monaco-editor .monaco-editor-background`;
  assert.ok(luminance(await background(page, editorBg)) < 0.3, `the editor is dark in the dark theme (${await background(page, editorBg)})`);
  // Starlight's theme picker: the editor follows at once, with no reload.
  await page.locator("starlight-theme-select select").first().selectOption("light");
  await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
  await page.waitForFunction((sel) => {
    const [r, g, b] = getComputedStyle(document.querySelector(sel)).backgroundColor.match(/\d+/g).map(Number);
    return r + g + b > 600;
  }, editorBg);
  // The diff view, opened after a failing Run, takes the theme too.
  assert.equal((await runExercise(page, id, 60_000)).status, "fail");
  await page.locator(`[data-exercise="${id}"] [data-action="solution"]`).click();
  const diffBg = `[data-exercise="${id}"] [data-role="solution-diff"] .monaco-editor-background`;
  await page.locator(diffBg).first().waitFor();
  assert.ok(luminance(await background(page, diffBg)) > 0.8, "the diff is light in the light theme");
  await page.keyboard.press("Escape");
  await page.close();
});
