// Messages that name the cause, end to end through the Node host: a panic inside a `using` block
// whose disposal then fails is shown first, as Go prints a panic; a goroutine still runnable at
// the step limit is shown with where it spins.
import { describe, expect, test } from "vitest";
import { judge } from "../node/run.ts";
import { disposalChain } from "./harness.ts";

const limits = { runs: 1, strategy: "random" as const, wallMs: 20_000 };
const runTest = `import { test } from "vitest";
import { run } from "./solution.ts";
test("runs", async () => { await run(); });
`;

describe("a panic inside a using block whose disposal fails", () => {
  test("shows the block's panic first and the disposal's failure indented under it, as Go prints a panic during a panic", async () => {
    const solution = `import { Mutex, WaitGroup } from "gosync/sync";
const mu = new Mutex();
export async function run() {
  const wg = new WaitGroup();
  using _ = await mu.lock();
  mu.unlock();
  wg.done();
}
`;
    const v = await judge({ exerciseId: "x", solution, tests: runTest, limits });
    expect(v.tests[0]).toMatchObject({ status: "panic", location: { file: "solution.ts", line: 7 } });
    expect(v.tests[0]!.message).toBe("panic: sync: negative WaitGroup counter\n\tfatal error: sync: unlock of unlocked mutex [while disposing of a `using` resource]");
  });

  test("disposalChain lists the block's error, then each disposal's", () => {
    const first = new Error("first");
    const second = new Error("second");
    const third = new Error("third");
    const nested = new SuppressedError(third, new SuppressedError(second, first));
    expect(disposalChain(nested)).toEqual([first, second, third]);
    expect(disposalChain(first)).toEqual([first]);
  });
});

describe("a goroutine spinning at the step limit", () => {
  test("is shown with where it spins", async () => {
    const solution = `import { go } from "gosync";
import * as runtime from "gosync/runtime";
export async function run() {
  let ready = false;
  go(async () => { await runtime.gosched(); });
  while (!ready) {
    await runtime.gosched();
  }
}
`;
    const v = await judge({ exerciseId: "x", solution, tests: runTest, limits: { ...limits, maxSteps: 200 } });
    expect(v.tests[0]!.message).toMatch(/did not finish within 200 scheduling steps[\s\S]*\ngoroutine 1 \[\w+\] spins at solution\.ts:7:\d+/);
  });
});

describe("a missing await", () => {
  test("points at the call that lacks it, not at the next call that found it pending", async () => {
    const solution = `import { go } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
export async function run() {
  const mu = new Mutex();
  const wg = new WaitGroup();
  wg.add(1);
  go(async () => { await time.sleep(10); wg.done(); });
  wg.wait();
  await mu.lock();
  mu.unlock();
}
`;
    const v = await judge({ exerciseId: "x", solution, tests: runTest, limits });
    expect(v.tests[0]!.message).toMatch(/a missing await\? The pending WaitGroup\.wait was called at solution\.ts:9:\d+ without await\./);
    expect(v.tests[0]!.location).toMatchObject({ file: "solution.ts", line: 9 });
  });
});
