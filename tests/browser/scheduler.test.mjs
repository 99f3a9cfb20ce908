// Be the scheduler (issue 12), in Debian's Chromium against the built site: from the
// wg-add-inside exercise's failing Run, its toolbar's link opens the code in the playground being
// the scheduler; choosing main's Wait before any goroutine's Add reproduces by hand the failure
// the exercise's tests reported; Undo goes back to the same decision; the share link of a
// hand-made schedule replays it; a deadlock and a leak are said when the schedule reaches them.
// Also the playground's leftovers: pct's depth and a bounded
// search's bound travel in the share link and reproduce; the playground is in the sidebar in both
// languages; the panel works with the keyboard, at 390 px, and axe finds nothing serious.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeProgram, programFragment } from "../../site/playground/share.ts";
import { openExercise, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";
import { axeViolations, readable } from "./support/axe.mjs";
import { ABBA_DEADLOCK } from "./support/programs.mjs";

const ID = "wg-add-inside";
const session = browserSession();
const url = (path) => session.url(path);
const panel = (page) => page.locator('[data-playground] [data-role="scheduler"]');

/** settled waits until the scheduler panel has drawn a move (paused at a decision, or ended) and returns what it shows. */
async function settled(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-playground] [data-role="scheduler"]');
    return p && !p.hidden && (p.dataset.state === "paused" || p.dataset.state === "ended") && !p.hasAttribute("aria-busy") && document.querySelector("[data-playground] .synclab-timeline");
  }, null, { timeout: 90_000 });
  return page.evaluate(() => {
    const p = document.querySelector('[data-playground] [data-role="scheduler"]');
    return {
      state: p.dataset.state,
      status: p.dataset.status,
      said: p.querySelector('[data-role="sched-status"]').textContent,
      question: p.querySelector('[data-role="sched-question"]').textContent,
      options: [...p.querySelectorAll(".pg-sched-option")].map((b) => ({ choice: Number(b.dataset.choice), g: b.dataset.g === undefined ? undefined : Number(b.dataset.g), line: b.dataset.line, text: b.querySelector("span").textContent })),
      choices: p.querySelector('[data-role="sched-choices"]').textContent,
      lanes: [...document.querySelectorAll("[data-playground] .tl-heads li")].map((li) => Number(li.dataset.g)),
    };
  });
}

/** choose clicks the option that runs goroutine g and waits for the next move. */
async function choose(page, g) {
  await panel(page).locator(`.pg-sched-option[data-g="${g}"]`).click();
  return settled(page);
}

const lineOf = (code, text) => code.split("\n").findIndex((l) => l.includes(text)) + 1;

test("from wg-add-inside's failing Run, being the scheduler reproduces its failure by hand: main's Wait before any goroutine's Add", async () => {
  const page = await session.browser.context.newPage();
  await openExercise(page, url("/en/pitfalls/"), ID);
  const ran = await runExercise(page, ID, 60_000);
  assert.equal(ran.status, "fail", ran.text);
  // The exercise's own report of the test: the message its hidden test failed with.
  const exerciseSaid = await page.locator(`[data-exercise="${ID}"] [data-role="results"]`).innerText();
  const link = page.locator(`[data-exercise="${ID}"] .sx-after a.sx-scheduler`);
  await link.waitFor();
  assert.match(await link.textContent(), /Be the scheduler for “processAll > returns every item's result, in item order” in the playground/);
  const starter = await page.evaluate((id) => JSON.parse(document.querySelector(`[data-exercise="${id}"] script[data-role="data"]`).textContent).starter, ID);
  await link.click();
  await page.waitForURL(/\/en\/playground\/#pg1:/);

  const start = await settled(page);
  const seen = JSON.stringify(start, null, 1);
  assert.equal(start.state, "paused", seen);
  assert.match(await page.locator('[data-playground] [data-role="exercise"]').textContent(), /Exercise wg-add-inside, test “processAll > returns every item's result, in item order”/);
  // Goroutine 1 (the test's body, in processAll) stands at its Wait; the four workers have not started.
  const wait = lineOf(starter, "await wg.wait()");
  const spawn = lineOf(starter, "go(async () => {");
  assert.deepEqual(start.options.map((o) => o.g).sort(), [1, 2, 3, 4, 5], seen);
  const main = start.options.find((o) => o.g === 1);
  assert.equal(Number(main.line), wait, seen);
  assert.equal(main.text, `goroutine 1: WaitGroup.wait at line ${wait}`, seen);
  for (const o of start.options.filter((o) => o.g !== 1)) assert.equal(o.text, `goroutine ${o.g}: starts at line ${spawn} (preempts goroutine 1)`, seen);

  // Each option shows its line of code, and focusing it highlights that line in the editor.
  const mainOption = panel(page).locator('.pg-sched-option[data-g="1"]');
  assert.equal(await mainOption.locator("code").textContent(), "await wg.wait();");
  await mainOption.focus();
  assert.equal(await page.locator("[data-playground]").getAttribute("data-highlight-line"), String(wait));

  // main's Wait runs first: the counter is still 0, Wait returns, the results are not there yet.
  const failed = await choose(page, 1);
  const seenFail = JSON.stringify(failed, null, 1);
  assert.equal(failed.state, "ended", seenFail);
  assert.equal(failed.status, "fail", seenFail);
  assert.match(failed.said, /^A detector fired on your schedule: a failed assertion\. /, seenFail);
  const message = failed.said.replace(/^A detector fired on your schedule: a failed assertion\. /, "");
  assert.match(message, /expected \[ undefined, undefined, …\(2\) \] to deeply equal \[ 1, 4, 9, 16 \]/, seenFail);
  assert.ok(exerciseSaid.includes(message), `the exercise's panel said the same:\n${message}\n---\n${exerciseSaid}`);
  assert.equal(failed.choices, "Your schedule: 1", seenFail);
  assert.deepEqual(failed.lanes, [1, 2, 3, 4, 5], `the timeline shows the test's goroutine and the four workers: ${seenFail}`);
  assert.equal(await page.locator('[data-playground] [data-role="reports"] pre[data-kind="message"]').count(), 1, "the failure is also in the reports");

  // Undo: back at the first decision, the same options; the focus is not lost.
  await panel(page).locator('[data-action="sched-undo"]').click();
  const back = await settled(page);
  assert.deepEqual(back.options, start.options, JSON.stringify(back, null, 1));
  assert.equal(back.question, start.question);
  assert.equal(back.choices, "Your schedule: (none yet)");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("pg-sched-option") || document.activeElement?.dataset.action === "sched-undo" ? "kept" : document.activeElement?.tagName), "kept");

  // The other order, by keyboard: a worker first (its Add comes before main's Wait), then main.
  const worker = back.options.findIndex((o) => o.g === 2);
  await panel(page).locator(".pg-sched-option").first().focus();
  await page.keyboard.press(String(worker + 1));
  const afterWorker = await settled(page);
  assert.equal(afterWorker.state, "paused", JSON.stringify(afterWorker, null, 1));
  assert.equal(afterWorker.status, "pass");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("pg-sched-option")), true, "the focus moves to the next decision's first option");
  await page.keyboard.press("Backspace");
  const undone = await settled(page);
  assert.deepEqual(undone.options, start.options, "Backspace undoes");

  // Run leaves the mode and explores the exercise's test as the exercise does: the same failure.
  await page.locator('[data-playground] [data-role="runs"]').fill("200");
  await page.locator('[data-playground] [data-action="run"]').click();
  await page.waitForFunction(() => { const r = document.querySelector("[data-playground]"); return r.dataset.status && r.dataset.status !== "running" && r.dataset.status !== "pass"; }, null, { timeout: 60_000 });
  assert.equal(await panel(page).isHidden(), true, "Run leaves be-the-scheduler");
  assert.equal(await page.locator("[data-playground]").getAttribute("data-status"), "fail");
  assert.ok((await page.locator('[data-playground] [data-role="status"]').textContent()).includes(message));
  await page.close();
});

test("the share link of a hand-made schedule replays it: the same choices, outcome, report and timeline", async () => {
  const page = await session.browser.context.newPage();
  const code = `import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function main(): Promise<void> {
  const s = shared({ n: 0 });
  const wg = new WaitGroup();
  wg.add(2);
  for (let i = 0; i < 2; i++) {
    go(async () => {
      const v = s.n; // read
      await Promise.resolve();
      s.n = v + 1; // write
      wg.done();
    });
  }
  await wg.wait();
  console.log("n =", s.n);
}
`;
  await page.goto(url(`/zh/playground/${programFragment({ code })}`));
  await page.waitForSelector("[data-playground][data-ready]");
  await page.locator('[data-playground] [data-action="scheduler"]').click();
  let st = await settled(page);
  assert.match(st.question, /^第 0 个决策/, JSON.stringify(st));
  // Be the scheduler: whoever did not run last, until the program ends.
  let last = 0;
  for (let i = 0; i < 30 && st.state === "paused"; i++) {
    const pick = st.options.find((o) => o.g !== undefined && o.g !== last && o.g > 1) ?? st.options.find((o) => o.g !== last) ?? st.options[0];
    last = pick.g ?? last;
    await panel(page).locator(`.pg-sched-option[data-choice="${pick.choice}"]`).click();
    st = await settled(page);
  }
  const seen = JSON.stringify(st, null, 1);
  assert.equal(st.state, "ended", seen);
  assert.equal(st.status, "race", seen);
  assert.match(st.said, /检测器在你的调度上报告了数据竞争/, seen);
  const shown = await page.evaluate(() => ({
    console: document.querySelector('[data-playground] [data-role="console"]').textContent,
    reports: [...document.querySelectorAll('[data-playground] [data-role="reports"] pre')].map((p) => p.textContent),
    rings: [...document.querySelectorAll("[data-playground] circle.tl-race")].map((c) => `${c.dataset.g}:${c.dataset.role}:${c.dataset.line}`),
  }));
  assert.ok(shown.reports.some((r) => r.includes("WARNING: DATA RACE")), JSON.stringify(shown));

  await page.locator('[data-playground] [data-action="share"]').click();
  const link = await page.locator('[data-playground] [data-role="share-link"]').inputValue();
  const carried = decodeProgram(link.slice(link.indexOf("#")));
  assert.equal(carried.ok, true);
  assert.deepEqual(carried.program.choices, st.choices.replace(/^.*：/, "").split(", ").map(Number), "the link carries the choices");

  const other = await session.browser.context.newPage();
  await other.goto(link);
  const again = await settled(other);
  assert.deepEqual(again, st, "the link replays the schedule");
  const shownAgain = await other.evaluate(() => ({
    console: document.querySelector('[data-playground] [data-role="console"]').textContent,
    reports: [...document.querySelectorAll('[data-playground] [data-role="reports"] pre')].map((p) => p.textContent),
    rings: [...document.querySelectorAll("[data-playground] circle.tl-race")].map((c) => `${c.dataset.g}:${c.dataset.role}:${c.dataset.line}`),
  }));
  assert.deepEqual(shownAgain, shown);
  await page.close();
  await other.close();
});

test("pct's depth and a bounded search's bound are in the share link and reproduce the Run", async () => {
  const code = `import { go } from "gosync";
import { Mutex } from "gosync/sync";

export async function main(): Promise<void> {
  const a = new Mutex();
  const b = new Mutex();
  go(async () => {
    await b.lock();
    await a.lock();
    a.unlock();
    b.unlock();
  });
  await a.lock();
  await b.lock();
  b.unlock();
  a.unlock();
}
`;
  for (const [strategy, control, value] of [["pct", "depth", "2"], ["preemption-bounded", "bound", "1"]]) {
    const page = await session.browser.context.newPage();
    await page.goto(url(`/en/playground/${programFragment({ code })}`));
    await page.waitForSelector("[data-playground][data-ready]");
    const root = page.locator("[data-playground]");
    assert.equal(await root.locator(`[data-role="${control}"]`).isVisible(), false, `${control} is hidden for random`);
    await root.locator('[data-role="strategy"]').selectOption(strategy);
    assert.equal(await root.locator(`[data-role="${control}"]`).isVisible(), true, `${control} shows for ${strategy}`);
    await root.locator(`[data-role="${control}"]`).fill(value);
    await root.locator('[data-role="runs"]').fill("50");
    await root.locator('[data-action="run"]').click();
    await page.waitForFunction(() => { const s = document.querySelector("[data-playground]").dataset.status; return s && s !== "running"; }, null, { timeout: 90_000 });
    const first = await root.evaluate((r) => ({ status: r.dataset.status, line: r.querySelector('[data-role="status"]').textContent }));
    await root.locator('[data-action="share"]').click();
    const link = await root.locator('[data-role="share-link"]').inputValue();
    const carried = decodeProgram(link.slice(link.indexOf("#")));
    assert.equal(carried.program[control], Number(value), `${strategy}: the link carries ${control} ${value}`);
    const other = await session.browser.context.newPage();
    await other.goto(link);
    await other.waitForFunction(() => { const s = document.querySelector("[data-playground]").dataset.status; return s && s !== "running" && document.querySelector("[data-playground] .synclab-timeline"); }, null, { timeout: 90_000 });
    const again = await other.locator("[data-playground]").evaluate((r) => ({ status: r.dataset.status, line: r.querySelector('[data-role="status"]').textContent }));
    assert.deepEqual(again, first, `${strategy} ${control} ${value}`);
    assert.equal(await other.locator(`[data-playground] [data-role="${control}"]`).inputValue(), value);
    await page.close();
    await other.close();
  }
});

test("the playground is in the sidebar in both languages", async () => {
  const page = await session.browser.context.newPage();
  for (const [lang, label] of [["en", "Playground"], ["zh", "演练场"]]) {
    await page.goto(url(`/${lang}/exercises/`));
    const a = page.locator(`#starlight__sidebar a[href="/${lang}/playground/"]`);
    assert.equal((await a.textContent()).trim(), label, lang);
  }
  await page.close();
});

test("at 390 px the panel fits the screen, the lanes scroll sideways, and axe finds nothing serious in either theme", async () => {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const code = `import { go, Chan } from "gosync";

export async function main(): Promise<void> {
  const c = new Chan<number>();
  for (let i = 0; i < 3; i++) go(async () => { for (let k = 0; k < 20; k++) await c.send(k); });
  for (let k = 0; k < 60; k++) await c.recv();
}
`;
  // Light theme, English: 24 moves by the keyboard (1 takes the first option each time).
  await page.goto(url("/en/"));
  await page.evaluate(() => localStorage.setItem("starlight-theme", "light"));
  await page.goto(url(`/en/playground/${programFragment({ code })}`));
  await page.waitForSelector("[data-playground][data-ready]");
  await page.locator('[data-playground] [data-action="scheduler"]').click();
  let st = await settled(page);
  await panel(page).locator(".pg-sched-option").first().focus();
  for (let i = 0; i < 24 && st.state === "paused"; i++) {
    await page.keyboard.press("1");
    st = await settled(page);
  }
  const choices = st.choices.replace(/^.*: /, "").split(", ").map(Number);
  assert.equal(choices.length, 24, JSON.stringify(st));
  for (const theme of ["light", "dark"]) {
    if (theme === "dark") {
      await page.goto(url("/zh/"));
      await page.evaluate(() => localStorage.setItem("starlight-theme", "dark"));
      await page.goto(url(`/zh/playground/${programFragment({ code, choices })}`));
      st = await settled(page);
    }
    assert.equal(st.state, "paused", JSON.stringify(st));
    const fit = await page.evaluate(() => ({
      page: document.scrollingElement.scrollWidth,
      panel: document.querySelector('[data-role="scheduler"]').getBoundingClientRect().right,
      lanes: (() => { const s = document.querySelector("[data-playground] .tl-scroll"); return { scroll: s.scrollWidth, client: s.clientWidth }; })(),
    }));
    assert.ok(fit.page <= 390, `${theme}: the page is ${fit.page} px wide`);
    assert.ok(fit.panel <= 390, `${theme}: the panel ends at ${fit.panel} px`);
    assert.ok(fit.lanes.scroll > fit.lanes.client, `${theme}: the lanes scroll sideways (${JSON.stringify(fit.lanes)})`);
    const violations = await axeViolations(page, "[data-playground]");
    assert.deepEqual(violations, [], readable(`the playground being the scheduler, ${theme}`, violations));
  }
  await page.close();
});

const WAITS = `import { go } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function main(): Promise<void> {
  const wg = new WaitGroup();
  wg.add(1);
  go(async () => wg.done());
  await wg.wait();
}
`;

test("a choice the program does not offer says the schedule cannot be followed, not that the program failed", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(url(`/en/playground/${programFragment({ code: WAITS, choices: [7] })}`));
  const st = await settled(page);
  assert.equal(st.state, "ended", JSON.stringify(st));
  assert.equal(st.status, "unfollowable");
  assert.match(st.said, /^This schedule could not be followed: gosync\/sim: manual choice 0 is goroutine 7, but the runnable goroutines are/);
  await page.close();
});

const LEAKS = `import { go, Chan } from "gosync";

export async function main(): Promise<void> {
  const results = new Chan<number>();
  go(async () => {
    await results.send(42); // nobody receives: blocked for ever
  });
}
`;

test("a deadlock and a leak are said as soon as the schedule reaches them", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(url(`/en/playground/${programFragment({ code: ABBA_DEADLOCK, choices: [] })}`));
  let st = await settled(page);
  for (let i = 0; i < 30 && st.state === "paused"; i++) {
    await panel(page).locator(".pg-sched-option").first().click();
    st = await settled(page);
  }
  assert.equal(st.status, "deadlock", JSON.stringify(st, null, 1));
  assert.equal(st.said, "A detector fired on your schedule: a deadlock. fatal error: all goroutines are asleep - deadlock!");
  assert.ok((await page.locator('[data-playground] [data-role="reports"]').textContent()).includes("goroutine 2 [sync.Mutex.Lock]"));

  await page.goto(url(`/zh/playground/${programFragment({ code: LEAKS, choices: [] })}`));
  st = await settled(page);
  for (let i = 0; i < 30 && st.state === "paused"; i++) {
    await panel(page).locator(".pg-sched-option").first().click();
    st = await settled(page);
  }
  assert.equal(st.status, "leak", JSON.stringify(st, null, 1));
  assert.match(st.said, /^检测器在你的调度上报告了goroutine 泄漏。/);
  assert.deepEqual(await page.locator("[data-playground] rect.tl-end-flag").evaluateAll((rs) => rs.map((r) => `${r.dataset.g}:${r.dataset.flag}`)), ["2:leak"]);
  await page.close();
});
