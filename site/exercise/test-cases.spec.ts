import { describe, expect, test } from "vitest";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
import { testCases } from "./test-cases.ts";

describe("testCases", () => {
  test("names tests with their describe blocks joined by ' > ', with the lines each call spans", () => {
    const source = [
      'import { test, describe } from "vitest";',
      'describe("Outer", () => {',
      '  test("one", () => {',
      "    expect(1).toBe(1);",
      "  });",
      '  describe("Inner", () => {',
      '    it.skip("two", async () => {});',
      "  });",
      "});",
      'test(`three`, () => {});',
    ].join("\n");
    expect(testCases(source)).toEqual([
      { name: "Outer > one", line: 3, endLine: 5 },
      { name: "Outer > Inner > two", line: 7, endLine: 7 },
      { name: "three", line: 10, endLine: 10 },
    ]);
  });

  test("leaves out tests whose name or block's name is not a literal, and calls that only look like tests", () => {
    const source = ['const name = "x";', "test(name, () => {});", 'helper.test("no", () => {});', 'describe(name, () => { test("inner", () => {}); });'].join("\n");
    expect(testCases(source).map((t) => t.name)).toEqual([]);
  });

  test("reads a name given in both languages; a block named only in English keeps its English in the Chinese name", () => {
    const source = ['describe("Box", () => {', '  test({ en: "opens", zh: "打开" }, () => {});', "});", 'describe({ en: "lid", zh: "盖子" }, () => { test({ en: "shuts", zh: "关上" }, () => {}); });'].join("\n");
    expect(testCases(source)).toEqual([
      { name: "Box > opens", zh: "Box > 打开", line: 2, endLine: 2 },
      { name: "lid > shuts", zh: "盖子 > 关上", line: 4, endLine: 4 },
    ]);
  });

  test("finds every test of every exercise, each name once", () => {
    for (const id of exerciseIds()) {
      const cases = testCases(findExercise(id)!.tests);
      expect(cases.length, `${id}: tests found`).toBeGreaterThan(0);
      expect(new Set(cases.map((c) => c.name)).size, `${id}: distinct names`).toBe(cases.length);
    }
  });
});
