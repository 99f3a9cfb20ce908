import { describe, expect, test } from "vitest";
import { formatPoints, roundPoints, scoreExercise, testWeight } from "./scoring.ts";

const t = (name: string, passed: boolean) => ({ name, passed });

describe("testWeight", () => {
  test("a key matches the full name or its last describe-separated part, the longest key winning", () => {
    const w = { "counts exactly": 3, "A > counts exactly": 5, other: 0 };
    expect(testWeight("A > counts exactly", w)).toBe(5);
    expect(testWeight("B > counts exactly", w)).toBe(3);
    expect(testWeight("B > recounts exactly", w)).toBe(1);
    expect(testWeight("anything", undefined)).toBe(1);
  });
});

describe("scoreExercise", () => {
  const entry = { id: "x", points: 10 };
  test("earns points times the weighted share of the tests passed", () => {
    expect(scoreExercise(entry, ["fail"], [t("a", true), t("b", false), t("c", false)]).earned).toBe(3.33);
    const weighted = { ...entry, weights: { b: 2 } };
    expect(scoreExercise(weighted, ["fail"], [t("a", true), t("b", true), t("c", false)]).earned).toBe(7.5);
  });
  test("all or nothing earns the points only when every test passed", () => {
    const aon = { ...entry, allOrNothing: true };
    expect(scoreExercise(aon, ["fail"], [t("a", true), t("b", false)]).earned).toBe(0);
    expect(scoreExercise(aon, ["pass"], [t("a", true), t("b", true)]).earned).toBe(10);
  });
  test("a Run that is not about tests, or no test at all, earns nothing", () => {
    for (const s of ["compile-error", "timeout", "internal-error", "runtime-error"]) {
      expect(scoreExercise(entry, ["pass", s], [t("a", true)]).earned).toBe(0);
    }
    expect(scoreExercise(entry, ["pass"], []).earned).toBe(0);
  });
  test("tests whose weights are all zero count as all passed or not", () => {
    const zero = { ...entry, weights: { a: 0, b: 0 } };
    expect(scoreExercise(zero, ["pass"], [t("a", true), t("b", true)]).earned).toBe(10);
    expect(scoreExercise(zero, ["fail"], [t("a", true), t("b", false)]).earned).toBe(0);
  });
});

describe("formatPoints", () => {
  test("writes hundredths, rounded half away from zero, the same on every machine", () => {
    expect(formatPoints(1.005)).toBe("1.01");
    expect(formatPoints(2 / 3)).toBe("0.67");
    expect(formatPoints(-0)).toBe("0.00");
    expect(roundPoints(-1.005)).toBe(-1.01);
    expect(formatPoints(10)).toBe("10.00");
  });
});
