// Keyboard and screen readers (issue 9), in Debian's Chromium against the built site: a scripted
// keyboard walk from the top of a chapter page to a passing Run — Tab only, through every link
// and control before the exercise, into the editor (which replaces its placeholder without losing
// the focus), out of it again with Tab (the code untouched), Ctrl+M switching Tab to indenting and
// back, Ctrl+Enter running — where the focus never lands on <body>, every control it reaches shows
// a focus ring, and the verdict is announced once; then the hints to the last (the Hint button
// disables itself) and Reset's dialog, still never <body>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findExercise } from "../../exercises/index.ts";
import { putDraft, watchStatus, waitForVerdict } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const session = browserSession();
const url = session.url;

/** focusFacts describes the focused element: where it is, and whether a focus ring shows. */
function focusFacts(page, id) {
  return page.evaluate((id) => {
    const el = document.activeElement;
    const root = document.querySelector(`[data-exercise="${id}"]`);
    const style = el ? getComputedStyle(el) : null;
    const ring = !!style && ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
    return {
      body: !el || el === document.body || el === document.documentElement,
      inExercise: !!el && root.contains(el),
      inEditor: !!el && !!el.closest(`[data-exercise="${id}"] .monaco-editor`),
      ring,
      what: el ? `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} “${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}”` : "(none)",
    };
  }, id);
}


test("a keyboard walk from the top of the page to a passing Run never drops the focus to <body>, and Tab leaves the editor", async () => {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 800 });
  const id = "safe-counter";
  const solution = findExercise(id).solution;
  await page.goto(url("/en/sync-primitives/"));
  await page.evaluate(() => localStorage.clear());
  await putDraft(page, id, solution);
  await page.goto(url("/en/sync-primitives/"));

  const walk = [];
  let facts;
  for (let i = 0; ; i++) {
    assert.ok(i < 600, `the editor was reached within 600 Tabs; the walk:\n${walk.slice(-30).join("\n")}`);
    await page.keyboard.press("Tab");
    facts = await focusFacts(page, id);
    walk.push(facts.what);
    assert.equal(facts.body, false, `Tab ${i + 1} dropped the focus to <body>; the walk so far:\n${walk.slice(-10).join("\n")}`);
    if (facts.inExercise) assert.ok(facts.ring || facts.inEditor, `${facts.what} shows no focus ring`);
    if (facts.inEditor) break;
    // The placeholder, or the plain editor it opens on focus (plain-editor.ts), takes the focus
    // first; the editor then replaces it and must keep it.
    if (facts.inExercise && /sx-editor|sx-plain/.test(facts.what)) {
      await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 60_000 });
      facts = await focusFacts(page, id);
      assert.equal(facts.body, false, "the editor replaced its placeholder without dropping the focus");
      assert.ok(facts.inEditor, `the editor has the focus once it replaced the placeholder (focus on ${facts.what})`);
      break;
    }
  }
  const root = page.locator(`[data-exercise="${id}"]`);
  const toggle = root.locator('[data-role="tabfocus"]');
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true", "Tab moves the focus by default");
  assert.match(await toggle.innerText(), /Tab moves focus\s*Ctrl\+M/);

  const draft = () => page.evaluate((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code, id);
  const codeBefore = await draft();
  await page.keyboard.press("Tab");
  facts = await focusFacts(page, id);
  assert.equal(facts.inEditor, false, `Tab left the editor (focus on ${facts.what})`);
  assert.equal(facts.body, false);
  await page.keyboard.press("Shift+Tab");
  facts = await focusFacts(page, id);
  assert.ok(facts.inEditor, `Shift+Tab came back into the editor (focus on ${facts.what})`);

  // Ctrl+M: Tab indents; again: Tab moves the focus.
  await page.keyboard.press("Control+M");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false", "Ctrl+M switched Tab to indenting");
  await page.keyboard.press("Tab");
  assert.ok((await focusFacts(page, id)).inEditor, "with Tab indenting, the focus stays in the editor");
  await page.keyboard.press("Control+Z");
  await page.keyboard.press("Control+M");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.waitForTimeout(400); // the draft is saved 250 ms after the last edit
  assert.equal(await draft(), codeBefore, "the code is as it was: Tab moved the focus, and the one indent was undone");

  // Ctrl+Enter in the editor runs; the verdict is announced once, in a sentence.
  await page.evaluate(() => {
    window.__announced = [];
    const region = document.querySelector('[data-exercise="safe-counter"] [data-role="announce"]');
    new MutationObserver(() => region.textContent && window.__announced.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
  });
  await watchStatus(page, id);
  await page.keyboard.press("Control+Enter");
  await waitForVerdict(page, id, 60_000);
  assert.equal(await root.locator('[data-role="results"]').getAttribute("data-status"), "pass");
  await page.waitForFunction(() => window.__announced.length > 0);
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__announced), ["Passed. All tests passed."], "the verdict is announced once");
  assert.equal(await root.locator('[data-role="results"]').getAttribute("aria-live"), "off", "the panel itself is not read out on every redraw");
  facts = await focusFacts(page, id);
  assert.ok(facts.inEditor, `after the Run the focus is still in the editor (focus on ${facts.what})`);

  // Hints to the last: the Hint button disables itself, and the focus stays in the exercise.
  const hint = root.locator('[data-action="hint"]');
  await hint.focus();
  for (let i = 0; i < 10 && !(await hint.isDisabled()); i++) await page.keyboard.press("Enter");
  assert.ok(await hint.isDisabled(), "the last hint disabled the Hint button");
  await page.waitForTimeout(100);
  facts = await focusFacts(page, id);
  assert.equal(facts.body, false, "the focus did not fall to <body> when the Hint button disabled itself");
  assert.ok(facts.inExercise && facts.ring, `the focus moved to a control of the exercise with a ring (${facts.what})`);

  // Reset: its dialog takes the focus, Esc cancels, the focus returns to Reset.
  const reset = root.locator('[data-action="reset"]');
  await reset.focus();
  await page.keyboard.press("Enter");
  await root.locator("dialog[open]").waitFor();
  await page.keyboard.press("Escape");
  await root.locator("dialog[open]").waitFor({ state: "detached" });
  facts = await focusFacts(page, id);
  assert.match(facts.what, /Reset/, `after the dialog the focus is back on Reset (${facts.what})`);
  await page.close();
});
