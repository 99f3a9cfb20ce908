// The Node host end to end on a tiny exercise defined here: bundle → sandbox process → harness
// → Verdict, including hostile learner code, which must always end in a clear non-pass.
// sandbox-process.spec.ts holds the attacks of a compromised sandbox process on the host.
import { describe, expect, test } from "vitest";
import { summarize, verdictSchema, type Verdict } from "../core/verdict.ts";
import { findExercise } from "../../exercises/index.ts";
import { judge } from "./run.ts";

const tests = `import { test, expect } from "vitest";
import { go } from "gosync";
import { WaitGroup } from "gosync/sync";
import { Counter } from "./solution.ts";

test("counts every increment", async () => {
  const c = new Counter();
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    wg.add(1);
    go(async () => {
      try {
        for (let k = 0; k < 5; k++) await c.inc();
      } finally {
        wg.done();
      }
    });
  }
  await wg.wait();
  expect(c.value()).toBe(15);
});
`;

const good = `import { Mutex } from "gosync/sync";
export class Counter {
  private mu = new Mutex();
  private n = 0;
  async inc() {
    using _ = await this.mu.lock();
    this.n++;
  }
  value() {
    return this.n;
  }
}
`;

const run = (solution: string, wallMs = 3000): Promise<Verdict> =>
  judge({ exerciseId: "tiny", solution, tests, limits: { runs: 20, strategy: "random", wallMs } });

/** counter wraps an inc body into a Counter class. */
const counter = (inc: string, head = "") => `${head}\nexport class Counter {\n  n = 0;\n  async inc() {\n${inc}\n  }\n  value() { return this.n; }\n}\n`;

describe("judge (Node host)", () => {
  test("passes a correct solution with a valid Verdict and timings", async () => {
    const v = await run(good);
    expect(v.status, summarize(v)).toBe("pass");
    expect(verdictSchema.parse(v)).toEqual(v);
    expect(v.tests).toEqual([expect.objectContaining({ name: "counts every increment", status: "pass" })]);
    expect(v.timings.bundleMs).toBeGreaterThan(0);
    expect(v.timings.runMs).toBeGreaterThan(0);
  });

  test("fails a lost update with expected/actual, the line in the tests and the seed", async () => {
    const v = await run(counter(`    const v = this.n;\n    await rt.gosched();\n    this.n = v + 1;`, `import * as rt from "gosync/runtime";`));
    expect(v.status, summarize(v)).toBe("fail");
    const t = v.tests[0]!;
    expect(t).toMatchObject({ status: "fail", expected: "15", location: { file: "hidden.test.ts", line: 20 } });
    expect(Number(t.actual)).toBeLessThan(15);
    // found by random exploration, shown shrunk: the token is the shrunk schedule's choice list
    expect(t.schedule).toMatchObject({ strategy: "manual", found: { strategy: "random" } });
    expect(t.schedule!.shrunk!.preemptions).toBeLessThanOrEqual(t.schedule!.shrunk!.fromPreemptions);
    expect(t.message).toContain("to be 15");
  });

  test("reports a data race on shared state with both accesses in solution.ts", async () => {
    const v = await run(`import { shared } from "gosync";\nimport * as rt from "gosync/runtime";\nexport class Counter {\n  s = shared({ n: 0 });\n  async inc() {\n    const v = this.s.n;\n    await rt.gosched();\n    this.s.n = v + 1;\n  }\n  value() { return this.s.n; }\n}\n`);
    expect(v.status, summarize(v)).toBe("fail");
    expect(v.tests[0]).toMatchObject({ status: "race", location: { file: "solution.ts" } });
    expect(v.tests[0]!.report?.races[0]?.text).toMatch(/WARNING: DATA RACE[\s\S]*solution\.ts:(6|8):\d+[\s\S]*solution\.ts:(6|8):\d+/);
    expect(summarize(v), "the readable verdict prints the race detector's report").toMatch(/WARNING: DATA RACE/);
  });

  test("reports a deadlock with Go's message and the dump", async () => {
    const v = await run(counter(`    await this.mu.lock();\n    this.n++;`, `import { Mutex } from "gosync/sync";\nconst _ = 0;`).replace("n = 0;", "n = 0;\n  mu = new Mutex();"));
    expect(v.status, summarize(v)).toBe("deadlock");
    expect(v.tests[0]!.message).toContain("fatal error: all goroutines are asleep - deadlock!");
    expect(v.tests[0]!.report?.dump).toContain("[sync.Mutex.Lock]");
    expect(summarize(v), "the readable verdict prints the dump").toContain("[sync.Mutex.Lock]");
  });

  test("locates a syntax error in solution.ts as a compile error", async () => {
    const v = await run(counter("    this.n += ;"));
    expect(v.status).toBe("compile-error");
    expect(v.diagnostics[0]).toMatchObject({ file: "solution.ts", line: 5, severity: "error" });
    expect(v.tests).toEqual([]);
  });

  test("refuses an unknown import as a compile error that lists what can be imported", async () => {
    const v = await run(`import fs from "node:fs";\n${good}`);
    expect(v.status).toBe("compile-error");
    expect(v.message).toMatch(/^solution\.ts:1:16: Cannot import "node:fs" in solution\.ts: only these modules can be imported: "gosync"/);
  });

  test("reports a throw at import as a runtime error located in solution.ts", async () => {
    const v = await run(`throw new Error("not today");\n${good}`);
    expect(v.status).toBe("runtime-error");
    expect(v.message).toBe("solution.ts threw while being imported: Error: not today (at solution.ts:1:7)");
  });
});

describe("judge with hostile code", () => {
  test("stops while(true){} at the wall-clock limit, checks it again with the limit doubled, and names both limits", async () => {
    const v = await run(counter("    while (true) {}"), 500);
    expect(v.status).toBe("timeout");
    expect(v.message).toMatch(/stopped after the 1000 ms wall-clock limit while judging test "counts every increment", the second time it was tried \(the first stopped at 500 ms/);
    expect(v.timings.runMs).toBeGreaterThanOrEqual(1500);
    expect(v.timings.runMs).toBeLessThan(5000);
  });

  test("turns unbounded recursion into a failed test, not a pass", async () => {
    const v = await run(counter("    const f = (x: number): number => f(x + 1) + 1;\n    f(0);"));
    expect(v.status).toBe("fail");
    // The recursion runs in a goroutine the test started: in Go terms that goroutine panicked.
    expect(["panic", "error"]).toContain(v.tests[0]!.status);
    expect(v.tests[0]!.message).toMatch(/Maximum call stack size exceeded/);
  });

  test("stops a huge allocation at the memory cap", async () => {
    const v = await run(counter("    const a: number[][] = [];\n    for (;;) a.push(new Array(1e6).fill(1));"), 20_000);
    expect(["runtime-error", "timeout"]).toContain(v.status);
    if (v.status === "runtime-error") expect(v.message).toMatch(/ran out of memory/);
  });

  test("keeps overriding Promise, globalThis or the harness from producing a pass", async () => {
    for (const attack of [
      `globalThis.Promise = class {} as never;`,
      `(Promise.prototype as any).then = function () {};`,
      `Object.defineProperty(Object.prototype, "__flags", { set() {} });`,
      `(globalThis as any)[Symbol.for("synclab.modules")].vitest.test = () => {};`,
      `import { Chan } from "gosync";\n(Chan.prototype as any).send = async function () {};`,
      // gosync's classes are frozen, and nothing a learner holds leads to the simulator
      `import * as time from "gosync/time";\nconst t: any = time.newTimer(1e9);\nObject.getPrototypeOf(t.t.sim).buildReport = () => ({ outcome: "ok", races: [], leaks: [] });`,
      `import { Mutex } from "gosync/sync";\n(Mutex.prototype as any).unlock = function () {};`,
      // expect's tables are frozen: a custom equality tester would make every toEqual pass
      `(globalThis as any)[Symbol.for("$$jest-matchers-object")].customEqualityTesters.push(() => true);`,
      // time.since reads Date.prototype.getTime
      `(Date.prototype as any).getTime = () => 0;`,
    ]) {
      const v = await run(`${attack}\nexport class Counter { async inc() {} value() { return 0; } }\n`);
      expect(v.status, `${attack}\n${summarize(v)}`).not.toBe("pass");
      // Refused at once (a frozen intrinsic), or harmless in the Run's own Compartment and then failed.
      expect(["runtime-error", "fail"], attack).toContain(v.status);
    }
  });

  test("fails a value under test that decides its own comparison (an asymmetricMatch method), naming it", async () => {
    const v = await judge({
      exerciseId: "tiny",
      solution: `export const answer = () => ({ asymmetricMatch: () => true, n: 1 });\n`,
      tests: `import { test, expect } from "vitest";\nimport { answer } from "./solution.ts";\ntest("answers 42", () => { expect({ wrapped: answer() }, "the answer").toEqual({ wrapped: 42 }); });\n`,
      limits: { runs: 1, strategy: "random", wallMs: 3000 },
    });
    expect(v.status, summarize(v)).toBe("fail");
    expect(v.tests[0]?.message).toMatch(/^the answer: the value\.wrapped has an asymmetricMatch method/);

    // Values that could answer this check one way and the comparison another.
    for (const [answer, why] of [
      [`(() => { let reads = 0; return { get asymmetricMatch() { return reads++ ? () => true : undefined; } }; })()`, /the value\.wrapped has an asymmetricMatch method/],
      [`new Proxy({}, { get: (_t, k) => (k === "asymmetricMatch" ? () => true : undefined) })`, /the value\.wrapped is a Proxy/],
      [`({ get n() { return 42; } })`, /the value\.wrapped\.n is a getter/],
      [`({ *[Symbol.iterator]() { yield 42; } })`, /the value\.wrapped has its own iterator/],
      // inherited, from a class of the program's and from a prototype made for the purpose
      [`new (class { asymmetricMatch() { return true; } })()`, /the value\.wrapped has an asymmetricMatch method/],
      [`Object.create(Object.create(null, { asymmetricMatch: { value: () => true } }))`, /the value\.wrapped has an asymmetricMatch method/],
    ] as const) {
      const w = await judge({
        exerciseId: "tiny",
        solution: `export const answer = (): any => ${answer};\n`,
        tests: `import { test, expect } from "vitest";\nimport { answer } from "./solution.ts";\ntest("answers 42", () => { expect({ wrapped: answer() }, "the answer").toEqual({ wrapped: 42 }); });\n`,
        limits: { runs: 1, strategy: "random", wallMs: 3000 },
      });
      expect(w.status, `${answer}\n${summarize(w)}`).toBe("fail");
      expect(w.tests[0]?.message, answer).toMatch(why);
    }
  });

  test("cannot reach process, require, Node's modules or console internals, nor print its way out", async () => {
    const v = await run(`export class Counter {
  async inc() {}
  value() {
    const g = globalThis as any;
    const c = console as any;
    const viaFunction = (() => { try { return typeof new Function("return typeof process")(); } catch { return "refused"; } })();
    const found = [typeof g.process, typeof g.require, typeof g.Buffer, typeof g.fetch, typeof g.self, typeof c._stdout, viaFunction].join(",");
    for (let i = 0; i < 100000; i++) console.log("spam " + i);
    return found as never;
  }
}
`);
    expect(v.status, summarize(v)).toBe("fail");
    expect(v.tests[0]!.actual).toMatch(/^"undefined,undefined,undefined,undefined,undefined,undefined,(string|refused)"$/);
  });

  test("cannot import Node's modules: the sandbox refuses the text before anything runs", async () => {
    const v = await run(`const name = ["node", "child_process"].join(":");\nimport(name).then((m: any) => m.execSync("id"));\nexport class Counter { async inc() {} value() { return 0; } }\n`);
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/import\(/);
  });
});

describe("judge in several sandboxes at once", () => {
  /** comparable drops what differs between two judgements of the same Run: wall times. */
  const comparable = (v: Verdict) => ({ ...v, timings: undefined, tests: v.tests.map((t) => ({ ...t, durationMs: undefined })) });

  test("gives the Verdict one sandbox gives, tests in declaration order", async () => {
    const ex = findExercise("safe-counter")!;
    for (const solution of [ex.starter, ex.solution]) {
      const input = { exerciseId: ex.id, solution, tests: ex.tests, limits: ex.config.limits };
      const one = await judge({ ...input, parallel: 1 });
      const three = await judge({ ...input, parallel: 3 });
      expect(comparable(three), summarize(three)).toEqual(comparable(one));
    }
  });

  test("stops every sandbox at the one wall-clock limit and names the test that was running", async () => {
    const many = `${tests}\ntest("second", async () => { expect(1).toBe(1); });\n`;
    const v = await judge({ exerciseId: "tiny", solution: counter("    while (true) {}"), tests: many, limits: { runs: 5, strategy: "random", wallMs: 500 }, parallel: 2 });
    expect(v.status, summarize(v)).toBe("timeout");
    expect(v.message).toMatch(/1000 ms wall-clock limit while judging test "counts every increment"/);
    expect(v.tests.map((t) => t.status)).toEqual(["error", "pass"]);
  });
});
