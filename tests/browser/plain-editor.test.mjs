// The plain editor (site/exercise/plain-editor.ts), in Debian's Chromium against the built site:
// before Monaco has arrived, a click on an exercise's code makes it editable where it was
// clicked; what is typed there is saved as the draft, and Monaco takes it over, once the learner
// pauses, with the caret, the focus and one undo step; an input method's composition is never cut
// short. Monaco is held back by routing its main chunk until the test lets it through.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, readable } from "./support/axe.mjs";
import { browserSession } from "./support/session.mjs";

const ID = "safe-counter";
const CHAPTER = "/en/sync-primitives/";
const root = `[data-exercise="${ID}"]`;
const session = browserSession();

/**
 * heldPage opens the chapter with no draft and Monaco's main chunk held back: it returns the
 * page and `release`, which lets the chunk through.
 */
async function heldPage({ chapter = CHAPTER, width = 1366, height = 800, theme } = {}) {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width, height });
  if (theme) await page.addInitScript((theme) => localStorage.setItem("starlight-theme", theme), theme);
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(/\/editor\.api\.[^/]*\.js$/, (route) => released.then(() => route.continue()));
  await page.goto(session.url(chapter));
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith("synclab:")) localStorage.removeItem(k);
  });
  await page.reload();
  return { page, release };
}

/** clickAt clicks the preview's code at `column` of its first line that contains `text`; it returns that line's index. */
async function clickAt(page, text, column) {
  // Where the character is, once the page stops moving: blocks drawn on the way to the line
  // (content-visibility) change the page's height in the frames after a scroll.
  const where = ([r, text, column, scroll]) => {
    const lines = [...document.querySelectorAll(`${r} [data-role="static"] .ec-line`)];
    const i = lines.findIndex((l) => l.textContent.includes(text));
    if (scroll) lines[i].scrollIntoView({ block: "center" });
    const walker = document.createTreeWalker(lines[i].querySelector(".code"), NodeFilter.SHOW_TEXT);
    let node;
    let seen = 0;
    while ((node = walker.nextNode()) && seen + node.length <= column) seen += node.length;
    const range = document.createRange();
    range.setStart(node, column - seen);
    range.setEnd(node, column - seen + 1);
    const box = range.getBoundingClientRect();
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve({ x: box.left + 1, y: box.top + box.height / 2, line: i, inView: box.top >= 0 && box.bottom <= innerHeight }))));
  };
  for (let tries = 0; tries < 10; tries++) {
    const at = await page.evaluate(where, [root, text, column, true]);
    const again = await page.evaluate(where, [root, text, column, false]);
    if (at.inView && again.x === at.x && again.y === at.y) {
      await page.mouse.click(at.x, at.y);
      return at.line;
    }
  }
  throw new Error(`the line with "${text}" never settled in view`);
}

/** monacoText is the live editor's text as its lines show it (Monaco draws spaces as U+00A0). */
const monacoText = (page) => page.evaluate((r) => [...document.querySelectorAll(`${r} .view-line`)].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => l.textContent.replace(/\u00a0/g, " ")).join("\n"), root);

/** showsText waits until the live editor's text matches `pattern` (a RegExp source) or, with `absent`, stops matching it. */
const showsText = (page, pattern, absent = false) =>
  page.waitForFunction(
    ([r, pattern, absent]) => {
      const text = [...document.querySelectorAll(`${r} .view-line`)].map((l) => l.textContent.replace(/\u00a0/g, " ")).join("\n");
      return new RegExp(pattern).test(text) !== absent;
    },
    [root, pattern, absent],
    { timeout: 10_000 },
  );

const live = (page) => page.waitForFunction((r) => document.querySelector(r)?.dataset.mounted === "live", root, { timeout: 30_000 });

test("before Monaco arrives, a click opens the code for typing where it landed; the typing is saved, and Monaco takes it over with the caret, the focus and one undo step", async () => {
  const { page, release } = await heldPage();
  const line = await clickAt(page, "SafeCounter counts", 3);
  const plain = page.locator(`${root} textarea.sx-plain`);
  assert.equal(await plain.count(), 1, "the plain editor is open");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("sx-plain")), true, "it has the focus");
  await page.keyboard.type("Very ");
  const typed = await plain.inputValue();
  assert.equal(typed.split("\n")[line], " * Very SafeCounter counts events per key. Many goroutines call inc and value at the same time.", "the text went where the click was");
  // Saved as the draft, as the editor saves it: a page closed now keeps it.
  await page.waitForFunction((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code.includes("Very SafeCounter"), ID);

  release();
  await live(page);
  assert.equal(await plain.count(), 0, "Monaco took the plain editor's place");
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".monaco-editor")), true, "the focus went with it");
  await page.keyboard.type("much");
  await showsText(page, "Very muchSafeCounter");
  // One undo takes back what was typed in Monaco, the next one what was typed before it came.
  await page.keyboard.press("Control+z");
  await showsText(page, "much", true);
  assert.match(await monacoText(page), / \* Very SafeCounter counts/);
  await page.keyboard.press("Control+z");
  await showsText(page, "Very", true);
  assert.match(await monacoText(page), / \* SafeCounter counts/);
  await page.close();
});

test("Monaco waits for a pause in the typing and for an input method's composition to end, then takes the composed text", async () => {
  const { page, release } = await heldPage();
  await clickAt(page, "SafeCounter counts", 3);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("sx-plain") ?? false), true, "the click opened the plain editor");
  const cdp = await page.context().newCDPSession(page);
  // A composition under way (pinyin "zhong", not yet chosen) when Monaco arrives.
  await cdp.send("Input.imeSetComposition", { text: "zhong", selectionStart: 5, selectionEnd: 5 });
  release();
  await page.waitForTimeout(1500);
  assert.equal(await page.locator(`${root} textarea.sx-plain`).count(), 1, "no hand-over in the middle of a composition");
  assert.notEqual(await page.evaluate((r) => document.querySelector(r).dataset.mounted, root), "live");
  await cdp.send("Input.insertText", { text: "中" });
  await live(page);
  await showsText(page, "\\* 中SafeCounter");
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".monaco-editor")), true);
  await page.close();
});

test("the plain editor is left with Tab, and Ctrl+Enter there runs what was typed once the editor is live", async () => {
  const { page, release } = await heldPage();
  await clickAt(page, "SafeCounter counts", 0);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("sx-plain") ?? false), true, "the click opened the plain editor");
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText("export class SafeCounter {}\n");
  await page.keyboard.press("Control+Enter");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("sx-plain") ?? false), false, "Tab moved the focus on");
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), "BODY");
  release();
  await live(page);
  const results = page.locator(`${root} [data-role="results"]`);
  await page.waitForFunction((r) => !["running", "idle"].includes(document.querySelector(`${r} [data-role="results"]`)?.dataset.status ?? "idle"), root, { timeout: 60_000 });
  assert.equal(await results.getAttribute("data-status"), "runtime-error", `the typed class has no methods: ${await results.innerText()}`);
  assert.equal(await monacoText(page), "export class SafeCounter {}\n");
  await page.close();
});

test("on a 390 px phone, in Chinese and the dark theme, the keyboard reaches the plain editor; it stays on screen, follows the theme and axe finds nothing serious", async () => {
  const { page, release } = await heldPage({ chapter: "/zh/sync-primitives/", width: 390, height: 844, theme: "dark" });
  // Tab from the control before the editor lands in the plain editor, not on <body>.
  await page.locator(`${root} [data-role="static"]`).scrollIntoViewIfNeeded();
  await page.evaluate((r) => {
    const stops = [...document.querySelectorAll(`${r} button, ${r} [tabindex="0"], ${r} a[href]`)].filter((e) => e.offsetParent !== null);
    const host = document.querySelector(`${r} [data-role="editor"]`);
    stops.filter((e) => e.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1).focus();
  }, root);
  await page.keyboard.press("Tab");
  const plain = page.locator(`${root} textarea.sx-plain`);
  assert.equal(await plain.count(), 1, "the focus opened the plain editor");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("sx-plain")), true, "and it has the focus");
  await page.keyboard.type("// 你好\n");
  assert.match(await plain.inputValue(), /^\/\/ 你好\n/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing is wider than the screen");
  const box = await plain.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the plain editor is on screen: ${JSON.stringify(box)}`);
  const [bg, fg] = await plain.evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
  const lum = (c) => c.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
  assert.ok(lum(bg) < 80 && lum(fg) > 160, `dark background and light text in the dark theme: ${bg} / ${fg}`);
  const v = await axeViolations(page, root);
  assert.deepEqual(v, [], readable("the exercise with its plain editor open", v));
  release();
  await live(page);
  await showsText(page, "^// 你好");
  await page.close();
});
