// A learner's file that lacks what the hidden tests import, or a method they call on a class it
// exports, is named as such before any test runs, in both languages, not as esbuild's internal
// name failing in every test ("import_solution.Counter is not a constructor", "c.value is not a
// function"). End to end through the Node host.
import { describe, expect, test } from "vitest";
import { judge } from "../node/run.ts";
import { summarize } from "./verdict.ts";
import { calledOnLearnerClasses, importedFromLearner, methodsToCheck, missingExportMessage, missingMessage } from "./link.ts";

const tests = `import { test, expect } from "vitest";
import { Counter, type Options, start } from "./solution.ts";

test("counts", () => {
  const c = new Counter();
  expect(start(c)).toBe(0);
});
`;
const limits = { runs: 1, strategy: "random" as const, wallMs: 20_000 };

describe("a missing export", () => {
  test("is the Run's one message, naming each missing name, before any test runs", async () => {
    const v = await judge({ exerciseId: "counter", solution: "export class counter {}\n", tests, limits });
    expect(v.status).toBe("runtime-error");
    expect(v.tests).toEqual([]);
    expect(v.message).toMatch(/^solution\.ts does not export `Counter`, `start`, which the tests import: expected `export` before their declarations/);
    expect(v.message).not.toMatch(/import_solution/);
  });

  test("an empty file is told the same", async () => {
    const v = await judge({ exerciseId: "counter", solution: "", tests, limits });
    expect(v.message).toMatch(/^solution\.ts does not export `Counter`, `start`, which the tests import/);
  });

  test("a file that exports everything is judged as usual", async () => {
    const v = await judge({ exerciseId: "counter", solution: "export class Counter {}\nexport const start = (_c: Counter) => 0;\nexport interface Options {}\n", tests, limits });
    expect(v.status).toBe("pass");
  });
});

describe("importedFromLearner", () => {
  test("lists the names esbuild's CommonJS output reads from the learner's module, once each", () => {
    expect(importedFromLearner("var import_solution = require('./solution.ts');\nnew import_solution.Counter(); import_solution.start(); import_solution.Counter;")).toEqual(["Counter", "start"]);
  });
  test("missingExportMessage says it in one sentence, and missingMessage in Chinese too", () => {
    expect(missingExportMessage(["A"])).toBe("solution.ts does not export `A`, which the tests import: expected `export` before its declaration, with the names the starter gives");
    expect(missingMessage({ exports: ["A", "b"] }, "zh")).toBe("solution.ts 没有导出 `A`、`b`，而测试要导入它们：请在声明前加上 `export`，名字与初始代码一致");
  });
});

const methodTests = `import { test, expect } from "vitest";
import { SafeCounter } from "./solution.ts";

async function bump(c: SafeCounter) {
  await c.inc("a");
}

test("counts", async () => {
  const c = new SafeCounter();
  await bump(c);
  expect(await c.value("a")).toBe(1);
  expect(SafeCounter.zero().kind).toBe("zero");
});
`;
const counter = (body: string) => `export class SafeCounter {\n  n = 0;\n${body}\n  static zero() { return { kind: "zero" }; }\n}\n`;

describe("a missing method", () => {
  test("is the Run's one message, naming the file, the export and the method, before any test runs", async () => {
    const v = await judge({ exerciseId: "counter", solution: counter("  async inc(_k: string) { this.n++; }\n  async get(_k: string) { return this.n; }"), tests: methodTests, limits });
    expect(v.status).toBe("runtime-error");
    expect(v.tests).toEqual([]);
    expect(v.message).toBe("solution.ts: `SafeCounter` has no method `value`, which the tests call: expected a method of that name in the class, as the starter declares it");
    expect(v.zh?.message).toBe("solution.ts：`SafeCounter` 没有方法 `value`，而测试要调用它：请在类中声明这个名字的方法，与初始代码一致");
    expect(summarize(v, "zh")).toContain("`SafeCounter` 没有方法 `value`");
  });

  test("a static method the tests call on the class is named as static", async () => {
    const v = await judge({ exerciseId: "counter", solution: "export class SafeCounter {\n  n = 0;\n  async inc(_k: string) { this.n++; }\n  async value(_k: string) { return this.n; }\n}\n", tests: methodTests, limits });
    expect(v.message).toMatch(/^solution\.ts: `SafeCounter` has no static method `zero`, which the tests call/);
  });

  test("methods found through the prototype chain or defined as fields are not missing", async () => {
    const inherited = "class Base {\n  async value(_k: string) { return 1; }\n}\nexport class SafeCounter extends Base {\n  async inc(_k: string) {}\n  static zero() { return { kind: \"zero\" }; }\n}\n";
    expect((await judge({ exerciseId: "counter", solution: inherited, tests: methodTests, limits })).status).toBe("pass");
    const field = counter("  inc = async (_k: string) => { this.n++; };\n  value = async (_k: string) => this.n;");
    expect((await judge({ exerciseId: "counter", solution: field, tests: methodTests, limits })).status).toBe("pass");
    // A constructor that returns another object, and a mixin copied onto the prototype: correct, if unusual.
    const returned = "function make() {\n  let n = 0;\n  return { async inc(_k: string) { n++; }, value: async (_k: string) => n };\n}\nexport class SafeCounter {\n  constructor() { return make() as any; }\n  static zero() { return { kind: \"zero\" }; }\n}\n";
    expect((await judge({ exerciseId: "counter", solution: returned, tests: methodTests, limits })).status).toBe("pass");
    const mixin = "export class SafeCounter {\n  n = 0;\n  static zero() { return { kind: \"zero\" }; }\n}\nObject.assign(SafeCounter.prototype, { async inc(this: any) { this.n++; }, async value(this: any) { return this.n; } });\n";
    expect((await judge({ exerciseId: "counter", solution: mixin, tests: methodTests, limits })).status).toBe("pass");
  });
});

describe("calledOnLearnerClasses", () => {
  const compiled = [
    "var import_solution = require('./solution.ts');",
    "const c = new import_solution.Counter(); c.inc(); await c.value(); c?.reset();",
    "let d; d = new import_solution.Counter(); d.add();",
    "let q = new import_solution.Queue(); q = other(); q.push();",
    "import_solution.Counter.create(1);",
  ].join("\n");
  test("lists the methods called on the class and on names that only hold its instances", () => {
    expect(Object.fromEntries(calledOnLearnerClasses(compiled))).toEqual({ Counter: { statics: ["create"], methods: ["inc", "value", "reset", "add"] } });
  });
  test("leaves out what the learner's file may define outside the prototype", () => {
    expect(methodsToCheck(compiled, "class Counter {\n  inc = () => 0;\n  constructor() { this.value = () => 1; }\n}")).toEqual([["Counter", ["reset", "add"], ["create"]]]);
  });
});
