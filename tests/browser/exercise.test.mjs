// The six exercises in the built site, in Debian's Chromium, judged by gosync's simulator inside
// the sandbox: each reference solution passes, each starter fails the way the exercise intends,
// one wrong variant per exercise gets the verdict its `// expect:` header declares; then the
// editor's controls (Run by button and Ctrl+Enter in both languages, drafts across reloads,
// Reset, Hints, Solution, clickable locations). One browser for the file; any request that
// leaves 127.0.0.1 fails the test that made it.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { checkExpectation } from "../../exercises/schema.ts";
import { loadExercises } from "../../exercises/index.ts";
import { startSite, launch, openExercise, runExercise, putDraft } from "./exercise-support.mjs";

const exercises = new Map(loadExercises().map((ex) => [ex.id, ex]));

/**
 * STARTERS says how each starter must fail: the overall status, a test status some test must
 * end with, and what the results panel must show.
 */
const STARTERS = {
  "safe-counter": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE[\s\S]*solution\.ts:\d+:\d+/ },
  "config-store": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE/ },
  "worker-pool": { status: "deadlock", testStatus: "deadlock", pattern: /all goroutines are asleep - deadlock!/ },
  "wg-add-inside": { status: "fail", testStatus: "fail", pattern: /Expected/ },
  "goroutine-leak": { status: "fail", testStatus: "leak", pattern: /still alive after the test returned/ },
  "context-timeout": { status: "fail", testStatus: "fail", pattern: /Expected/ },
};

/** WRONG names one wrong variant per exercise, chosen so that the six cover every detector. */
const WRONG = {
  "safe-counter": "split-critical-section",
  "config-store": "unlocked-reads",
  "worker-pool": "deferred-done-no-catch",
  "wg-add-inside": "add-once",
  "goroutine-leak": "buffer-of-one",
  "context-timeout": "own-timer",
};

let site;
let browser;
let page;
let foreignBefore = 0;

before(async () => {
  site = await startSite(process.env.SYNCLAB_DIST || "dist");
  browser = await launch();
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

afterEach(() => {
  const leaked = browser.foreign.slice(foreignBefore);
  foreignBefore = browser.foreign.length;
  assert.deepEqual(leaked, [], "requests to other hosts (aborted)");
});

const pageOf = (id, lang = "en") => `${site.origin}/${lang}/${exercises.get(id).config.chapter}/`;
const root = (id) => page.locator(`[data-exercise="${id}"]`);

/** clearDraft removes the exercise's draft, so the editor starts from the starter. */
async function clearDraft(id) {
  await page.evaluate((id) => localStorage.removeItem(`synclab:draft:${id}`), id);
}

/** testsShown reads the per-test results from the panel: [{ name, status }]. */
function testsShown(id) {
  return root(id)
    .locator(".sx-test")
    .evaluateAll((items) => items.map((li) => ({ name: li.querySelector("strong")?.textContent ?? "", status: li.dataset.testStatus })));
}

/** editorText is what Monaco shows (it renders spaces as no-break spaces; they are turned back). */
function editorText(id) {
  return root(id).locator(".view-lines").evaluate((el) => (el.textContent ?? "").replace(/\u00a0/g, " "));
}

/** savedCode reads the learner's code as saved (drafts are written 250 ms after typing, and at once on Run/Reset/Solution). */
async function savedCode(id) {
  return page.evaluate((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code ?? null, id);
}

/** accept answers the next confirm() with `yes` and returns its message. */
function nextDialog(yes) {
  return new Promise((resolve) => {
    page.once("dialog", async (d) => {
      const message = d.message();
      if (yes) await d.accept();
      else await d.dismiss();
      resolve(message);
    });
  });
}

for (const id of Object.keys(STARTERS)) {
  test(`${id}: the starter fails as intended, the reference solution passes, and ${WRONG[id]} gets its declared verdict`, async () => {
    const ex = exercises.get(id);
    assert.ok(ex, `exercise ${id} exists`);
    await page.goto(pageOf(id));
    await clearDraft(id);
    await openExercise(page, pageOf(id), id);

    const want = STARTERS[id];
    const starter = await runExercise(page, id);
    assert.equal(starter.status, want.status, `starter status; the panel said:\n${starter.text}`);
    const starterTests = await testsShown(id);
    assert.ok(starterTests.some((t) => t.status === want.testStatus), `some test ends as ${want.testStatus}: ${JSON.stringify(starterTests)}`);
    assert.match(starter.text, want.pattern);

    // Solution: offered after the failed Run, behind a confirm.
    const solutionButton = root(id).locator('[data-action="solution"]');
    await assert.doesNotReject(solutionButton.waitFor({ state: "visible", timeout: 5000 }));
    const confirmed = nextDialog(true);
    await solutionButton.click();
    await confirmed;
    const solved = await runExercise(page, id);
    assert.equal(solved.status, "pass", `reference solution; the panel said:\n${solved.text}`);
    const solvedTests = await testsShown(id);
    assert.ok(solvedTests.length > 0 && solvedTests.every((t) => t.status === "pass"), JSON.stringify(solvedTests));
    assert.equal(await savedCode(id), ex.solution, "the editor held the reference solution");

    const variant = ex.wrong.find((w) => w.name === WRONG[id]);
    assert.ok(variant, `wrong variant ${WRONG[id]} exists`);
    await page.goto(pageOf(id)); // leave the live editor first: it saves pending edits when the page hides
    await putDraft(page, id, variant.code);
    await openExercise(page, pageOf(id), id);
    const wrong = await runExercise(page, id);
    const problem = checkExpectation({ status: wrong.status, tests: await testsShown(id) }, variant.expect);
    assert.equal(problem, undefined, `${variant.file}: ${problem}; the panel said:\n${wrong.text}`);
    if (variant.expect.kind === "deadlock") assert.match(wrong.text, /fatal error: all goroutines are asleep - deadlock!/);
    if (variant.expect.kind === "race") assert.match(wrong.text, /WARNING: DATA RACE/);
    await clearDraft(id);
  });
}

test("Run works by the button named 运行 on /zh/ and by Ctrl+Enter in the editor", async () => {
  const id = "safe-counter";
  await page.goto(pageOf(id, "zh"));
  await clearDraft(id);
  await openExercise(page, pageOf(id, "zh"), id);
  await assert.doesNotReject(root(id).getByRole("button", { name: "运行", exact: true }).waitFor());
  const byButton = await runExercise(page, id);
  assert.equal(byButton.status, "fail");

  await page.goto(pageOf(id));
  await openExercise(page, pageOf(id), id);
  await assert.doesNotReject(root(id).getByRole("button", { name: "Run", exact: true }).waitFor());
  await root(id).locator(".monaco-editor .view-lines").click();
  const status = root(id).locator('[role="status"]');
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] [role="status"]`)?.dataset.status === "running", id);
  await page.waitForFunction((id) => !["running", "idle"].includes(document.querySelector(`[data-exercise="${id}"] [role="status"]`)?.dataset.status), id, { timeout: 30_000 });
  assert.equal(await status.getAttribute("data-status"), "fail");
});

test("a typed edit is saved as a draft and survives a reload", async () => {
  const id = "config-store";
  await page.goto(pageOf(id));
  await clearDraft(id);
  await openExercise(page, pageOf(id), id);
  await root(id).locator(".monaco-editor .view-lines").click();
  // At the top: Monaco renders only the lines in view, and a reload shows the top.
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("// my draft note 42\n");
  await page.waitForFunction((id) => (localStorage.getItem(`synclab:draft:${id}`) ?? "").includes("my draft note 42"), id);
  await openExercise(page, pageOf(id), id);
  // Monaco renders spaces as no-break spaces.
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.replace(/\u00a0/g, " ").includes("my draft note 42"), id);
  assert.match(await root(id).locator('[data-role="note"]').innerText(), /draft/i);
});

test("Reset asks first: dismissing keeps the draft, accepting restores the starter", async () => {
  const id = "config-store";
  const ex = exercises.get(id);
  await page.goto(pageOf(id));
  await putDraft(page, id, `// keep me\n${ex.starter}`);
  await openExercise(page, pageOf(id), id);
  const reset = root(id).getByRole("button", { name: "Reset", exact: true });
  assert.ok((await editorText(id)).includes("keep me"), "the draft is shown");
  const dismissed = nextDialog(false);
  await reset.click();
  assert.match(await dismissed, /starter/i);
  assert.match(await savedCode(id), /keep me/);
  const accepted = nextDialog(true);
  await reset.click();
  await accepted;
  await page.waitForFunction((id) => !document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.replace(/\u00a0/g, " ").includes("keep me"), id);
  assert.equal(await savedCode(id), null, "the draft is cleared");
  await openExercise(page, pageOf(id), id);
  assert.ok(!(await editorText(id)).includes("keep me"), "after a reload the starter is shown");
});

test("hints appear one at a time, and Solution is hidden until a Run fails", async () => {
  const id = "goroutine-leak";
  const ex = exercises.get(id);
  await page.goto(pageOf(id));
  await clearDraft(id);
  await openExercise(page, pageOf(id), id);
  const solution = root(id).locator('[data-action="solution"]');
  assert.equal(await solution.isVisible(), false, "no Solution button before a Run");
  const hintCount = (ex.docs.hints.en.match(/^##\s+\d+\s*$/gm) ?? []).length;
  assert.ok(hintCount >= 2, "the exercise has several hints");
  const hint = root(id).locator('[data-action="hint"]');
  for (let shown = 1; shown <= hintCount; shown++) {
    await hint.click();
    assert.equal(await root(id).locator('[data-role="hints"] li').count(), shown);
  }
  assert.equal(await hint.isDisabled(), true, "no hint after the last");

  await page.goto(pageOf(id));
  await putDraft(page, id, ex.solution);
  await openExercise(page, pageOf(id), id);
  assert.equal((await runExercise(page, id)).status, "pass");
  assert.equal(await solution.isVisible(), false, "a passing Run does not offer the Solution");
  await clearDraft(id);
});

test("a location in the results moves the editor's cursor there", async () => {
  const id = "safe-counter";
  await page.goto(pageOf(id));
  await clearDraft(id);
  await openExercise(page, pageOf(id), id);
  await runExercise(page, id);
  const loc = root(id).locator(".sx-loc", { hasText: /^solution\.ts:\d+:\d+$/ }).first();
  const [, line, column] = /:(\d+):(\d+)$/.exec(await loc.innerText()).map(Number);
  await loc.click();
  // Type a marker where the cursor is and find it in the saved draft.
  await page.keyboard.type("@@");
  await page.waitForFunction((id) => (localStorage.getItem(`synclab:draft:${id}`) ?? "").includes("@@"), id);
  const lines = (await savedCode(id)).split("\n");
  assert.equal(lines[line - 1].indexOf("@@") + 1, column, `the marker landed at ${line}:${column}: ${lines[line - 1]}`);
  await clearDraft(id);
});
