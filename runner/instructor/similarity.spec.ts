import { describe, expect, test } from "vitest";
import { findExercise } from "../../exercises/index.ts";
import { similarPairs, tokenize } from "./similarity.ts";

const ex = findExercise("worker-pool")!;
/** own is a solution of the learner's own: the reference with a helper of its own added. */
const own = `${ex.solution}
export function summarizeErrors(list: readonly Error[]): string {
  const seen = new Map<string, number>();
  for (const e of list) seen.set(e.message, (seen.get(e.message) ?? 0) + 1);
  return [...seen].map(([m, n]) => (n > 1 ? m + " x" + n : m)).join("; ");
}
`;
const renamed = own.replace(/\bseen\b/g, "counts").replace(/\blist\b/g, "errors").replace(/\bsummarizeErrors\b/g, "describe");

describe("tokenize", () => {
  test("writes identifiers and literals by kind, so renaming changes no token", () => {
    expect(tokenize('const a = "x" + 1;').tokens).toEqual(["const", "$", "=", "str", "+", "num", ";"]);
    expect(tokenize(renamed).tokens).toEqual(tokenize(own).tokens);
    expect(tokenize("let out = type + of;").tokens).toEqual(tokenize("let x = y + z;").tokens);
  });
});

describe("similarPairs", () => {
  test("finds a copy with renamed variables, with the lines they share", () => {
    const pairs = similarPairs([{ key: "b", code: renamed }, { key: "a", code: own }], [ex.starter, ex.solution]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ left: "a", right: "b", similarity: 1 });
    expect(pairs[0]!.sharedLines).toBeGreaterThan(0);
    const helper = own.split("\n").findIndex((l) => l.includes("summarizeErrors")) + 1;
    expect(pairs[0]!.fragments.some((f) => f.left.from <= helper && helper <= f.left.to)).toBe(true);
  });
  test("does not count the starter or the reference solution as evidence", () => {
    expect(similarPairs([{ key: "a", code: ex.solution }, { key: "b", code: ex.solution }], [ex.starter, ex.solution])).toEqual([]);
    expect(similarPairs([{ key: "a", code: ex.starter }, { key: "b", code: ex.starter }], [ex.starter, ex.solution])).toEqual([]);
  });
  test("does not pair unrelated code", () => {
    const other = findExercise("context-timeout")!.solution;
    expect(similarPairs([{ key: "a", code: own }, { key: "b", code: other }], [ex.starter, ex.solution])).toEqual([]);
  });
});
