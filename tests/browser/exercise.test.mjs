// The exercises in the built site, in Debian's Chromium, judged by gosync's simulator inside
// the sandbox: each reference solution passes, each starter fails the way the exercise intends,
// one wrong variant per exercise gets the verdict its `// expect:` header declares; then the
// editor's controls (Run by button and Ctrl+Enter in both languages, drafts across reloads,
// Reset, Hints, Solution, clickable locations). One browser and one page for the file; any
// request that leaves 127.0.0.1 fails the test that made it.
//
// A page's sandbox starts on its first Run (esbuild.wasm, the run workers: seconds), later Runs
// on the page reuse it (a fraction of a second), as a learner's do. So the exercises of a chapter
// are judged on one load of its page, and the tests that need no reload share one page too
// (withCode); the tests about loads (drafts, Reset) and languages load their own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkExpectation } from "../../exercises/schema.ts";
import { loadExercises } from "../../exercises/index.ts";
import { openExercise, openDisclosure, runExercise, putDraft, replaceCode, showExercise, watchStatus, waitForVerdict, answerDialog } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const exercises = new Map(loadExercises().map((ex) => [ex.id, ex]));

/**
 * STARTERS says how each starter must fail: the overall status, a test status some test must
 * end with, and what the results panel must show.
 */
const STARTERS = {
  "safe-counter": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE[\s\S]*solution\.ts:\d+:\d+/ },
  "config-store": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE/ },
  "cleanup-stack": { status: "deadlock", testStatus: "deadlock", pattern: /all goroutines are asleep - deadlock![\s\S]*\[sync\.Mutex\.Lock\]/ },
  "build-waitgroup": { status: "fail", testStatus: "fail", pattern: /Expected/ },
  "worker-pool": { status: "deadlock", testStatus: "deadlock", pattern: /all goroutines are asleep - deadlock!/ },
  "wg-add-inside": { status: "fail", testStatus: "fail", pattern: /Expected/ },
  "goroutine-leak": { status: "fail", testStatus: "leak", pattern: /still alive after the test returned/ },
  "context-timeout": { status: "fail", testStatus: "fail", pattern: /Expected/ },
  "batch-jobs": { status: "deadlock", testStatus: "deadlock", pattern: /all goroutines are asleep - deadlock!/ },
  "fetch-all": { status: "deadlock", testStatus: "deadlock", pattern: /all goroutines are asleep - deadlock![\s\S]*\[chan receive \(nil chan\)\]/ },
  "close-every-path": { status: "fail", testStatus: "fail", pattern: /files not closed exactly once/ },
  "atomic-counter": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE[\s\S]*solution\.ts:\d+:\d+/ },
  "load-once-cache": { status: "fail", testStatus: "race", pattern: /WARNING: DATA RACE[\s\S]*solution\.ts:\d+:\d+/ },
  "contended-lock": { status: "fail", testStatus: "fail", pattern: /took 320 ms of virtual time/ },
  crawler: { status: "fail", testStatus: "fail", pattern: /URLs fetched more than once/ },
};

/** WRONG names one wrong variant per exercise, chosen so that the six cover every detector. */
const WRONG = {
  "safe-counter": "split-critical-section",
  "config-store": "unlocked-reads",
  "cleanup-stack": "release-stops-at-first-error",
  "build-waitgroup": "unlocked-done",
  "worker-pool": "deferred-done-no-catch",
  "wg-add-inside": "add-once",
  "goroutine-leak": "buffer-of-one",
  "context-timeout": "own-timer",
  "batch-jobs": "jobs-never-closed",
  "fetch-all": "read-error-discarded",
  "close-every-path": "deferred-close-unchecked",
  "atomic-counter": "load-then-store-peak",
  "load-once-cache": "lock-held-across-load",
  "contended-lock": "recursive-rlock",
  crawler: "slot-held-below",
};

let page;
const session = browserSession({ page: true, ready: (s) => (page = s.page) });

const pageOf = (id, lang = "en") => session.url(`/${lang}/${exercises.get(id).config.chapter}/`);
const root = (id) => page.locator(`[data-exercise="${id}"]`);

/** clearDraft removes the exercise's draft, so the editor starts from the starter. */
async function clearDraft(id) {
  await page.evaluate((id) => localStorage.removeItem(`synclab:draft:${id}`), id);
}

/**
 * withCode shows exercise id, live, with code in its editor: on the page already loaded when it
 * is the exercise's chapter (code pasted in, see replaceCode), else on a fresh load with code as
 * the draft. Either way the editor holds exactly code; only a load starts a new sandbox.
 */
async function withCode(id, code, lang = "en") {
  const url = pageOf(id, lang);
  if (page.url() === url) {
    await showExercise(page, id);
    await replaceCode(page, id, code);
    return;
  }
  await page.goto(url);
  await putDraft(page, id, code);
  await openExercise(page, url, id);
}

/** testsShown reads the per-test results from the panel: [{ name, status }], name with its describe blocks. */
function testsShown(id) {
  return root(id)
    .locator(".sx-test")
    .evaluateAll((items) => items.map((li) => ({ name: li.dataset.testName ?? "", status: li.dataset.testStatus })));
}

/**
 * panelFacts reads what the results panel holds, collapsed disclosures included (textContent,
 * not innerText): the whole text, and per test its text and its detector reports.
 */
function panelFacts(id) {
  return root(id)
    .locator('[role="status"]')
    .evaluate((region) => ({
      text: region.textContent ?? "",
      tests: Array.from(region.querySelectorAll(".sx-test"), (li) => ({
        name: li.dataset.testName,
        status: li.dataset.testStatus,
        text: li.textContent ?? "",
        reports: Array.from(li.querySelectorAll(".sx-report"), (f) => ({ kind: f.dataset.kind, text: f.querySelector("pre")?.textContent ?? "" })),
      })),
    }));
}

/** count tells how many times needle occurs in text. */
const count = (text, needle) => text.split(needle).length - 1;

/** JSON_KEY matches a serialized gosync report or trace event, which the panel must never show. */
const JSON_KEY = /[{,]\s*"(outcome|races|leaks|leakText|dump|trace|addr|current|previous|goroutines|steps|step|kind|schedule)"\s*:/;

/** assertReportsShownOnce checks that every detector report of the panel appears exactly once, as Go prints it. */
function assertReportsShownOnce(facts, label) {
  assert.doesNotMatch(facts.text, JSON_KEY, `${label}: the panel shows raw JSON:\n${facts.text}`);
  for (const t of facts.tests) {
    const races = t.reports.filter((r) => r.kind === "race");
    for (const r of races) assert.equal(count(r.text, "WARNING: DATA RACE"), 1, `${label} / ${t.name}: one race per block:\n${r.text}`);
    assert.equal(count(t.text, "WARNING: DATA RACE"), races.length, `${label} / ${t.name}: each race is shown once, in its own block:\n${t.text}`);
    const deadlocks = t.reports.filter((r) => r.kind === "deadlock");
    assert.equal(count(t.text, "all goroutines are asleep - deadlock!"), deadlocks.length, `${label} / ${t.name}: the deadlock is shown once:\n${t.text}`);
    for (const r of deadlocks) {
      assert.match(r.text, /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[/, `${label} / ${t.name}: the dump follows Go's fatal error`);
      for (const g of r.text.match(/^goroutine \d+ \[/gm)) assert.equal(count(t.text, g), 1, `${label} / ${t.name}: "${g}" is dumped once:\n${t.text}`);
    }
    if (t.status === "race") assert.ok(races.length > 0, `${label} / ${t.name}: a race test shows its race report`);
    if (t.status === "deadlock") assert.equal(deadlocks.length, 1, `${label} / ${t.name}: a deadlocked test shows one dump`);
    if (t.status === "leak") {
      const leaks = t.reports.filter((r) => r.kind === "leak");
      assert.equal(leaks.length, 1, `${label} / ${t.name}: a leaking test shows one leak list`);
      assert.match(leaks[0].text, /^goroutine \d+ \[[^\]]+\]:\n\tsolution\.ts:\d+:\d+/, `${label} / ${t.name}: each leaked goroutine with its wait reason and where it blocked`);
      for (const g of leaks[0].text.match(/^goroutine \d+ \[/gm)) assert.equal(count(t.text, g), 1, `${label} / ${t.name}: "${g}" is listed once:\n${t.text}`);
    }
  }
}

/** editorText is what Monaco shows (it renders spaces as no-break spaces; they are turned back). */
function editorText(id) {
  return root(id).locator(".view-lines").evaluate((el) => (el.textContent ?? "").replace(/\u00a0/g, " "));
}

/** savedCode reads the learner's code as saved (drafts are written 250 ms after typing, and at once on Run/Reset/Solution). */
async function savedCode(id) {
  return page.evaluate((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code ?? null, id);
}

for (const id of Object.keys(STARTERS)) {
  test(`${id}: the starter fails as intended, the reference solution passes, and ${WRONG[id]} gets its declared verdict`, async () => {
    const ex = exercises.get(id);
    assert.ok(ex, `exercise ${id} exists`);
    // The chapter's page, loaded once for all its exercises with none of their drafts: each
    // editor shows its starter, as on a first visit.
    if (page.url() !== pageOf(id)) {
      await page.goto(pageOf(id));
      const chapter = ex.config.chapter;
      const ids = [...exercises.values()].filter((e) => e.config.chapter === chapter).map((e) => e.id);
      await page.evaluate((ids) => ids.forEach((id) => localStorage.removeItem(`synclab:draft:${id}`)), ids);
      await page.goto(pageOf(id));
    }
    await showExercise(page, id);
    assert.equal(await savedCode(id), null, "no draft: the editor shows the starter");

    const want = STARTERS[id];
    const starter = await runExercise(page, id);
    assert.equal(starter.status, want.status, `starter status; the panel said:\n${starter.text}`);
    const starterTests = await testsShown(id);
    assert.ok(starterTests.some((t) => t.status === want.testStatus), `some test ends as ${want.testStatus}: ${JSON.stringify(starterTests)}`);
    assert.match(starter.text, want.pattern);
    assertReportsShownOnce(await panelFacts(id), `${id} starter`);

    // Solution: offered after the failed Run, behind an in-page confirmation.
    const solutionButton = root(id).locator('[data-action="solution"]');
    await assert.doesNotReject(solutionButton.waitFor({ state: "visible", timeout: 5000 }));
    await solutionButton.click();
    await answerDialog(page, id, true);
    const solved = await runExercise(page, id);
    assert.equal(solved.status, "pass", `reference solution; the panel said:\n${solved.text}`);
    const solvedTests = await testsShown(id);
    assert.ok(solvedTests.length > 0 && solvedTests.every((t) => t.status === "pass"), JSON.stringify(solvedTests));
    assert.equal(await savedCode(id), ex.solution, "the editor held the reference solution");

    const variant = ex.wrong.find((w) => w.name === WRONG[id]);
    assert.ok(variant, `wrong variant ${WRONG[id]} exists`);
    await replaceCode(page, id, variant.code);
    const wrong = await runExercise(page, id);
    const problem = checkExpectation({ status: wrong.status, tests: await testsShown(id) }, variant.expect);
    assert.equal(problem, undefined, `${variant.file}: ${problem}; the panel said:\n${wrong.text}`);
    if (variant.expect.kind === "deadlock") assert.match(wrong.text, /fatal error: all goroutines are asleep - deadlock!/);
    if (variant.expect.kind === "race") assert.match(wrong.text, /WARNING: DATA RACE/);
    assertReportsShownOnce(await panelFacts(id), `${id} ${variant.name}`);
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

  await withCode(id, exercises.get(id).starter);
  await assert.doesNotReject(root(id).getByRole("button", { name: "Run", exact: true }).waitFor());
  await root(id).locator(".monaco-editor .view-lines").click();
  const status = root(id).locator('[role="status"]');
  await watchStatus(page, id);
  await page.keyboard.press("Control+Enter");
  await waitForVerdict(page, id);
  assert.equal(await status.getAttribute("data-status"), "fail");
});

test("a Run pressed while the editor loads, the loading started by scrolling to it, is kept and runs once the editor is live (button and Ctrl+Enter)", async () => {
  const id = "safe-counter";
  const monacoChunk = /\/_astro\/editor\.api\.[^/]*\.js$/;
  for (const press of ["the Run button", "Ctrl+Enter"]) {
    // Monaco's chunk is held back until the Run is pressed, so the press lands while it loads.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const answered = [];
    await page.route(monacoChunk, (route) => void answered.push(held.then(() => route.continue())));
    try {
      await page.goto(pageOf(id));
      await root(id).scrollIntoViewIfNeeded();
      await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "loading", id);
      const run = root(id).getByRole("button", { name: "Run", exact: true });
      if (press === "Ctrl+Enter") {
        await run.focus();
        await page.keyboard.press("Control+Enter");
      } else {
        await run.click();
      }
      assert.equal(await root(id).getAttribute("data-mounted"), "loading", `${press} was pressed while the editor loaded`);
    } finally {
      release();
      await Promise.all(answered);
      await page.unroute(monacoChunk);
    }
    // The results panel is replaced when the editor mounts: looked up afresh on each poll.
    const verdict = page.waitForFunction(
      (id) => {
        const status = document.querySelector(`[data-exercise="${id}"] [role="status"]`)?.dataset.status;
        return status !== undefined && status !== "idle" && status !== "running" && status;
      },
      id,
      { timeout: 60_000 },
    );
    await assert.doesNotReject(verdict, `the Run pressed with ${press} while the editor loaded ends in a verdict`);
  }
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
  await reset.click();
  assert.match(await answerDialog(page, id, false), /starter/i);
  assert.match(await savedCode(id), /keep me/);
  await reset.click();
  await answerDialog(page, id, true);
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

  await withCode(id, ex.solution);
  assert.equal((await runExercise(page, id)).status, "pass");
  assert.equal(await solution.isVisible(), false, "a passing Run does not offer the Solution");
  await clearDraft(id);
});

/**
 * clickLandsAt clicks a location button, types a marker where the cursor lands, and checks
 * that the saved draft has the marker at the button's line:column and nowhere else; then it
 * removes the marker again.
 */
async function clickLandsAt(id, button, marker) {
  const [, line, column] = /:(\d+):(\d+)$/.exec(await button.innerText()).map(Number);
  const before = await savedCode(id);
  await button.click();
  await page.keyboard.type(marker);
  await page.waitForFunction(({ id, marker }) => (localStorage.getItem(`synclab:draft:${id}`) ?? "").includes(marker), { id, marker });
  const lines = (await savedCode(id)).split("\n");
  assert.equal(lines[line - 1].indexOf(marker) + 1, column, `the marker landed at ${line}:${column}: ${lines[line - 1]}`);
  if (before !== null) assert.equal(lines.join("\n").replace(marker, ""), before, "only the marker was typed");
  for (let i = 0; i < marker.length; i++) await page.keyboard.press("Backspace");
  await page.waitForFunction(({ id, marker }) => !(localStorage.getItem(`synclab:draft:${id}`) ?? marker).includes(marker), { id, marker });
}

test("a location in the results moves the editor's cursor there", async () => {
  const id = "safe-counter";
  await withCode(id, exercises.get(id).starter);
  await runExercise(page, id);
  await clickLandsAt(id, root(id).locator(".sx-loc", { hasText: /^solution\.ts:\d+:\d+$/ }).first(), "@@");

  // A location inside a race report (the "Previous write at" of the first race) moves it too.
  assert.equal((await runExercise(page, id)).status, "fail");
  await clickLandsAt(id, root(id).locator(".sx-report pre").first().locator("button.sx-loc").nth(1), "##");
  // hidden.test.ts is not in the editor: its locations open the Tests tab, where a failed test shows its code.
  const hidden = root(id).locator(".sx-loc", { hasText: /^hidden\.test\.ts:\d+:\d+$/ }).first();
  await hidden.click();
  assert.equal(await root(id).getByRole("tab", { name: /^Tests/ }).getAttribute("aria-selected"), "true");
  await clearDraft(id);
});

test("a data race is shown once per race, as Go prints it, with no JSON; its replay trace is collapsed until opened", async () => {
  const id = "safe-counter";
  await withCode(id, exercises.get(id).starter);
  assert.equal((await runExercise(page, id)).status, "fail");
  const facts = await panelFacts(id);
  assertReportsShownOnce(facts, "safe-counter starter");
  assert.ok(!facts.text.includes("{"), `no JSON anywhere in the panel:\n${facts.text}`);
  const raced = facts.tests.filter((t) => t.status === "race");
  assert.ok(raced.length > 0, JSON.stringify(facts.tests.map((t) => t.status)));
  for (const t of raced) {
    const race = t.reports.find((r) => r.kind === "race");
    assert.match(race.text, /^={10,}\nWARNING: DATA RACE\n(Read|Write) at \S+ by (main goroutine|goroutine \d+):\n {2}solution\.ts:\d+:\d+\n\nPrevious (read|write) at \S+ by (main goroutine|goroutine \d+):\n {2}solution\.ts:\d+:\d+\n\nGoroutine \d+ \((running|finished)\) created at:\n/, race.text);
    // as found, or shrunk before it is shown (harness.ts: sim.shrink)
    assert.match(t.text, /Failing schedule: (random, seed \d+, found (on the first run|after \d+ runs)|found on run \d+ \(strategy random, seed \d+\), shrunk to \d+ preemptions? \(from \d+\) and \d+ steps \(from \d+\))/);
  }

  // The replay trace: one collapsed disclosure per failing test. A Run leaves the traces out
  // (Limits.traceFailures); opening one asks for it and shows the events as a table.
  const firstRace = root(id).locator('.sx-test[data-test-status="race"]').first();
  const replay = firstRace.locator("details.sx-replay");
  assert.equal(await replay.count(), 1);
  assert.equal(await replay.evaluate((d) => d.open), false, "collapsed by default");
  assert.ok(!(await root(id).locator('[role="status"]').innerText()).includes("Goroutine\tEvent"), "no trace table is visible before opening");
  await openDisclosure(replay);
  await replay.locator("table thead th").first().waitFor({ timeout: 10_000 });
  assert.match(await replay.locator("summary").innerText(), /\(\d+ events, \d+ ms of virtual time\)/, "the summary counts the events once they are there");
  const headers = await replay.locator("table thead th").allInnerTexts();
  assert.deepEqual(headers, ["Step", "Time", "Goroutine", "Event", "Detail", "Location"]);
  const rows = await replay.locator("table tbody tr:not(.sx-trace-mark)").evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.ok(rows.length > 3, `trace rows: ${rows.length}`);
  for (const r of rows) {
    assert.equal(r.length, 6, JSON.stringify(r));
    assert.match(r[0], /^\d+$/, `step: ${JSON.stringify(r)}`);
    assert.match(r[1], /^\d+ ms$/, `virtual time: ${JSON.stringify(r)}`);
    assert.match(r[3], /^[a-z]+$/, `event: ${JSON.stringify(r)}`);
  }
  assert.ok(rows.some((r) => r[3] === "go" && /goroutine \d+/.test(r[4])), "go events name the goroutine they create");
  assert.ok(rows.some((r) => /^(solution|hidden\.test)\.ts:\d+:\d+$/.test(r[5])), "events carry their location");
});

test("a deadlock shows Go's fatal error and the goroutine dump once, every goroutine once", async () => {
  const id = "safe-counter";
  const variant = exercises.get(id).wrong.find((w) => w.expect.kind === "deadlock");
  assert.ok(variant, "safe-counter has a deadlock variant");
  await withCode(id, variant.code);
  assert.equal((await runExercise(page, id)).status, "deadlock");
  const facts = await panelFacts(id);
  assertReportsShownOnce(facts, `${id} ${variant.name}`);
  const dead = facts.tests.filter((t) => t.status === "deadlock");
  assert.ok(dead.length > 0);
  for (const t of dead) {
    assert.equal(count(t.text, "fatal error: all goroutines are asleep - deadlock!"), 1, t.text);
    const dump = t.reports.find((r) => r.kind === "deadlock").text;
    assert.match(dump, /^goroutine \d+ \[sync\.Mutex\.Lock\]:\n\tsolution\.ts:\d+:\d+/m, `the goroutines blocked in Lock, with where:\n${dump}`);
  }
  assert.equal(count(facts.text, "all goroutines are asleep - deadlock!"), dead.length, "one dump per deadlocked test, none elsewhere");
  await clearDraft(id);
});

test("a Run that takes a while shows which test it explores and how many are done, then the verdict", async () => {
  const id = "safe-counter";
  // The reference solution with a CPU-bound pause in every increment: a few seconds of judging.
  // The pause's result is used: a hot JIT drops a loop whose result nobody reads (it did once the
  // Run's globals became local constants), and the re-Run below would then not last seconds.
  const slow = exercises.get(id).solution.replace(/(async inc\(key: string\): Promise<void> \{)/, "$1\n    let spun = 0;\n    for (let spin = 0; spin < 20_000; spin++) spun += Math.sqrt(spin);\n    if (spun < 0) throw new Error(\"never\");");
  assert.notEqual(slow, exercises.get(id).solution, "the solution's inc was found and slowed down");
  await withCode(id, slow);
  const seen = await page.evaluate(async (id) => {
    const region = document.querySelector(`[data-exercise="${id}"] [role="status"]`);
    const progress = [];
    const watch = new MutationObserver(() => {
      const bar = region.querySelector("progress");
      if (bar) progress.push({ value: bar.value, max: bar.max, text: region.querySelector(".sx-progress")?.textContent ?? "" });
    });
    watch.observe(region, { childList: true, subtree: true });
    document.querySelector(`[data-exercise="${id}"] [data-action="run"]`).click();
    await new Promise((resolve) => {
      const check = () => (region.dataset.status !== "running" && region.dataset.status !== "idle" ? resolve() : setTimeout(check, 20));
      check();
    });
    watch.disconnect();
    return { progress, status: region.dataset.status };
  }, id);
  assert.equal(seen.status, "pass");
  assert.ok(seen.progress.length > 0, "a progress bar was shown while the tests were explored");
  const total = seen.progress[0].max;
  assert.ok(total >= 5 && seen.progress.every((p) => p.max === total && p.value >= 0 && p.value <= total), JSON.stringify(seen.progress));
  assert.ok(seen.progress.some((p) => new RegExp(`\\d of ${total} tests — SafeCounter > `).test(p.text)), `the test being explored is named: ${JSON.stringify(seen.progress)}`);

  // Run again: the verdict on screen stays as it is for the Run's first 100 ms (a warm Run is
  // over by then and swaps verdicts in one frame), then dims under the progress line.
  const again = await page.evaluate(async (id) => {
    const region = document.querySelector(`[data-exercise="${id}"] [role="status"]`);
    let drawnAfter;
    const t0 = performance.now();
    const watch = new MutationObserver(() => {
      if (drawnAfter === undefined && region.querySelector(".sx-running")) drawnAfter = performance.now() - t0;
    });
    watch.observe(region, { childList: true, subtree: true });
    document.querySelector(`[data-exercise="${id}"] [data-action="run"]`).click();
    const atClick = { status: region.dataset.status, line: !!region.querySelector(".sx-running"), dimmed: region.classList.contains("sx-stale") };
    await new Promise((resolve) => {
      const check = () => (region.dataset.status !== "running" ? resolve() : setTimeout(check, 20));
      check();
    });
    watch.disconnect();
    return { atClick, drawnAfter, status: region.dataset.status, dimmedAfter: region.classList.contains("sx-stale") };
  }, id);
  assert.deepEqual(again.atClick, { status: "running", line: false, dimmed: false }, "at the click: running, the last verdict untouched");
  assert.ok(again.drawnAfter >= 90, `the progress line was drawn ${again.drawnAfter} ms after the click (expected after 100 ms, the Run lasting seconds)`);
  assert.equal(again.status, "pass");
  assert.equal(again.dimmedAfter, false, "the new verdict is not dimmed");
  await clearDraft(id);
});

test("every Run is \"running\" in at least one animation frame, even one judged within a frame", async () => {
  // A compile error of code compiled ahead of the Run is answered in a few ms, well within one
  // frame: the panel must still be seen "running" by a check made once a frame (as Playwright's
  // waitForFunction polls), and then show the verdict.
  const id = "safe-counter";
  await withCode(id, `${exercises.get(id).starter}\nconst broken = ;\n`);
  const first = await runExercise(page, id);
  assert.equal(first.status, "compile-error", first.text);
  const runs = [];
  for (let i = 0; i < 8; i++) {
    runs.push(
      await page.evaluate(async (id) => {
        const region = document.querySelector(`[data-exercise="${id}"] [role="status"]`);
        const frames = [];
        let watching = true;
        const everyFrame = () => {
          frames.push(region.dataset.status);
          if (watching) requestAnimationFrame(everyFrame);
        };
        await new Promise((r) => requestAnimationFrame(r));
        requestAnimationFrame(everyFrame);
        const t0 = performance.now();
        document.querySelector(`[data-exercise="${id}"] [data-action="run"]`).click();
        await new Promise((resolve) => {
          const check = () => (region.dataset.status !== "running" ? resolve() : setTimeout(check, 1));
          check();
        });
        const ms = performance.now() - t0;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        watching = false;
        return { ms: Math.round(ms), frames, status: region.dataset.status };
      }, id),
    );
  }
  for (const [i, r] of runs.entries()) {
    assert.equal(r.status, "compile-error", `Run ${i + 1}`);
    assert.ok(r.frames.includes("running"), `Run ${i + 1} (verdict after ${r.ms} ms) was never "running" in a frame: ${JSON.stringify(r.frames)}`);
  }
  await clearDraft(id);
});
