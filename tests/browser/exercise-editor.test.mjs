// The Exercise editor itself, in Debian's Chromium against the built site: Monaco stays away
// until the exercise nears the viewport, then arrives with its styles and icons, completes
// every gosync specifier and what it exports (from gosync's own .d.ts), and marks type errors
// with TypeScript's diagnostics, shown on hover. One browser for the file; any request that
// leaves 127.0.0.1 fails the test that made it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const DIST = process.env.SYNCLAB_DIST || "dist";
const ID = "safe-counter";
const URL_PATH = "/en/sync-primitives/";
const root = `[data-exercise="${ID}"]`;

let page;
const session = browserSession({ page: true, ready: (s) => (page = s.page) });

/** freshEditor opens the page with no draft, makes the editor live and puts the cursor at the end. */
async function freshEditor() {
  await page.goto(session.site.origin + URL_PATH);
  await page.evaluate(() => localStorage.clear());
  await openExercise(page, session.site.origin + URL_PATH, ID);
  await page.locator(`${root} .monaco-editor .view-lines`).click();
  await page.keyboard.press("Control+End");
}

/** suggestions waits for the suggest widget and returns the labels of its rows. */
async function suggestions() {
  const rows = page.locator(`${root} .suggest-widget.visible .monaco-list-row`);
  await rows.first().waitFor({ timeout: 20_000 });
  return (await rows.evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? el.textContent))).map((s) => s.split(/[\s,]/)[0]);
}

test("before the exercise nears the viewport it is a highlighted block, and neither Monaco nor its CSS has loaded", async () => {
  const requested = [];
  const onRequest = (r) => requested.push(new URL(r.url()).pathname);
  page.on("request", onRequest);
  await page.goto(session.site.origin + URL_PATH);
  await page.waitForLoadState("load");
  page.off("request", onRequest);
  const state = await page.evaluate((root) => {
    const el = document.querySelector(root);
    return {
      mounted: el.dataset.mounted ?? null,
      highlighted: el.querySelectorAll('[data-role="static"] pre span[style]').length,
      monacoStyles: document.querySelectorAll("style[data-monaco]").length,
      below: el.getBoundingClientRect().top - innerHeight,
    };
  }, root);
  assert.ok(state.below > 600, `the exercise starts ${state.below}px below the viewport: too close to test that nothing loads before it nears`);
  assert.equal(state.mounted, null);
  assert.ok(state.highlighted > 0, "the starter is shown as highlighted code");
  assert.equal(state.monacoStyles, 0);
  assert.deepEqual(requested.filter((p) => /\/(monaco|editor\.api|controller|tsMode)\.[^/]*\.js$/.test(p)), []);
});

test("once live, the editor has Monaco's styles and its icon font loads", async () => {
  const failed = [];
  const onResponse = (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`);
  page.on("response", onResponse);
  await freshEditor();
  await page.keyboard.type("\nconst k = 1;\nk.");
  await suggestions();
  // The suggest widget's rows show codicons: the font is requested and must load.
  await page.waitForFunction(() => [...document.fonts].some((f) => f.family.includes("codicon") && f.status !== "unloaded"));
  await page.waitForFunction(() => [...document.fonts].filter((f) => f.family.includes("codicon")).every((f) => f.status !== "loading"));
  page.off("response", onResponse);
  const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes("codicon")).map((f) => f.status));
  assert.deepEqual(fonts, ["loaded"]);
  assert.deepEqual(failed, []);
  assert.equal(await page.locator("style[data-monaco]").count() > 0, true);
});

test("completion offers every gosync specifier, the names a specifier exports, and their members", async () => {
  const { specifiers } = JSON.parse(readFileSync(join(DIST, "exercise", "gosync-types.json"), "utf8"));
  const expected = Object.keys(specifiers).filter((s) => s.startsWith("gosync/")).sort();
  assert.ok(expected.length >= 5, `gosync-types.json lists ${expected.length} gosync/… specifiers`);
  await freshEditor();

  await page.keyboard.type('\nimport { Mutex } from "gosync/');
  await page.keyboard.press("Control+Space");
  const offered = await suggestions();
  assert.deepEqual(expected.filter((s) => !offered.includes(s)), [], `offered: ${offered.join(", ")}`);
  await page.keyboard.press("Escape");
  await page.keyboard.type('sync";');

  await page.keyboard.type('\nimport { Wait } from "gosync/sync";');
  for (let i = 0; i < '} from "gosync/sync";'.length + 1; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+Space");
  assert.ok((await suggestions()).includes("WaitGroup"), "gosync/sync's WaitGroup is offered in an import");
  await page.keyboard.press("Escape");

  await page.keyboard.press("End");
  await page.keyboard.type("\nconst mu = new Mutex();\nmu.");
  const members = await suggestions();
  assert.ok(["lock", "unlock", "tryLock"].every((m) => members.includes(m)), `Mutex members offered: ${members.join(", ")}`);
  await page.keyboard.press("Escape");
});

test("TypeScript marks a type error, and only that, once gosync's types resolve; hovering shows the message", async () => {
  await freshEditor();
  await page.keyboard.type('\nimport { Mutex } from "gosync/sync";\nconst mu = new Mutex();\nconst bad: number = "x";\n');
  const squiggle = page.locator(`${root} .squiggly-error`);
  await squiggle.first().waitFor({ timeout: 20_000 });
  // Diagnostics arrive in one batch for the model; give a late second batch a chance anyway.
  await page.waitForTimeout(1000);
  assert.equal(await squiggle.count(), 1, "one error: the string assigned to a number (the gosync import resolves)");
  // The squiggle lies under the text layer: the pointer goes to its middle, over the erroneous word.
  await squiggle.first().hover({ force: true });
  const hover = page.locator(`${root} .monaco-hover:not(.hidden)`);
  await hover.first().waitFor({ timeout: 10_000 });
  assert.match(await hover.first().innerText(), /Type 'string' is not assignable to type 'number'/);
});
