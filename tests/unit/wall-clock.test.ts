// The wall-clock limit stops code that never yields, not a Run that a busy machine (or heavy but
// progressing work) makes long: a sandbox's clock restarts at each message it sends, and it
// sends one at least every ALIVE_EVERY_MS while schedules start.
import { describe, expect, test } from "vitest";
import { summarize } from "../../runner/core/verdict.ts";
import { judge } from "../../runner/node/run.ts";

const tests = `import { test, expect } from "vitest";
import { work } from "./solution.ts";
test("works", async () => { expect(await work()).toBe(1); });
`;

describe("the wall-clock limit", () => {
  test("lets a Run that keeps making progress take many times the limit", async () => {
    // A few ms of CPU per schedule, 300 schedules: seconds in all, against a 300 ms limit. It
    // draws from Math.random, so each of the 300 is run (a program with one schedule, the same
    // every run, would be run twice: gosync/src/sim/coverage.ts).
    const solution = `export async function work(): Promise<number> { let x = Math.random() * 0; for (let i = 0; i < 1_500_000; i++) x += Math.sqrt(i); return x > 0 ? 1 : 0; }\n`;
    const v = await judge({ exerciseId: "wall-clock", solution, tests, limits: { wallMs: 300, runs: 300, strategy: "random" } });
    expect(v.status, summarize(v)).toBe("pass");
    expect(v.timings.runMs, "the Run took longer than the limit in all").toBeGreaterThan(300);
  }, 60_000);

  test("stops code that never yields, checks it again with the limit doubled, and names the limit", async () => {
    const solution = `export async function work(): Promise<number> { while (true) {} }\n`;
    const v = await judge({ exerciseId: "wall-clock", solution, tests, limits: { wallMs: 300, runs: 3, strategy: "random" } });
    expect(v.status, summarize(v)).toBe("timeout");
    expect(v.message).toMatch(/600 ms wall-clock limit while judging test "works".*the first stopped at 300 ms.*made no progress/);
  }, 60_000);
});
