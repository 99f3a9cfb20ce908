// Flooding the judge (issue 10, item 6): learner code that makes the simulator's reports as
// large as it can — 20,000 goroutines blocked forever, thousands of races, megabytes of panic
// text, of console output, of assertion values — gets a non-pass Verdict of at most
// VERDICT_MAX_BYTES through the Node host, and the host judges the next Run as ever.
// Before reports were bounded, the first two Verdicts were 14 MB each.
import { describe, expect, test } from "vitest";
import { VERDICT_MAX_BYTES, summarize, verdictSchema, type Verdict } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

const tests = `import { test, expect } from "vitest";
import { Counter } from "./solution.ts";

test("counts one increment", async () => {
  const c = new Counter();
  await c.inc();
  expect(c.value()).toBe(1);
});

test("counts two increments", async () => {
  const c = new Counter();
  await c.inc();
  await c.inc();
  expect(c.value()).toBe(2);
});
`;

/** counter wraps an inc body, run on a counter's first inc only (one flood per test), into the Counter the tests use. */
const counter = (inc: string, head = `import { go, chan, shared } from "gosync";\nimport { WaitGroup } from "gosync/sync";`) =>
  `${head}\nexport class Counter {\n  n = 0;\n  async inc() {\n    if (this.n === 0) {\n${inc}\n    }\n    this.n++;\n  }\n  value() { return this.n; }\n}\n`;

/** FLOOD_MS is a flood test's time limit: 20,000 goroutines replayed with stacks take seconds on a busy machine. */
const FLOOD_MS = 120_000;

const run = (solution: string): Promise<Verdict> =>
  judge({ exerciseId: "flood", solution, tests, limits: { runs: 5, strategy: "random", wallMs: 60_000, maxSteps: 200_000 } });

/** bytes is the size of a Verdict's JSON in UTF-8. */
const bytes = (v: Verdict) => new TextEncoder().encode(JSON.stringify(v)).length;

/**
 * bounded checks a flood's Verdict: its status one of `want` (never a pass), valid, under the
 * cap; it returns what the Verdict says, briefly, for failure messages.
 */
function bounded(v: Verdict, ...want: Verdict["status"][]): string {
  const what = `${bytes(v)} bytes, cut ${JSON.stringify(v.cut ?? [])}:\n${summarize(v).slice(0, 2000)}`;
  expect(want, what).toContain(v.status);
  expect(bytes(v), what).toBeLessThanOrEqual(VERDICT_MAX_BYTES);
  expect(verdictSchema.safeParse(v).success, what).toBe(true);
  return what;
}

const FLOOD = 20_000;

describe("a flood through the Node host's judge", () => {
  test("20,000 goroutines blocked forever: a deadlock whose dump lists 50 and counts the rest", async () => {
    const v = await run(counter(`    const c = chan<number>();\n    for (let i = 0; i < ${FLOOD}; i++) go(async () => { await c.recv(); });\n    await c.recv();`));
    const what = bounded(v, "deadlock");
    const r = v.tests[0].report!;
    expect(r.goroutinesTotal, what).toBe(FLOOD + 1);
    expect(r.goroutines, what).toHaveLength(50);
    expect(r.dump, what).toMatch(/\n\n\.\.\.19951 goroutines elided\.\.\.$/);
    expect(v.tests[0].message, what).toBe("fatal error: all goroutines are asleep - deadlock!");
  }, FLOOD_MS);

  test("20,000 goroutines left blocked: a leak that says how many", async () => {
    const v = await run(counter(`    const c = chan<number>();\n    for (let i = 0; i < ${FLOOD}; i++) go(async () => { await c.recv(); });`));
    const what = bounded(v, "fail");
    expect(v.tests.map((t) => t.status), what).toEqual(["leak", "leak"]);
    expect(v.tests[0].message, what).toMatch(new RegExp(`^${FLOOD} goroutines are still alive after the test returned`));
    expect(v.tests[0].report!.leaksTotal, what).toBe(FLOOD);
  }, FLOOD_MS);

  test("races on 1,000 locations: the first 50 reports and Go's count of them all", async () => {
    const v = await run(
      counter(`    const s = shared<Record<string, number>>({});\n    const wg = new WaitGroup();\n    for (let i = 0; i < 2000; i++) { wg.add(1); go(async () => { s["k" + (i % 1000)] = i; wg.done(); }); }\n    await wg.wait();`),
    );
    const what = bounded(v, "fail");
    expect(v.tests[0].status, what).toBe("race");
    expect(v.tests[0].message, what).toMatch(/^\d{4} data races on /);
    expect(v.tests[0].report!.racesTotal, what).toBeGreaterThanOrEqual(1000);
    expect(summarize(v), what).toMatch(/Found \d{4} data race\(s\)/);
  }, FLOOD_MS);

  test("a panic of 5 MB is clipped", async () => {
    const v = await run(counter(`    throw new Error("x".repeat(5_000_000));`, ""));
    const what = bounded(v, "fail");
    expect(v.tests[0].message!.length, what).toBeLessThan(20_000);
    expect(/… \(4983616 more characters\)/.test(v.tests[0].message!), what).toBe(true);
  }, FLOOD_MS);

  test("an assertion on a value of 5 MB is clipped", async () => {
    bounded(await run(`export class Counter {\n  n = "y".repeat(5_000_000);\n  async inc() {}\n  value() { return this.n; }\n}\n`), "fail");
  }, FLOOD_MS);

  test("a million console lines are capped", async () => {
    // Printing 100 MB may instead exhaust the sandbox's memory: a runtime error, bounded too.
    bounded(await run(counter(`    for (let i = 0; i < 1e6; i++) console.log("line", i, "z".repeat(100));\n    throw new Error("done printing");`, "")), "fail", "runtime-error");
  }, FLOOD_MS);

  test("the host judges the next Run as ever after every flood", async () => {
    const v = await run(`export class Counter {\n  n = 0;\n  async inc() { this.n++; }\n  value() { return this.n; }\n}\n`);
    expect(v.status, summarize(v)).toBe("pass");
  });
});
