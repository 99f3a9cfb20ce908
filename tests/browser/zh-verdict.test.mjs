// Verdicts in the page's language, in the built site: a Chinese chapter's results panel names
// each hidden test and gives its assertion's message in Chinese (the Verdict carries both, the
// panel picks the page's), an English chapter's in English; the learner's file that lacks what
// the tests import, or a method they call, is told so, once, before any test, in the page's
// language. One browser for the file; any request
// that leaves 127.0.0.1 fails the test that made it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openExercise, runExercise, putDraft } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

/** DOUBLE counts two for each inc: no race, no deadlock, an assertion that fails with its message. */
const DOUBLE = `import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class SafeCounter {
  private readonly mu = new Mutex();
  private readonly counts = shared<Record<string, number>>({});

  async inc(key: string): Promise<void> {
    using _ = await this.mu.lock();
    this.counts[key] = (this.counts[key] ?? 0) + 2;
  }

  async value(key: string): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts[key] ?? 0;
  }
}
`;

const session = browserSession();

/** judge opens the chapter with `code` as safe-counter's draft, Runs it and returns the panel's text. */
async function judge(path, code) {
  const page = await session.browser.context.newPage();
  try {
    await page.goto(`${session.site.origin}${path}`);
    await putDraft(page, "safe-counter", code);
    await openExercise(page, `${session.site.origin}${path}`, "safe-counter");
    const { status, text } = await runExercise(page, "safe-counter", 60_000);
    return { status, text };
  } finally {
    await page.close();
  }
}

test("a Chinese chapter shows the tests' names and the assertion's message in Chinese", async () => {
  const { status, text } = await judge("/zh/sync-primitives/", DOUBLE);
  assert.equal(status, "fail", text);
  assert.match(text, /多个 goroutine 的每一次 inc 都被计入/);
  assert.match(text, /4 个 goroutine 各 25 次 inc\("hits"\) 之后的 value\("hits"\): expected 200 to be 100/);
  assert.doesNotMatch(text, /counts every increment made from many goroutines/);
});

test("a Chinese chapter's Tests tab lists the hidden tests by their Chinese names before any Run", async () => {
  const page = await session.browser.context.newPage();
  try {
    await openExercise(page, `${session.site.origin}/zh/sync-primitives/`, "safe-counter");
    const names = await page.locator('[data-exercise="safe-counter"] [data-role="testlist"] .sx-test-name').allInnerTexts();
    assert.ok(names.includes("SafeCounter > 多个 goroutine 的每一次 inc 都被计入"), names.join("\n"));
    assert.ok(!names.some((n) => n.includes("counts every increment")), names.join("\n"));
  } finally {
    await page.close();
  }
});

test("an English chapter shows them in English", async () => {
  const { status, text } = await judge("/en/sync-primitives/", DOUBLE);
  assert.equal(status, "fail", text);
  assert.match(text, /counts every increment made from many goroutines/);
  assert.match(text, /4 goroutines × 25 inc\("hits"\), then value\("hits"\): expected 200 to be 100/);
  assert.doesNotMatch(text, /多个 goroutine/);
});

test("a file that lacks the export the tests import is told so before any test runs", async () => {
  const { status, text } = await judge("/en/sync-primitives/", DOUBLE.replace("class SafeCounter", "class Counter"));
  assert.equal(status, "runtime-error", text);
  assert.match(text, /solution\.ts does not export `SafeCounter`, which the tests import/);
  assert.doesNotMatch(text, /import_solution/);
});

test("a class that lacks a method the tests call is told so before any test runs, in the page's language", async () => {
  const renamed = DOUBLE.replace("async value(key: string)", "async get(key: string)");
  const en = await judge("/en/sync-primitives/", renamed);
  assert.equal(en.status, "runtime-error", en.text);
  assert.match(en.text, /solution\.ts: `SafeCounter` has no method `value`, which the tests call/);
  assert.doesNotMatch(en.text, /is not a function/);
  const zh = await judge("/zh/sync-primitives/", renamed);
  assert.equal(zh.status, "runtime-error", zh.text);
  assert.match(zh.text, /solution\.ts：`SafeCounter` 没有方法 `value`，而测试要调用它/);
  assert.doesNotMatch(zh.text, /has no method/);
});

test("a TypeScript error in the learner's file is shown before the verdict, as a warning with line and column, and the Run still runs", async () => {
  const typed = DOUBLE.replace("    return this.counts[key] ?? 0;", '    const label: number = "hits";\n    return this.counts[key] ?? 0;');
  const page = await session.browser.context.newPage();
  try {
    await page.goto(`${session.site.origin}/en/sync-primitives/`);
    await putDraft(page, "safe-counter", typed);
    await openExercise(page, `${session.site.origin}/en/sync-primitives/`, "safe-counter");
    // The editor's TypeScript worker has had its look at the draft.
    await page.waitForFunction(() => document.querySelector('[data-exercise="safe-counter"] .squiggly-error') !== null, null, { timeout: 30_000 });
    const { status, text } = await runExercise(page, "safe-counter", 60_000);
    assert.equal(status, "fail", text);
    const warning = page.locator('[data-exercise="safe-counter"] .sx-diagnostics li[data-severity="warning"]');
    assert.match(await warning.first().innerText(), /solution\.ts:15:11[\s\S]*TS2322: Type 'string' is not assignable to type 'number'/);
    const order = text.indexOf("TS2322") < text.indexOf("counts every increment made from many goroutines");
    assert.ok(order, `the warning comes before the tests:\n${text}`);
  } finally {
    await page.close();
  }
});
