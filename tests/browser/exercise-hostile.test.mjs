// Hostile learner code in the Exercise island: every case must end in a clear verdict, never a
// pass, with the page responsive, no request leaving 127.0.0.1, and other exercises' drafts
// untouched. Runs against the built site (npm run build) in Debian's Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { openExercise, runExercise, putDraft, replaceCode, answerDialog } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const ID = "safe-counter";
const OTHER = "config-store";
const OTHER_DRAFT = JSON.stringify({ version: 1, code: "// my config-store draft\n", starterHash: "x", savedAt: 1 });
let page;
let url;
const session = browserSession({
  page: true,
  ready: async (s) => {
    page = s.page;
    url = s.url("/en/sync-primitives/");
    await page.goto(url);
    await page.evaluate((d) => localStorage.setItem("synclab:draft:config-store", d), OTHER_DRAFT);
  },
});

/**
 * judge puts code in the exercise's editor — pasted in when the exercise is live on the open page,
 * else as its draft on a fresh load — runs it, and checks the page still answers at once. The
 * cases share the page, as a learner's Runs do: each Run is also the next Run after the hostile
 * code before it (and a page load would only add a cold sandbox start to every case).
 */
async function judge(code) {
  const live = page.url() === url && (await page.evaluate((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", ID));
  if (live) {
    await replaceCode(page, ID, code);
  } else {
    await putDraft(page, ID, code);
    await openExercise(page, url, ID);
  }
  const verdict = await runExercise(page, ID);
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
  assert.ok(Date.now() - t0 < 1000, `the page took ${Date.now() - t0} ms to render a frame after the Run`);
  assert.notEqual(verdict.status, "pass", `hostile code must never pass; the panel said:\n${verdict.text}`);
  return verdict;
}

const cases = [
  ["unbounded recursion ends in a runtime error", "function f(n: number): number { return f(n + 1) + 1; }\nf(0);", "runtime-error", /Maximum call stack/],
  ["a huge allocation hits the memory cap", "const a: number[][] = [];\nwhile (true) a.push(new Array(1e7).fill(1.5));", "runtime-error", /memory cap/],
  ["a million console lines are capped and the Run still ends", "for (let i = 0; i < 1e6; i++) console.log('line', i);\nthrow new Error('done printing');", "runtime-error", /more lines/],
  ["reading localStorage fails inside the sandbox", "localStorage.getItem('synclab:draft:config-store');", "runtime-error", /localStorage/],
  ["reading document fails inside the sandbox", "document.body.innerHTML = 'pwned';", "runtime-error", /document/],
  ["reaching the parent window fails inside the sandbox", "(parent as any).postMessage('x', '*');", "runtime-error", /parent/],
  ["fetch cannot reach the network", "fetch('http://example.com/').then(() => {});", "runtime-error", /fetch/],
  ["a syntax error is a compile error located in solution.ts", "export class SafeCounter {\n  async inc( {\n}", "compile-error", /solution\.ts:\d+:\d+/],
  ["an unknown import is a compile error listing what can be imported", "import fs from 'node:fs';\nexport const x = fs;", "compile-error", /"gosync\/sync"/],
  ["overriding Promise, postMessage and globalThis does not fake a pass", "(globalThis as any).Promise = function () {};\n(globalThis as any).postMessage = () => {};\nObject.defineProperty(globalThis, 'require', { value: () => ({}) });\nexport class SafeCounter { async inc() {} async value() { return 0; } }", null, null],
];

for (const [name, code, status, pattern] of cases) {
  test(name, async () => {
    const v = await judge(code);
    if (status) assert.equal(v.status, status, `status; the panel said:\n${v.text}`);
    if (pattern) assert.match(v.text, pattern);
  });
}

test("an endless loop ends in a timeout that names the limit, and the next Run on the page works and gives a verdict", async () => {
  const endless = await judge("while (true) {}");
  assert.equal(endless.status, "timeout", `status; the panel said:\n${endless.text}`);
  assert.match(endless.text, /5000 ms/);
  const next = await judge("throw new Error('second run');");
  assert.equal(next.status, "runtime-error", next.text);
  assert.match(next.text, /second run/);
});

test("a Run's leftovers never reach the next Run: its timers are cleared, a realm it changed is thrown away", async () => {
  const starter = await readFile(new URL("../../exercises/01-sync-primitives/01-safe-counter/starter.ts", import.meta.url), "utf8");
  const consoleText = () => page.evaluate((id) => document.querySelector(`[data-exercise="${id}"] .sx-console`)?.textContent ?? "", ID);
  // Run 1 fails (the starter races) and leaves an interval printing behind; it changes nothing
  // else, so its worker may judge Run 2 once the interval is cleared.
  await putDraft(page, ID, `setInterval(() => console.log("left behind by Run 1"), 1);\n${starter}`);
  await openExercise(page, url, ID);
  const first = await runExercise(page, ID);
  assert.notEqual(first.status, "pass", first.text);
  // Run 2: the reference solution, which first checks for and then leaves a global of its own.
  await page.click(`[data-exercise="${ID}"] [data-action="solution"]`);
  await answerDialog(page, ID, true);
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.includes("Mutex"), ID);
  await page.click(`[data-exercise="${ID}"] .monaco-editor .view-lines`);
  await page.keyboard.press("Control+Home");
  await page.keyboard.insertText(`if ((globalThis as any).leftover) throw new Error("a global left by an earlier Run");\n(globalThis as any).leftover = true;\n`);
  const second = await runExercise(page, ID);
  assert.equal(second.status, "pass", second.text);
  assert.doesNotMatch(await consoleText(), /left behind by Run 1/);
  // Run 3, the same code: Run 2's worker added a global, so a fresh worker must judge it.
  const third = await runExercise(page, ID);
  assert.equal(third.status, "pass", third.text);
});

test("tampering with gosync, the simulator or expect is refused, and the next Run on the page is judged as it should be", async () => {
  // Each attempt once got a wrong solution graded pass (and poisoned the worker that judged the
  // next Run): reaching the simulator through a timer, patching a gosync class, adding an
  // equality tester, reaching the module registry.
  const attack = `import * as time from "gosync/time";
import { Mutex } from "gosync/sync";
let tried = false;
function tamper(): void {
  if (tried) return;
  tried = true;
  const out: string[] = [];
  const attempt = (what: string, f: () => void) => {
    try { f(); out.push(what + ": worked"); } catch { out.push(what + ": refused"); }
  };
  attempt("simulator via a timer", () => { const t: any = time.newTimer(1e9); Object.getPrototypeOf(t.t.sim).buildReport = () => ({ outcome: "ok", races: [], leaks: [] }); });
  attempt("Mutex.prototype", () => { (Mutex.prototype as any).unlock = function () {}; });
  attempt("equality tester", () => { (globalThis as any)[Symbol.for("$$jest-matchers-object")].customEqualityTesters.push(() => true); });
  attempt("module registry", () => { (globalThis as any)[Symbol.for("synclab.modules")]["gosync/sim"].run = null; });
  console.log(out.join("; "));
}
export class SafeCounter {
  constructor() { tamper(); }
  async inc(_key: string): Promise<void> {}
  async value(_key: string): Promise<number> { return 0; }
}
`;
  const v = await judge(attack);
  assert.equal(v.status, "fail", v.text);
  const printed = await page.evaluate((id) => document.querySelector(`[data-exercise="${id}"] .sx-console`)?.textContent ?? "", ID);
  // Every test loads the file afresh, so the attempts run (and print) once per test.
  const refused = (printed.match(/: refused/g) ?? []).length;
  assert.ok(refused >= 4 && refused % 4 === 0, `every attempt refused; the console said:\n${printed}`);
  assert.doesNotMatch(printed, /: worked/);
  // The next Run on the same page (its worker recycled if the realm looks untouched): the
  // starter, which races, must fail as it always does.
  await page.click(`[data-exercise="${ID}"] [data-action="reset"]`);
  await answerDialog(page, ID, true);
  await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.includes("TODO"), ID);
  const next = await runExercise(page, ID);
  assert.equal(next.status, "fail", next.text);
  assert.match(next.text, /WARNING: DATA RACE/);
});

test("the hostile corpus changes no verdict, and the next Run on the same page is judged as it should be", async () => {
  // tests/hostile/*.ts, appended to the starter (which races): each Run must get the starter's
  // own verdict (or end, for an attack on resources), and the Run after it — on a worker the
  // attack may have tried to poison — the starter's race as ever.
  const starter = await readFile(new URL("../../exercises/01-sync-primitives/01-safe-counter/starter.ts", import.meta.url), "utf8");
  const dir = new URL("../hostile/", import.meta.url);
  const files = (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort();
  assert.ok(files.length >= 6, `the corpus has its files: ${files.join(", ")}`);
  const problems = [];
  for (const file of files) {
    const attack = await readFile(new URL(file, dir), "utf8");
    // A whole wrong solution (`// exercise: <id>`) is judged as it is on its own exercise's page:
    // here only safe-counter's; tests/unit/hostile.test.ts judges every one in the Node host.
    const whole = /^\/\/ exercise: (\S+)/m.exec(attack)?.[1];
    if (whole !== undefined && whole !== ID) continue;
    const mayEnd = /^\/\/ may end the Run:/m.test(attack);
    const v = await judge(whole ? attack : `${starter}\n${attack}`);
    if (!(v.status === "fail" || (mayEnd && (v.status === "runtime-error" || v.status === "timeout")))) problems.push(`${file}: got ${v.status}\n${v.text.slice(0, 600)}`);
    // Reset, not a reload: the next Run is on the same page, by a worker the attack's Run may
    // have left (recycled only if its realm is unchanged).
    await page.click(`[data-exercise="${ID}"] [data-action="reset"]`);
    await answerDialog(page, ID, true);
    await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.includes("TODO"), ID);
    const next = await runExercise(page, ID);
    if (next.status !== "fail" || !/WARNING: DATA RACE/.test(next.text)) problems.push(`the Run after ${file}: got ${next.status}\n${next.text.slice(0, 600)}`);
  }
  assert.deepEqual(problems, []);
});

test("no request left 127.0.0.1 and other exercises' drafts are untouched", async () => {
  assert.deepEqual(session.browser.foreign, []);
  assert.equal(await page.evaluate(() => localStorage.getItem("synclab:draft:config-store")), OTHER_DRAFT);
});
