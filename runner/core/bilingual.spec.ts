// Tests in both languages, end to end through the Node host: a hidden test named { en, zh } and an
// assertion message given { en, zh } reach the Verdict in both languages, the English staying the
// test's identity, and summarize (the CLI's readable verdict) shows the language asked for.
import { describe, expect, test } from "vitest";
import { judge } from "../node/run.ts";
import { summarize, verdictSchema } from "./verdict.ts";
import { translatePrefix } from "./bilingual.ts";

const tests = `import { test, expect, describe } from "vitest";
import { add } from "./solution.ts";

describe({ en: "add", zh: "add 函数" }, () => {
  test({ en: "adds two numbers", zh: "两数相加" }, () => {
    expect(add(1, 2), { en: "add(1, 2)", zh: "add(1, 2) 的结果" }).toBe(3);
  });
  test({ en: "never returns a negative sum", zh: "和不为负" }, () => {
    expect(add(1, 2), { en: "add(1, 2)", zh: "add(1, 2) 的结果" }).not.toBeLessThan(0);
  });
  test("a test named only in English", () => {
    expect(add(0, 0), "add(0, 0)").toBe(0);
  });
});
`;
const limits = { runs: 2, strategy: "random" as const, wallMs: 20_000 };

describe("hidden tests in both languages", () => {
  test("a failing assertion carries its message in Chinese, and the test its Chinese name", async () => {
    const v = verdictSchema.parse(await judge({ exerciseId: "add", solution: "export const add = (a: number, b: number) => a - b;\n", tests, limits }));
    const [adds, positive, plain] = v.tests;
    expect(adds).toMatchObject({ name: "add > adds two numbers", status: "fail", zh: { name: "add 函数 > 两数相加" } });
    expect(adds!.message).toMatch(/^add\(1, 2\): expected -1 to be 3/);
    expect(adds!.zh?.message).toMatch(/^add\(1, 2\) 的结果: expected -1 to be 3/);
    expect(positive).toMatchObject({ status: "fail", zh: { name: "add 函数 > 和不为负", message: expect.stringMatching(/^add\(1, 2\) 的结果: expected -1 to be not less than 0/) } });
    expect(plain).toMatchObject({ name: "add > a test named only in English", status: "pass" });
    expect(plain!.zh).toBeUndefined();
  });

  test("summarize shows English by default and Chinese when asked", async () => {
    const v = await judge({ exerciseId: "add", solution: "export const add = (a: number, b: number) => a - b;\n", tests, limits });
    expect(summarize(v)).toContain("✗ add > adds two numbers [fail]");
    expect(summarize(v)).toContain("add(1, 2): expected -1 to be 3");
    const zh = summarize(v, "zh");
    expect(zh).toContain("✗ add 函数 > 两数相加 [fail]");
    expect(zh).toContain("add(1, 2) 的结果: expected -1 to be 3");
    expect(zh).toContain("✓ add > a test named only in English");
  });
});

describe("translatePrefix", () => {
  test("replaces the assertion's English message with its Chinese and keeps the matcher's text", () => {
    expect(translatePrefix("n: expected 1 to be 2", "n", "计数")).toBe("计数: expected 1 to be 2");
  });
  test("puts the Chinese in front of a message that does not start with the English", () => {
    expect(translatePrefix("expected 1 to be 2", "n", "计数")).toBe("计数: expected 1 to be 2");
  });
});
