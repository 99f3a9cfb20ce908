// Solution without losing your code, and sharing a solution by link (issue 9), in Debian's
// Chromium against the built site: after a failing Run, Solution opens the draft beside the
// reference solution in a diff, the draft unchanged until "Copy the solution into my editor",
// after which Ctrl+Z brings it back; Share link puts the code and its failing schedule in the
// URL's fragment, and that link, opened in a browser with another draft, shows the code read-only
// with the schedule, leaves the draft alone until "Copy into my editor", and a Run of it fails the
// same test on the same schedule — a shrunk one, which its seed alone would not give, replayed
// from the choice list the link carries; a cut-short link says it was cut short.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { findExercise } from "../../exercises/index.ts";
import { openExercise, putDraft, runExercise } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const session = browserSession();
const url = session.url;
const id = "safe-counter";
const root = (page) => page.locator(`[data-exercise="${id}"]`);
const draftOf = (page) => page.evaluate((id) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`) ?? "null")?.code, id);
/** recordVerdicts keeps every verdict the page's exercises report (the controller's synclab:verdict event). */
const recordVerdicts = (page) =>
  page.evaluate(() => {
    window.__verdicts = [];
    document.addEventListener("synclab:verdict", (e) => window.__verdicts.push(e.detail.verdict));
  });
const lastVerdict = (page) => page.evaluate(() => window.__verdicts.at(-1));
/** failingSchedule is the first failing test of a verdict with its schedule: name, the Verdict's account of it, its choice list. */
function failingSchedule(verdict) {
  const t = verdict.tests.find((t) => t.status !== "pass" && t.schedule);
  return t && { test: t.name, status: t.status, schedule: t.schedule, choices: t.report?.schedule };
}

test("Solution opens a diff of the draft and the reference solution; the draft changes only on Copy, and Ctrl+Z brings it back", async () => {
  const page = await session.browser.context.newPage();
  await page.setViewportSize({ width: 1366, height: 800 });
  const ex = findExercise(id);
  await page.goto(url("/en/sync-primitives/"));
  await page.evaluate(() => localStorage.clear());
  const draft = ex.starter.replace(/^/, "// my attempt\n");
  await putDraft(page, id, draft);
  await openExercise(page, url("/en/sync-primitives/"), id, 60_000);
  assert.equal((await runExercise(page, id, 60_000)).status, "fail");
  await root(page).locator('[data-action="solution"]').click();
  const dialog = root(page).locator("dialog[open]");
  await dialog.locator(".monaco-diff-editor").waitFor();
  assert.match(await dialog.locator("h4").textContent(), /Your draft beside the reference solution/);
  const sides = await dialog.locator(".monaco-diff-editor .editor.original, .monaco-diff-editor .editor.modified").count();
  assert.equal(sides, 2, "side by side: the draft and the solution");
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(await draftOf(page), draft, "closing the diff leaves the draft as it was");

  await root(page).locator('[data-action="solution"]').click();
  await dialog.getByRole("button", { name: "Copy the solution into my editor" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.waitForFunction(({ id, code }) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`)).code === code, { id, code: ex.solution });
  assert.match(await root(page).locator('[data-role="note"]').textContent(), /Ctrl\/⌘ \+ Z brings your draft back/);
  await root(page).locator(".monaco-editor textarea, .monaco-editor .native-edit-context").first().focus();
  await page.keyboard.press("Control+Z");
  await page.waitForFunction(({ id, code }) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`)).code === code, { id, code: draft });
  await page.close();
});

test("a share link reproduces the code and the failing schedule, shrunk as it was shown, read-only, without touching the reader's draft", async () => {
  // The sharer: a wrong variant fails with a data race on a schedule the judge shrinks; Share link.
  const sharer = await session.browser.context.newPage();
  await sharer.setViewportSize({ width: 1366, height: 800 });
  const ex = findExercise(id);
  const code = ex.wrong.find((w) => w.name === "unlocked-value").code;
  await sharer.goto(url("/en/sync-primitives/"));
  await sharer.evaluate(() => localStorage.clear());
  await putDraft(sharer, id, code);
  await openExercise(sharer, url("/en/sync-primitives/"), id, 60_000);
  await recordVerdicts(sharer);
  assert.equal((await runExercise(sharer, id, 60_000)).status, "fail");
  const want = failingSchedule(await lastVerdict(sharer));
  assert.ok(want, "the failing Run has a schedule");
  assert.ok(want.schedule.shrunk && want.schedule.strategy === "manual" && want.choices.length > 0, `the failure is shown shrunk, as a choice list: ${JSON.stringify(want.schedule)}`);
  const shownText = await root(sharer).locator(`li.sx-test[data-test-name="${want.test}"]`).textContent();
  assert.match(shownText, /shrunk to \d+ preemptions? \(from \d+\) and \d+ steps \(from \d+\)/, "the sharer's panel says the schedule was shrunk");
  await root(sharer).getByRole("button", { name: "Share link" }).click();
  const link = await root(sharer).locator('[data-role="share-link"]').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/en\/sync-primitives\/#share:safe-counter:1:[A-Za-z0-9_-]+$/);
  const carried = JSON.parse(strFromU8(inflateSync(Buffer.from(link.split(":").at(-1), "base64url")))).schedule;
  assert.deepEqual(carried.replay, { shown: want.schedule, choices: want.choices }, "the link carries the shrunk schedule's choice list, which its seed alone would not give");
  await sharer.close();

  // The reader, with a draft of their own.
  const reader = await session.browser.context.newPage();
  await reader.setViewportSize({ width: 1366, height: 800 });
  await reader.goto(url("/zh/primer/"));
  await reader.evaluate(() => localStorage.clear());
  const mine = "// the reader's own work\n";
  await putDraft(reader, id, mine);
  await reader.goto(link);
  await reader.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 60_000 });
  const banner = root(reader).locator(".sx-shared");
  await banner.waitFor();
  const { runs, shrunk, found } = want.schedule;
  assert.equal(
    await banner.locator('[data-role="shared-schedule"]').textContent(),
    `Its Run failed “${want.test}” on the schedule found on run ${runs} (strategy ${found.strategy}, seed ${found.seed}), shrunk to ${shrunk.preemptions} preemption${shrunk.preemptions === 1 ? "" : "s"} (from ${shrunk.fromPreemptions}) and ${shrunk.toSteps} steps (from ${shrunk.fromSteps}). Run replays it.`,
  );
  const shownLines = await root(reader).locator(".monaco-editor .view-lines").innerText();
  assert.ok(shownLines.replace(/\s+/g, "").includes(code.split("\n").find((l) => l.trim().length > 20).replace(/\s+/g, "")), "the editor shows the shared code");
  assert.equal(await reader.evaluate(() => document.querySelector('[data-exercise="safe-counter"] .monaco-editor').classList.contains("readOnly") || !!document.querySelector('[data-exercise="safe-counter"] .monaco-editor textarea[readonly], [data-exercise="safe-counter"] .monaco-editor [aria-readonly="true"]')), true, "read-only");
  assert.equal(await draftOf(reader), mine, "opening the link left the reader's draft alone");

  // Run replays the sharer's schedule.
  await recordVerdicts(reader);
  assert.equal((await runExercise(reader, id, 60_000)).status, "fail");
  assert.deepEqual(failingSchedule(await lastVerdict(reader)), want, "the Run of the shared code fails the same test on the same shrunk schedule, choice for choice");
  assert.match(await root(reader).locator(`li.sx-test[data-test-name="${want.test}"]`).textContent(), /shrunk to \d+ preemptions? \(from \d+\) and \d+ steps \(from \d+\)/, "the reader's panel says the same schedule");
  assert.equal(await draftOf(reader), mine, "a Run of the shared code is not the reader's draft");

  // Copy into my editor: the draft becomes the shared code (undoably).
  await banner.getByRole("button", { name: "Copy into my editor" }).click();
  await reader.waitForFunction(({ id, code }) => JSON.parse(localStorage.getItem(`synclab:draft:${id}`)).code === code, { id, code });
  await reader.close();
});

test("a share link cut short says so and leaves the draft alone", async () => {
  const page = await session.browser.context.newPage();
  await page.goto(url("/en/sync-primitives/"));
  await page.evaluate(() => localStorage.clear());
  await putDraft(page, id, "// mine\n");
  await page.goto(url("/en/primer/")); // a link is opened afresh, not as a jump within the page
  const whole = Buffer.from(deflateSync(strToU8(JSON.stringify({ code: findExercise(id).starter })))).toString("base64url");
  await page.goto(url(`/en/sync-primitives/#share:${id}:1:${whole.slice(0, Math.floor(whole.length / 2))}`));
  const banner = root(page).locator('.sx-shared[data-kind="error"]');
  await banner.waitFor({ timeout: 60_000 });
  assert.match(await banner.textContent(), /This share link cannot be opened: it was cut short \(.+\)\. Your draft is untouched\./);
  assert.equal(await draftOf(page), "// mine\n");
  await page.close();
});
