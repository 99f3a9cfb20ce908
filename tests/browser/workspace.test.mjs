// The exercise workspace (issue 9), in Debian's Chromium against the built site: at 1366×800 the
// instructions sit beside the editor and the results in a card no taller than the window, the
// splitters move by mouse and keyboard, full screen comes and goes with Esc; at 390×844 no
// chapter page is wider than the screen and an exercise can be edited and run; the Tests tab
// lists the hidden tests before a Run and shows a failed test's code after; what Reset and
// Solution leave behind is marked stale; the in-page dialogs keep the focus; diagrams enlarge.
// One browser for the file; any request that leaves 127.0.0.1 fails the test that made it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findExercise } from "../../exercises/index.ts";
import { testCases } from "../../site/exercise/test-cases.ts";
import { answerDialog, openExercise, replaceCode, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";
import { CHAPTER_PAGES } from "./support/site.mjs";
import { axeViolations, readable } from "./support/axe.mjs";

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

const session = browserSession();
const url = session.url;
const root = (page, id) => page.locator(`[data-exercise="${id}"]`);

/** newPage opens a page of the given size; `touch` emulates a phone's touch screen. */
async function newPage(viewport, { touch = false } = {}) {
  if (!touch) {
    const page = await session.browser.context.newPage();
    await page.setViewportSize(viewport);
    return page;
  }
  const context = await session.browser.context.browser()?.newContext({ viewport, hasTouch: true, isMobile: true });
  if (!context) throw new Error("cannot open a touch context next to the persistent one");
  return context.newPage();
}

/** rect is an element's bounding box in CSS pixels. */
function rect(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  });
}

/** freshAtTop opens an exercise of chapter 1 at 1366×800 with no draft or progress, its card scrolled to the top of the window. */
async function freshAtTop(id) {
  const page = await newPage(DESKTOP);
  await page.goto(url("/en/sync-primitives/"));
  await clearStorage(page, id);
  await openExercise(page, url("/en/sync-primitives/"), id);
  const card = root(page, id);
  await card.evaluate((el) => el.scrollIntoView({ block: "start" }));
  return { page, card };
}

async function clearStorage(page, id) {
  await page.evaluate((id) => {
    localStorage.removeItem(`synclab:draft:${id}`);
    localStorage.removeItem(`synclab:progress:${id}`);
  }, id);
}

test("at 1366×800 the instructions sit beside the editor and the results, in one card no taller than the window", async () => {
  const id = "safe-counter";
  const { page, card } = await freshAtTop(id);
  const [box, side, editor, results] = await Promise.all([rect(card), rect(card.locator(".sx-side")), rect(card.locator('[data-role="editor"]')), rect(card.locator('[data-role="results"]'))]);
  assert.ok(box.height <= DESKTOP.height, `the card is ${box.height} px tall, the window ${DESKTOP.height}`);
  assert.ok(side.right <= editor.left, `instructions (right edge ${side.right}) are left of the editor (left edge ${editor.left})`);
  assert.ok(Math.abs(side.top - editor.top) < 60, `instructions (top ${side.top}) and editor (top ${editor.top}) start level`);
  assert.ok(results.top >= editor.bottom && results.bottom <= box.bottom + 1, `the results (${results.top}–${results.bottom}) are under the editor (bottom ${editor.bottom}), inside the card (bottom ${box.bottom})`);
  assert.ok(editor.width >= 380, `the editor is ${editor.width} px wide`);
  await page.close();
});

test("at 1366×800 a passing Run's verdict is in view, with the next exercise and Be the scheduler below it, and no Run resizes the editor", async () => {
  const id = "safe-counter";
  const { page, card } = await freshAtTop(id);
  await replaceCode(page, id, findExercise(id).solution);
  const editorBefore = await rect(card.locator('[data-role="editor"]'));
  // Counted from here: a Run that moved the toolbar resized the editor once for "running" and once for the verdict.
  await card.evaluate((el) => {
    const editor = el.querySelector('[data-role="editor"]');
    let first = true;
    new ResizeObserver(() => (first ? (first = false) : (el.dataset.editorResized = String(Number(el.dataset.editorResized ?? 0) + 1)))).observe(editor);
  });
  for (let i = 0; i < 2; i++) assert.equal((await runExercise(page, id)).status, "pass");
  await card.locator('[data-role="after"] a.sx-scheduler').waitFor();
  const [box, pane, summary, editor] = await Promise.all([rect(card), rect(card.locator(".sx-outcome")), rect(card.locator('[data-role="results"] .sx-summary')), rect(card.locator('[data-role="editor"]'))]);
  assert.ok(summary.height > 0 && summary.top >= pane.top && summary.bottom <= pane.bottom + 1, `the verdict's line (${summary.top}–${summary.bottom}) shows in its pane (${pane.top}–${pane.bottom})`);
  assert.ok(pane.bottom <= box.bottom + 1, `the pane (bottom ${pane.bottom}) is inside the card (bottom ${box.bottom})`);
  assert.equal(editor.height, editorBefore.height, "the editor keeps its height through the Runs");
  assert.equal(await card.getAttribute("data-editor-resized"), null, "no Run resized the editor");
  assert.equal(await card.locator('[data-role="after"] a.sx-next').count(), 1, "Next exercise follows the verdict");
  assert.equal(await card.locator(".sx-toolbar a").count(), 0, "the toolbar holds no link that comes and goes with Runs");
  await clearStorage(page, id);
  await page.close();
});

test("the splitters resize the panes by mouse and by keyboard", async () => {
  const page = await newPage(DESKTOP);
  const id = "safe-counter";
  await openExercise(page, url("/en/sync-primitives/"), id);
  const card = root(page, id);
  await card.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const columns = card.locator('[role="separator"][aria-orientation="vertical"]');
  const rows = card.locator('[role="separator"][aria-orientation="horizontal"]');
  const sideWidth = () => rect(card.locator(".sx-side")).then((r) => r.width);
  const editorHeight = () => rect(card.locator('[data-role="editor"]')).then((r) => r.height);

  const before = await sideWidth();
  const grip = await rect(columns);
  await page.mouse.move(grip.left + grip.width / 2, grip.top + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.left + grip.width / 2 + 120, grip.top + grip.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = await sideWidth();
  assert.ok(dragged > before + 80, `dragging the splitter 120 px right widened the instructions from ${before} to ${dragged} px`);

  await columns.focus();
  const valueBefore = Number(await columns.getAttribute("aria-valuenow"));
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.equal(Number(await columns.getAttribute("aria-valuenow")), valueBefore - 10, "two ArrowLeft presses move it 10 %");
  assert.ok((await sideWidth()) < dragged, "and the instructions narrow");
  await page.keyboard.press("Home");
  assert.equal(await columns.getAttribute("aria-valuenow"), await columns.getAttribute("aria-valuemin"), "Home moves it to its minimum");

  const tall = await editorHeight();
  await rows.focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.ok((await editorHeight()) < tall - 20, "ArrowUp on the lower splitter makes the editor shorter");
  await page.close();
});

test("full screen covers the window, Esc leaves it and the focus goes back to its button", async () => {
  const page = await newPage(DESKTOP);
  const id = "safe-counter";
  await openExercise(page, url("/en/sync-primitives/"), id);
  const card = root(page, id);
  const toggle = card.locator('[data-workspace="focus"]');
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  const box = await rect(card);
  assert.deepEqual([box.left, box.top, Math.round(box.width), Math.round(box.height)], [0, 0, DESKTOP.width, DESKTOP.height], "the card fills the window");
  const side = await rect(card.locator(".sx-side"));
  const editor = await rect(card.locator('[data-role="editor"]'));
  assert.ok(side.right <= editor.left, "the instructions stay beside the editor");
  // Esc from inside the editor: the editor has no use for it, so it leaves full screen.
  await card.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.notEqual(await card.evaluate((el) => getComputedStyle(el).position), "fixed", "the card is back in the chapter");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.workspace), "focus", "the focus is on the full-screen button");
  await page.close();
});

test("the exercise's title appears once, its sections are headings below it and stay out of the table of contents, and its code is highlighted", async () => {
  const page = await newPage(DESKTOP);
  await page.goto(url("/en/sync-primitives/"));
  const card = root(page, "safe-counter");
  const title = findExercise("safe-counter").config.title.en;
  const headings = await card.locator("h1, h2, h3, h4, h5, h6").evaluateAll((hs) => hs.map((h) => `${h.tagName} ${h.textContent.trim()}`));
  assert.deepEqual(headings.filter((h) => h.startsWith("H3")), [`H3 ${title}`], "one h3, the title");
  assert.ok(!headings.some((h) => /^H[12] /.test(h)), `no h1 or h2 inside the exercise: ${headings}`);
  assert.ok(headings.includes("H4 Tasks") && headings.includes("H4 API the tests call"), `the sections are h4: ${headings}`);
  const text = await card.evaluate((el) => el.textContent);
  assert.equal(text.split(title).length - 1, 1, "the title is written once");
  const toc = await page.locator("starlight-toc a").allTextContents();
  assert.ok(!toc.some((t) => /Tasks|API the tests call|Example/.test(t)), `the table of contents: ${toc}`);
  const code = card.locator(".sx-instructions .expressive-code pre").first();
  assert.ok(await code.count(), "the instructions' code blocks are drawn by Expressive Code, as the chapters' are");
  const look = await code.evaluate((pre) => ({ background: getComputedStyle(pre).backgroundColor, coloured: new Set(Array.from(pre.querySelectorAll("span"), (s) => getComputedStyle(s).color)).size }));
  assert.notEqual(look.background, "rgba(0, 0, 0, 0)", "the code has a background");
  assert.ok(look.coloured >= 3, `the code is highlighted (${look.coloured} colours)`);
  await page.close();
});

test("the Tests tab lists every hidden test before a Run, and after it shows a failed test's message and its own code", async () => {
  const page = await newPage(DESKTOP);
  const id = "wg-add-inside";
  const path = "/en/pitfalls/";
  const ex = findExercise(id);
  const names = testCases(ex.tests).map((c) => c.name);
  await page.goto(url(path));
  await clearStorage(page, id);
  await page.reload();
  const card = root(page, id);
  const tab = card.getByRole("tab", { name: /^Tests/ });
  await tab.click();
  assert.equal(await tab.getAttribute("aria-selected"), "true");
  const items = card.locator('[data-role="testlist"] > li');
  assert.deepEqual(await items.evaluateAll((lis) => lis.map((li) => li.dataset.testName)), names, "every hidden test, by name, in order");
  assert.deepEqual([...new Set(await items.evaluateAll((lis) => lis.map((li) => li.querySelector(".sx-badge").textContent)))], ["not run"]);
  assert.ok(await items.first().isVisible(), "the list shows before the editor has even loaded");

  await openExercise(page, url(path), id);
  await card.getByRole("tab", { name: /^Tests/ }).click();
  const verdict = await runExercise(page, id);
  assert.equal(verdict.status, "fail", verdict.text);
  const failed = card.locator('[data-role="testlist"] > li[data-test-status="fail"]').first();
  await failed.waitFor();
  const name = await failed.getAttribute("data-test-name");
  const details = await failed.locator(".sx-test-details").innerText();
  assert.match(details, /Expected/, "the expected value");
  const code = failed.locator(".sx-test-code pre");
  const shortName = name.split(" > ").at(-1);
  assert.ok((await code.innerText()).includes(shortName), `the test's own code, which names it ("${shortName}")`);
  const marked = failed.locator(".sx-code-line[data-failed]");
  assert.equal(await marked.count(), 1, "the line it failed at is marked");
  const line = Number(await marked.getAttribute("data-line"));
  assert.match(verdict.text, new RegExp(`hidden\\.test\\.ts:${line}:`), `the results name hidden.test.ts:${line}`);
  const passed = await card.locator('[data-role="testlist"] > li[data-test-status="pass"]').count();
  assert.match(await tab.innerText(), new RegExp(`${passed}/${names.length}`), "the tab counts what passed");
  await clearStorage(page, id);
  await page.close();
});

test("a failed test's code in the Tests tab is highlighted as the editor highlights it, in either theme, and axe finds nothing serious there", async () => {
  const page = await newPage(DESKTOP);
  const id = "wg-add-inside";
  const path = "/en/pitfalls/";
  await page.goto(url(path));
  await clearStorage(page, id);
  await openExercise(page, url(path), id);
  const card = root(page, id);
  await card.getByRole("tab", { name: /^Tests/ }).click();
  assert.equal((await runExercise(page, id)).status, "fail");
  const pre = card.locator('[data-role="testlist"] > li[data-test-status="fail"] .sx-test-code pre').first();
  await pre.locator(".sx-code-text[data-colorized]").first().waitFor();
  /** colours maps each token's text to its colour, from the highlighted code's spans. */
  const colours = () =>
    pre.evaluate((el) => {
      const rows = [...el.querySelectorAll(".sx-code-line")];
      const spans = [...el.querySelectorAll(".sx-code-text [class^='mtk']")];
      return {
        rows: rows.length,
        highlighted: rows.filter((r) => r.querySelector(".sx-code-text[data-colorized]")).length,
        await: spans.find((s) => s.textContent.trim() === "await") && getComputedStyle(spans.find((s) => s.textContent.trim() === "await")).color,
        distinct: new Set(spans.map((s) => getComputedStyle(s).color)).size,
        text: el.innerText,
      };
    });
  const light = await colours();
  assert.equal(light.highlighted, light.rows, "every line of the test is highlighted");
  assert.ok(light.distinct >= 3 && light.await, `keywords, strings and names in colours of their own (${light.distinct} colours)`);
  assert.match(light.text, /^\s*\d+\s/m, "the line numbers stay");
  assert.equal(await pre.locator(".sx-code-line[data-failed] .sx-code-text[data-colorized]").count(), 1, "the failed line stays marked");
  const inPanel = `[data-exercise="${id}"] [role="tabpanel"]:not([hidden])`;
  assert.deepEqual(await axeViolations(page, inPanel), [], readable("the Tests tab, light", await axeViolations(page, inPanel)));
  await page.locator("starlight-theme-select select").first().selectOption("dark");
  await page.waitForFunction(({ sel, before }) => {
    const span = [...document.querySelectorAll(`${sel} .sx-code-text [class^='mtk']`)].find((s) => s.textContent.trim() === "await");
    return span && getComputedStyle(span).color !== before;
  }, { sel: `[data-exercise="${id}"] [data-role="testlist"] > li[data-test-status="fail"]`, before: light.await });
  const dark = await colours();
  assert.equal(dark.highlighted, dark.rows, "highlighted again in the dark theme");
  assert.deepEqual(await axeViolations(page, inPanel), [], readable("the Tests tab, dark", await axeViolations(page, inPanel)));
  await page.locator("starlight-theme-select select").first().selectOption("light");
  await clearStorage(page, id);
  await page.close();
});

test("a test name's backticks are drawn as code, in the Tests tab and in the results", async () => {
  const page = await newPage(DESKTOP);
  const id = "worker-pool";
  await page.goto(url("/en/defer-waitgroup/"));
  await clearStorage(page, id);
  await openExercise(page, url("/en/defer-waitgroup/"), id);
  const card = root(page, id);
  const listed = card.locator('[data-role="testlist"] .sx-test-name', { hasText: "workers" }).first();
  assert.equal(await listed.locator("code").innerText(), "workers");
  assert.ok(!(await listed.innerText()).includes("`"));
  await runExercise(page, id);
  const shown = card.locator('[data-role="results"] .sx-test-name', { hasText: "workers" }).first();
  assert.equal(await shown.locator("code").innerText(), "workers");
  assert.ok(!(await shown.innerText()).includes("`"), "no raw backticks in the results");
  await page.close();
});

test("stale state: the restored-draft note goes with the next edit, Reset asks in the page, closes hints and dims the old verdict, Solution dims it too", async () => {
  const page = await newPage(DESKTOP);
  const id = "config-store";
  const path = "/en/sync-primitives/";
  const ex = findExercise(id);
  await page.goto(url(path));
  await clearStorage(page, id);
  // A draft of today's starter (its hash from the page's data), so the page says it was restored.
  const starterHash = await root(page, id).locator('script[data-role="data"]').evaluate((s) => JSON.parse(s.textContent).starterHash);
  await page.evaluate(({ id, code, starterHash }) => localStorage.setItem(`synclab:draft:${id}`, JSON.stringify({ version: 1, code, starterHash, savedAt: Date.now() })), { id, code: `// keep me\n${ex.starter}`, starterHash });
  await openExercise(page, url(path), id);
  const card = root(page, id);
  const note = card.locator('[data-role="note"]');
  assert.match(await note.innerText(), /draft was restored/);
  assert.equal(await card.locator('[aria-label="Loading the editor…"]').count(), 0, "nothing keeps the placeholder's label once the editor is up");
  await card.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n// edited");
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] [data-role="note"]`)?.textContent === "", id);

  const first = await runExercise(page, id);
  assert.notEqual(first.status, "pass");
  const timings = await card.locator(".sx-timings").innerText();
  assert.doesNotMatch(timings, /\b0 ms/, `no "0 ms": ${timings}`);
  await card.locator('[data-action="hint"]').click();
  assert.equal(await card.getByRole("tab", { name: "Hints" }).getAttribute("aria-selected"), "true", "a hint opens the Hints tab");
  assert.equal(await card.locator('[data-role="hints"] li').count(), 1);

  // Reset asks in an in-page dialog: the focus is in it and stays there, Esc cancels.
  const reset = card.locator('[data-action="reset"]');
  await reset.click();
  const dialog = card.locator("dialog[open]");
  await dialog.waitFor();
  for (let i = 0; i < 4; i++) {
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest("dialog[open]")), true, `Tab ${i}: the focus is inside the dialog`);
    await page.keyboard.press(i % 2 ? "Shift+Tab" : "Tab");
  }
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), "reset", "the focus returns to Reset");
  assert.match(await page.evaluate((id) => localStorage.getItem(`synclab:draft:${id}`), id), /keep me/, "Esc kept the draft");
  assert.equal(await card.locator('[data-role="hints"] li').count(), 1, "and the hint");

  await reset.click();
  assert.match(await answerDialog(page, id, true), /starter/);
  const results = card.locator('[data-role="results"]');
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] [data-role="results"]`)?.classList.contains("sx-stale"), id);
  assert.match(await results.innerText(), /results are for code that has since been replaced/);
  assert.equal(await card.locator('[data-role="hints"] li').count(), 0, "Reset closed the hints");
  assert.equal(await card.locator('[data-action="hint"]').innerText(), "Hint");
  assert.equal(await card.locator('[data-role="testlist"]').getAttribute("data-stale"), "", "the Tests tab's states are stale too");

  const again = await runExercise(page, id);
  assert.notEqual(again.status, "pass");
  assert.equal(await results.evaluate((r) => r.classList.contains("sx-stale")), false, "a new verdict is not stale");
  await card.locator('[data-action="solution"]').click();
  await answerDialog(page, id, true);
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] [data-role="results"]`)?.classList.contains("sx-stale"), id);
  await clearStorage(page, id);
  await page.close();
});

test("at 390×844 no chapter page is wider than the screen, and the header's search and menu stay on it", async () => {
  const page = await newPage(PHONE);
  const problems = [];
  for (const path of CHAPTER_PAGES) {
    await page.goto(url(path));
    const m = await page.evaluate(() => {
      const wide = Array.from(document.querySelectorAll("body *"))
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && !el.closest("[hidden], .sr-only"))
        .filter((el) => getComputedStyle(el).position !== "fixed")
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
      const inView = (sel) => {
        const el = document.querySelector(sel);
        if (!el) return `${sel} missing`;
        const r = el.getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth ? "" : `${sel} at ${r.left}–${r.right}`;
      };
      return { scrollWidth: document.documentElement.scrollWidth, wide, off: [inView("button[data-open-modal]"), inView("button.sl-menu-button")].filter(Boolean) };
    });
    if (m.scrollWidth > PHONE.width) problems.push(`${path}: ${m.scrollWidth} px wide (${m.wide.join(", ")})`);
    if (m.off.length) problems.push(`${path}: off screen: ${m.off.join(", ")}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("on a phone the exercise stacks, hides the Ctrl/⌘ + Enter hint, and can be edited and run", async () => {
  const page = await newPage(PHONE, { touch: true });
  const id = "safe-counter";
  const path = "/en/sync-primitives/";
  await page.goto(url(path));
  await clearStorage(page, id);
  await openExercise(page, url(path), id);
  const card = root(page, id);
  const side = await rect(card.locator(".sx-side"));
  const editor = await rect(card.locator('[data-role="editor"]'));
  assert.ok(side.bottom <= editor.top, "the tabs and instructions are above the editor");
  assert.ok(editor.width <= PHONE.width && editor.height >= 200, `the editor is ${editor.width}×${editor.height}`);
  assert.equal(await card.locator(".sx-shortcut").isVisible(), false, "no keyboard shortcut offered on a touch screen");
  await card.locator(".monaco-editor .view-lines").tap();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\n// typed on a phone");
  await page.waitForFunction((id) => (localStorage.getItem(`synclab:draft:${id}`) ?? "").includes("typed on a phone"), id);
  const verdict = await runExercise(page, id);
  assert.equal(verdict.status, "fail", verdict.text);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, "the verdict keeps the page within the screen");
  await clearStorage(page, id);
  await page.context().close();

  const desktop = await newPage(DESKTOP);
  await desktop.goto(url(path));
  assert.equal(await root(desktop, id).locator(".sx-shortcut").isVisible(), true, "with a mouse and keyboard the shortcut is shown");
  await desktop.close();
});

test("a diagram opens full size by click or keyboard, Esc closes it, and on a phone it keeps readable labels", async () => {
  const page = await newPage(DESKTOP);
  await page.goto(url("/en/defer-waitgroup/"));
  const figure = page.locator("figure[data-diagram]").first();
  const natural = await figure.locator("svg").evaluate((svg) => Number(svg.getAttribute("width")));
  const inline = (await rect(figure.locator("svg"))).width;
  const open = figure.getByRole("button", { name: "Enlarge the diagram" });
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.locator("dialog.diagram-dialog[open]");
  await dialog.waitFor();
  const full = (await rect(dialog.locator("svg"))).width;
  assert.ok(full >= natural - 1 && full > inline, `full size: ${full} px (natural ${natural}, inline ${inline})`);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement?.className), "diagram-open", "the focus returns to the button");
  await figure.locator("svg").click();
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.close();

  const phone = await newPage(PHONE);
  await phone.goto(url("/zh/defer-waitgroup/"));
  const svg = phone.locator("figure[data-diagram] svg").first();
  const shown = (await rect(svg)).width;
  const width = await svg.evaluate((el) => Number(el.getAttribute("width")));
  assert.ok(shown >= width * 0.59, `on a phone the diagram is drawn at ${Math.round((shown / width) * 100)} % of its size (scrolling sideways), not shrunk to the screen`);
  assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width);
  assert.equal(await phone.locator("figure[data-diagram]").first().getByRole("button", { name: "放大图示" }).count(), 1);
  await phone.close();
});
