// A pass is not proof where the hidden tests have a documented blind spot (config.json's
// `blindSpot`): in the built site, a passing Run of wg-add-inside says, under the summary and in
// the page's language, what the tests cannot see — the same text the CLI prints — as a note that
// axe-core finds nothing serious or critical in, in both themes; a failing Run says nothing of
// it. Any request that leaves 127.0.0.1 fails the test that made it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findExercise } from "../../exercises/index.ts";
import { openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";
import { axeViolations, readable } from "./support/axe.mjs";

const ID = "wg-add-inside";
const exercise = findExercise(ID);
const TITLE = { en: "What the tests cannot see", zh: "测试看不到的" };

const session = browserSession();

/** judged opens the chapter with `code` as the exercise's draft and Runs it; the page stays open for the caller. */
async function judged(lang, code) {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.addInitScript(() => localStorage.setItem("starlight-theme", "light"));
  const url = `${session.site.origin}/${lang}/pitfalls/`;
  await page.goto(url);
  await putDraft(page, ID, code);
  await openExercise(page, url, ID, 60_000);
  const { status, text } = await runExercise(page, ID, 60_000);
  return { page, status, text, note: page.locator(`[data-exercise="${ID}"] [data-role="results"] .sx-blind-spot`) };
}

for (const lang of ["en", "zh"]) {
  test(`a pass of ${ID} says what the tests cannot see, in ${lang === "en" ? "English" : "Chinese"}, as a note axe finds nothing serious in (light and dark)`, async () => {
    assert.ok(exercise.config.blindSpot, `${ID} documents a blind spot in its config.json`);
    const { page, status, text, note } = await judged(lang, exercise.solution);
    try {
      assert.equal(status, "pass", text);
      assert.equal(await note.count(), 1, `one blind-spot note in the panel:\n${text}`);
      assert.equal(await note.getAttribute("role"), "note");
      assert.equal(await note.locator(".sx-blind-spot-title").innerText(), TITLE[lang]);
      const said = (await note.innerText()).replace(/\s+/g, " ");
      assert.ok(said.includes(exercise.config.blindSpot[lang].replace(/\s+/g, " ")), `the note says config.json's blindSpot.${lang}; it says:\n${said}`);
      const other = lang === "en" ? "zh" : "en";
      assert.ok(!said.includes(exercise.config.blindSpot[other].slice(0, 20)), `the note is not in ${other}:\n${said}`);
      const root = `[data-exercise="${ID}"]`;
      const light = await axeViolations(page, root);
      await page.locator("starlight-theme-select select").first().selectOption("dark");
      await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
      const dark = await axeViolations(page, root);
      const failures = [light.length ? readable(`${ID} after a pass (${lang}, light)`, light) : "", dark.length ? readable(`${ID} after a pass (${lang}, dark)`, dark) : ""].filter(Boolean);
      assert.equal(failures.length, 0, failures.join("\n\n"));
    } finally {
      await page.close();
    }
  });
}

test(`a failing Run of ${ID} (its starter) shows no blind-spot note`, async () => {
  const { page, status, text, note } = await judged("en", exercise.starter);
  try {
    assert.notEqual(status, "pass", text);
    assert.equal(await note.count(), 0, `the panel of a failing Run:\n${text}`);
    assert.doesNotMatch(text, /What the tests cannot see/);
  } finally {
    await page.close();
  }
});
