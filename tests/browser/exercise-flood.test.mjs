// Flooding the results panel (issue 10, item 6): learner code that makes every report as long
// as it can — thousands of goroutines blocked forever, a thousand data races — gets a verdict whose
// panel stays a few hundred nodes and answers at once; the long parts are drawn a part at a
// time behind "show more" buttons that work from the keyboard. Before reports were bounded the
// panel reached 40,000 nodes and the page did not answer for 34 s. Runs against the built site
// (npm run build) in Debian's Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openExercise, openDisclosure, runExercise, putDraft } from "./exercise-support.mjs";
import { browserSession } from "./support/session.mjs";

const ID = "safe-counter";
/**
 * N is how many goroutines a flood starts: as many as the sandbox starts, blocks and replays
 * (stacks on) well within the exercise's 5 s wall-clock limit on a busy 2-core machine. 20,000
 * (the figure; the Node host judges it in 2.7 s, tests/unit/flood.test.ts) took longer
 * than that here in Chromium. The panel before bounded reports drew at least two elements per
 * goroutine (a location button for where it blocked, one for where it was created).
 */
const N = 2000;
/** MAX_NODES bounds the panel of a flooded verdict, drawn as it first appears: a flood of N goroutines was 2·N and more. */
const MAX_NODES = 1000;
let page;
let url;
const session = browserSession({
  page: true,
  ready: async (s) => {
    page = s.page;
    url = s.url("/en/sync-primitives/");
    await page.goto(url); // drafts are stored in the site's localStorage: the page must be on its origin
  },
});

/**
 * flood is a SafeCounter whose value("misses") (called by one test only, on a fresh counter,
 * before any shared state is touched: the race detector's clocks then stay short) starts N
 * goroutines that block forever, then (with `block`) blocks too.
 */
const flood = (block) => `import { go, chan, shared } from "gosync";
export class SafeCounter {
  private readonly counts = shared<Record<string, number>>({});
  async inc(key: string): Promise<void> {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }
  async value(key: string): Promise<number> {
    if (key === "misses") {
      const c = chan<number>();
      for (let i = 0; i < ${N}; i++) go(async () => { await c.recv(); });
      ${block ? "await c.recv();" : ""}
    }
    return this.counts[key] ?? 0;
  }
}
`;

/** races is a SafeCounter whose first inc("a") races on 300 keys of its shared state: more races than a report keeps. */
const races = `import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";
export class SafeCounter {
  private readonly counts = shared<Record<string, number>>({});
  private flooded = false;
  async inc(key: string): Promise<void> {
    if (key !== "a" || this.flooded) return void (this.counts[key] = (this.counts[key] ?? 0) + 1);
    this.flooded = true;
    const wg = new WaitGroup();
    for (let i = 0; i < 600; i++) {
      wg.add(1);
      go(async () => { this.counts["k" + (i % 300)] = i; wg.done(); });
    }
    await wg.wait();
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }
  async value(key: string): Promise<number> {
    return this.counts[key] ?? 0;
  }
}
`;

/** panelNodes counts the elements in the exercise's results panel. */
const panelNodes = () => page.evaluate((id) => document.querySelector(`[data-exercise="${id}"] [role="status"]`).querySelectorAll("*").length, ID);

/** frameMs is how long the page takes to draw its next frame: a page that hangs takes seconds. */
async function frameMs() {
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
  return Date.now() - t0;
}

/** judge stores code as the draft, runs it and checks the verdict is no pass and the page answers. */
async function judge(code, want) {
  await putDraft(page, ID, code);
  await openExercise(page, url, ID);
  const verdict = await runExercise(page, ID, 60_000);
  assert.equal(verdict.status, want, `status; the panel said:\n${verdict.text.slice(0, 2000)}`);
  const ms = await frameMs();
  assert.ok(ms < 1000, `the page took ${ms} ms to draw a frame after the verdict`);
  return verdict;
}

test("2,000 goroutines blocked forever: a deadlock drawn in a few hundred nodes, its dump cut as Go cuts a stack", async (t) => {
  const v = await judge(flood(true), "deadlock");
  const nodes = await panelNodes();
  t.diagnostic(`the panel holds ${nodes} elements`);
  assert.ok(nodes < MAX_NODES, `the panel holds ${nodes} elements (want fewer than ${MAX_NODES})`);
  assert.match(v.text, /all goroutines are asleep - deadlock!/);
  assert.match(v.text, /Show \d+ more lines/, "a long dump offers the rest behind a button");
});

test("the rest of a dump comes a part at a time from a button that works from the keyboard", async () => {
  const region = page.locator(`[data-exercise="${ID}"] [role="status"]`);
  const figure = region.locator('figure.sx-report[data-kind="deadlock"]');
  const button = figure.locator("button.sx-show-more");
  const before = (await figure.innerText()).split("\n").length;
  await button.focus();
  await page.keyboard.press("Enter");
  const after = (await figure.innerText()).split("\n").length;
  assert.ok(after > before, `the dump had ${before} lines before Enter on "show more", ${after} after`);
  // Press on until every part is drawn: the button then goes, and the focus stays in the panel.
  for (let i = 0; i < 20 && (await button.count()) > 0; i++) {
    await button.focus();
    await page.keyboard.press("Enter");
  }
  assert.match(await figure.innerText(), /\.\.\.\d+ goroutines elided\.\.\./, "the whole dump, ending with Go's elision line");
  const focused = await page.evaluate((id) => document.querySelector(`[data-exercise="${id}"] [role="status"]`).contains(document.activeElement), ID);
  assert.ok(focused, "the focus stays in the panel once the last part is drawn");
  const nodes = await panelNodes();
  assert.ok(nodes < MAX_NODES * 2, `the panel holds ${nodes} elements with the whole dump drawn`);
});

test("the replay trace opens on its first events, the rest behind a button", async () => {
  const region = page.locator(`[data-exercise="${ID}"] [role="status"]`);
  const replay = region.locator("details.sx-replay").first();
  if ((await replay.count()) === 0) return; // a deadlock's detector block shows the dump; the trace is in the disclosure when there is one
  await openDisclosure(replay);
  // A Run leaves the trace out: opening asks for it (Limits.traceFailures).
  await replay.locator("tbody tr").first().waitFor({ timeout: 20_000 });
  const rows = await replay.locator("tbody tr").count();
  assert.ok(rows <= 101, `the trace opened on ${rows} rows (want at most 100 events and the main-returned mark)`);
  const more = replay.locator("button.sx-show-more");
  if ((await more.count()) > 0) {
    await more.focus();
    await page.keyboard.press("Enter");
    assert.ok((await replay.locator("tbody tr").count()) > rows, "Enter on the button draws more events");
  }
  assert.ok((await frameMs()) < 1000, "the page answers with the trace open");
});

test("2,000 goroutines left blocked: a leak drawn in a few hundred nodes", async (t) => {
  const v = await judge(flood(false), "fail");
  const nodes = await panelNodes();
  t.diagnostic(`the panel holds ${nodes} elements`);
  assert.ok(nodes < MAX_NODES, `the panel holds ${nodes} elements (want fewer than ${MAX_NODES})`);
  assert.match(v.text, new RegExp(`${N} goroutines are still alive after the test returned`));
});

test("hundreds of data races: the first shown, the others drawn five at a time when asked for", async (t) => {
  const v = await judge(races, "fail");
  assert.match(v.text, /WARNING: DATA RACE/);
  assert.match(v.text, /Found \d+ data race\(s\)/);
  const nodes = await panelNodes();
  t.diagnostic(`the panel holds ${nodes} elements`);
  assert.ok(nodes < MAX_NODES, `the panel holds ${nodes} elements (want fewer than ${MAX_NODES})`);
  const region = page.locator(`[data-exercise="${ID}"] [role="status"]`);
  const more = region.locator('li[data-test-status="race"] details.sx-more').filter({ hasText: /\(\d{2,}\)/ }).first();
  await openDisclosure(more);
  assert.equal(await more.locator("figure.sx-report").count(), 5, "the disclosure opens on five races");
  const button = more.locator("button.sx-show-more");
  assert.equal(await button.count(), 1, "the other races wait behind a button");
  await button.focus();
  await page.keyboard.press("Enter");
  assert.equal(await more.locator("figure.sx-report").count(), 10, "Enter draws five more");
  assert.ok((await frameMs()) < 1000, "the page answers");
});

test("the next Run after the floods is judged as ever", async () => {
  await judge(`import { shared } from "gosync";
import { Mutex } from "gosync/sync";
export class SafeCounter {
  private readonly counts = shared<Record<string, number>>({});
  private readonly mu = new Mutex();
  async inc(key: string): Promise<void> {
    using _ = await this.mu.lock();
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }
  async value(key: string): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts[key] ?? 0;
  }
}
`, "pass");
});
