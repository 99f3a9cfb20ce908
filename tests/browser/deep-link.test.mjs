// A link to an exercise (issue 9's deep-link bar), in Debian's Chromium against the built site:
// the page's <head> starts esbuild.wasm's download before any of its module scripts has run
// (site/components/Head.astro), the sandbox's own fetch takes that download over instead of
// asking again, and the first Run is judged; a page opened without such a link asks for none of
// it up front. Every module the page's scripts import is listed in its <head>
// (site/plugins/modulepreload), so none waits for the module that imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { replaceCode, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const session = browserSession();
const id = "safe-counter";
const chapter = "/en/sync-primitives/";

/** wasmRequests records every request of the page (its workers and frames included) for esbuild.wasm. */
function wasmRequests(page) {
  const seen = [];
  page.on("request", (r) => {
    if (/\/esbuild\.[^/]*\.wasm$/.test(new URL(r.url()).pathname)) seen.push(r.url());
  });
  return seen;
}

test("a link to an exercise's heading preloads esbuild.wasm from the page's head, fetches it once, and its first Run is judged", async () => {
  const page = await session.browser.context.newPage();
  const requests = wasmRequests(page);
  await page.goto(session.url(`${chapter}#exercise-${id}-title`), { waitUntil: "domcontentloaded" });
  const preload = await page.evaluate(() => {
    const link = document.head.querySelector('link[rel="preload"][as="fetch"]');
    return link && { href: new URL(link.href).pathname, crossOrigin: link.crossOrigin };
  });
  assert.ok(preload, "the head has a fetch preload");
  assert.match(preload.href, /^\/_astro\/esbuild\.[^/]+\.wasm$/);
  assert.equal(preload.crossOrigin, "anonymous", "a fetch() reuses only a preload in its own mode (cors, same-origin credentials)");
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 30_000 });
  const { status } = await runExercise(page, id);
  assert.equal(status, "fail", "the starter fails its hidden tests");
  assert.equal(requests.length, 1, `esbuild.wasm was asked for ${requests.length} times: ${requests.join(", ")}`);
  await page.close();
});

test("the starter's first Run is judged before esbuild.wasm arrives, from the files the site compiled at build; a Run that needs the wasm says why it could not have it", async () => {
  const held = await session.browser.context.newPage();
  // The wasm does not answer until let through: only a Run that needs no esbuild can end.
  let letThrough;
  const wasmAsked = new Promise((resolve) => (letThrough = resolve));
  await held.route(/\/esbuild\.[^/]*\.wasm$/, (route) => wasmAsked.then(() => route.continue()));
  await held.goto(session.url(`${chapter}#exercise-${id}-title`), { waitUntil: "domcontentloaded" });
  await held.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 30_000 });
  const { status } = await runExercise(held, id);
  assert.equal(status, "fail", "the starter is judged (it fails its hidden tests) while esbuild.wasm is still on its way");
  // Edited code must compile: its Run waits for the wasm, and is judged once it has come.
  await replaceCode(held, id, "export class SafeCounter {}\n");
  const results = held.locator(`[data-exercise="${id}"] [data-role="results"]`);
  await held.locator(`[data-exercise="${id}"] [data-action="run"]`).click();
  await held.waitForTimeout(500);
  assert.equal(await results.getAttribute("data-status"), "running", "an edited Run waits for esbuild.wasm");
  letThrough();
  await held.waitForFunction((id) => !["running", "idle"].includes(document.querySelector(`[data-exercise="${id}"] [data-role="results"]`)?.dataset.status ?? "idle"), id, { timeout: 30_000 });
  assert.equal(await results.getAttribute("data-status"), "runtime-error", `the edited Run, judged once esbuild.wasm came: ${await results.innerText()}`);
  await held.close();

  const refused = await session.browser.context.newPage();
  await refused.route(/\/esbuild\.[^/]*\.wasm$/, (route) => route.abort());
  await refused.goto(session.url(`${chapter}#exercise-${id}-title`), { waitUntil: "domcontentloaded" });
  await refused.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 30_000 });
  await replaceCode(refused, id, "export class SafeCounter {}\n");
  const edited = await runExercise(refused, id);
  assert.equal(edited.status, "internal-error", `an edited Run without esbuild.wasm: ${edited.text}`);
  assert.match(edited.text, /esbuild\.wasm could not be had .*: the next Run tries again/);
  await refused.close();
});

test("a share link preloads esbuild.wasm as well; a page opened on no exercise asks for none of it before the exercise nears", async () => {
  const shared = await session.browser.context.newPage();
  // The link's code need not decode: the preload only reads which exercise the fragment names.
  await shared.goto(session.url(`${chapter}#share:${id}:x`), { waitUntil: "domcontentloaded" });
  assert.equal(await shared.locator('head link[rel="preload"][as="fetch"]').count(), 1);
  await shared.close();

  const plain = await session.browser.context.newPage();
  const requests = wasmRequests(plain);
  await plain.goto(session.url(chapter));
  await plain.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 })));
  assert.equal(await plain.locator('head link[rel="preload"][as="fetch"]').count(), 0);
  assert.deepEqual(requests, [], "no esbuild.wasm before the exercise nears the viewport");
  await plain.close();
});

test("the chapter's head lists the island's module among the modules its scripts import, so it loads beside them", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(session.url(chapter));
  const preloads = await page.evaluate(() => Array.from(document.head.querySelectorAll('link[rel="modulepreload"]'), (l) => new URL(l.href).pathname));
  assert.ok(preloads.some((p) => /^\/_astro\/island\.[^/]+\.js$/.test(p)), `modulepreloads: ${preloads.join(", ")}`);
  const scripts = await page.evaluate(() => Array.from(document.querySelectorAll('script[type="module"][src]'), (s) => new URL(s.src).pathname));
  assert.deepEqual(preloads.filter((p) => scripts.includes(p)), [], "a module the page already names as a script is not listed again");
  await page.close();
});
