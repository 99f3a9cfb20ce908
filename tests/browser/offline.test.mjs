// The site installed for offline use: one visit while online, then the server is stopped and the
// browser cut from the network (CDP), and a chapter never opened before still loads, search
// finds, and an exercise's Run is judged — the editor, esbuild.wasm and the gosync runtime all
// come from the service worker's precache. Drafts survive in localStorage throughout.
//
// Both tests use one copy of the build, served on one origin: saving the whole site (~34 MB) for
// offline use is most of their time, and the new deploy finds it saved when the first test ran
// (run alone, it saves it first). The copy is what a new deploy changes.
import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DIST } from "./support/site.mjs";
import { startServer } from "../../scripts/serve.mjs";
import { launch, openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { loadExercises } from "../../exercises/index.ts";

const exercise = loadExercises().find((ex) => ex.id === "safe-counter");

/** root is the copy of the build the tests serve (and deploy anew); port, the one origin's port. */
let root;
let port;
let site;
let browser;
before(async () => {
  root = mkdtempSync(join(tmpdir(), "synclab-deploy-"));
  cpSync(DIST, root, { recursive: true });
  if (!existsSync(join(root, "sandbox.html"))) throw new Error(`${DIST}/sandbox.html is missing: run \`npm run build\` first`);
  site = await startServer({ root, port: 0 });
  port = site.port;
  browser = await launch({ serviceWorkers: "allow" });
});
after(async () => {
  await browser?.close();
  if (site) await stop(site);
  if (root) rmSync(root, { recursive: true, force: true });
});

/**
 * stop stops the server at once, dropping every connection: close() alone lets a kept-alive
 * connection go on serving, and waits for a socket the browser opened ahead of need (a
 * preconnect, which sends no request) until Node's headers timeout drops it — 60 s, checked every
 * 30 s: the new-deploy test's 104 s in CI was that wait.
 */
async function stop(served) {
  const closed = served.close();
  served.server.closeAllConnections();
  await closed;
}

/** serveAgain serves the copy again on the same port: a new deploy keeps the site's origin. */
async function serveAgain() {
  const served = await startServer({ root, port });
  assert.equal(served.port, port, `the copy is served again on port ${port}, not ${served.port}`);
  return served;
}

/**
 * offlineState waits for the footer's offline line to reach `state` and returns its text. Saving
 * the whole site (~34 MB, 116 files) and installing a new worker beside it take tens of seconds
 * on a busy 2-core machine: the wait is generous, the test asserts states, not speed.
 */
async function offlineState(page, state, timeout = 180_000) {
  const line = page.locator(`[data-offline-status][data-state="${state}"]`);
  await line.waitFor({ state: "visible", timeout });
  return line.innerText();
}

describe("offline after the first visit", () => {
  it("says when the site is saved, then works with the server stopped and the network cut", async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));

    await page.goto(`http://127.0.0.1:${port}/en/sync-primitives/`);
    const saving = await offlineState(page, "saving", 30_000).catch(() => "");
    const ready = await offlineState(page, "ready");
    assert.match(ready, /Available offline/, `the footer says the site is ready offline (saw ${JSON.stringify(saving)} first)`);

    // The learner's draft is in localStorage before the network goes.
    await putDraft(page, exercise.id, exercise.solution);

    await stop(site);
    site = undefined;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // A page not visited before, in the other language, from the precache.
    const res = await page.goto(`http://127.0.0.1:${port}/zh/pitfalls/`);
    assert.ok(res === null || res.ok() || res.fromServiceWorker(), `the Chinese chapter 3 loads offline (status ${res?.status()})`);
    assert.match(await page.locator("h1").first().innerText(), /\S/, "the page has its title");
    assert.match(await offlineState(page, "ready", 30_000), /离线/, "the Chinese footer says it is ready offline");

    // The exercise, judged offline: Monaco, esbuild.wasm, the sandbox and gosync from the cache.
    const origin = new URL(page.url()).origin;
    await openExercise(page, `${origin}/en/sync-primitives/`, exercise.id, 60_000);
    const verdict = await runExercise(page, exercise.id, 60_000);
    assert.equal(verdict.status, "pass", `the reference solution (restored from the draft) passes offline; the panel says:\n${verdict.text}`);
    assert.deepEqual(errors, [], errors.join("\n"));
    await page.close();
  });
});

describe("a new deploy", () => {
  it("offers the update, takes it on request, and keeps the learner's draft", async () => {
    // The served copy of the build stands for the deployed site; changing its sw.js is a new deploy.
    site ??= await serveAgain(); // the first test stopped it
    const page = await browser.context.newPage();
    try {
      const url = `http://127.0.0.1:${port}/en/defer-waitgroup/`;
      await page.goto(url);
      await offlineState(page, "ready");
      const draft = "// my draft, written before the update\n";
      await putDraft(page, exercise.id, draft);

      // The next deploy, on the same origin (the server indexes its files when it starts).
      await stop(site);
      site = undefined;
      appendFileSync(join(root, "sw.js"), "\n// the next deploy\n");
      rmSync(join(root, "sw.js.br"));
      rmSync(join(root, "sw.js.gz"));
      site = await serveAgain();
      await page.reload();
      assert.match(await offlineState(page, "update"), /new version/, "the footer offers the new version");

      const reloaded = page.waitForEvent("load");
      await page.locator("[data-offline-update]").first().click();
      await reloaded;
      await offlineState(page, "ready");
      const kept = await page.evaluate((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code, exercise.id);
      assert.equal(kept, draft, "the draft is still in the browser after the update");
    } finally {
      await page.close();
    }
  });
});
