// A learner's file that lacks what the hidden tests import is named as such before any test runs,
// not as esbuild's internal name failing in every test ("import_solution.Counter is not a
// constructor"). End to end through the Node host.
import { describe, expect, test } from "vitest";
import { judge } from "../node/run.ts";
import { importedFromLearner, missingExportMessage } from "./link.ts";

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
  test("the message the program builds is missingExportMessage's", () => {
    expect(missingExportMessage(["A"])).toBe("solution.ts does not export `A`, which the tests import: expected `export` before its declaration, with the names the starter gives");
  });
});
