/**
 * scoring.ts — partial credit for one exercise of a submission, from the tests' outcomes
 * (runs anywhere; pure). An exercise earns `points × (weight of the tests passed) / (weight of
 * all its tests)`, or with `allOrNothing` its points when every test passed and 0 otherwise.
 * A Run that is not about tests (compile-error, timeout, internal-error, runtime-error) earns 0.
 *
 * Points are rounded to hundredths, half away from zero, on integers (`roundPoints`), and
 * written with two decimals (`formatPoints`): the same outcomes give the same text on every
 * machine and every run.
 */
import type { AssignmentExercise } from "./schema.ts";

/** ScoredTest is one test's outcome as scoring reads it. */
export interface ScoredTest {
  /** full name, describe blocks joined by " > " (an instructor-only test's name starts with its file) */
  name: string;
  passed: boolean;
}

/** NOT_ABOUT_TESTS are the Verdict statuses that earn nothing whatever the tests say. */
export const NOT_ABOUT_TESTS: readonly string[] = ["compile-error", "timeout", "internal-error", "runtime-error"];

/** roundPoints rounds to hundredths, half away from zero. */
export function roundPoints(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

/** formatPoints writes points with two decimals ("7.50"); the CSV and every export use it. */
export function formatPoints(x: number): string {
  const r = roundPoints(x);
  return (Object.is(r, -0) ? 0 : r).toFixed(2);
}

/**
 * testWeight is the weight of the test named `name` under `weights`: the value of the key that
 * equals the name, else of the longest key the name ends with after " > ", else 1.
 */
export function testWeight(name: string, weights: Record<string, number> | undefined): number {
  if (!weights) return 1;
  if (Object.hasOwn(weights, name)) return weights[name]!;
  let best: string | undefined;
  for (const key of Object.keys(weights)) {
    if (name.endsWith(` > ${key}`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? 1 : weights[best]!;
}

/** ExerciseScore is what one exercise of a submission earned, and from what. */
export interface ExerciseScore {
  /** points earned, rounded to hundredths */
  earned: number;
  /** the exercise's points */
  points: number;
  passed: number;
  total: number;
  /** weighted share of the tests passed, 0..1 (before allOrNothing) */
  share: number;
}

/**
 * scoreExercise scores one exercise: `statuses` are the Verdict statuses of its Runs (hidden
 * tests, then each instructor-only file), `tests` every test of those Runs. No test at all
 * earns 0.
 */
export function scoreExercise(entry: AssignmentExercise, statuses: readonly string[], tests: readonly ScoredTest[]): ExerciseScore {
  const passed = tests.filter((t) => t.passed).length;
  const total = tests.length;
  let all = 0;
  let won = 0;
  for (const t of tests) {
    const w = testWeight(t.name, entry.weights);
    all += w;
    if (t.passed) won += w;
  }
  const share = total === 0 ? 0 : all === 0 ? (passed === total ? 1 : 0) : won / all;
  const broken = statuses.some((s) => NOT_ABOUT_TESTS.includes(s)) || total === 0;
  const earned = broken ? 0 : entry.allOrNothing ? (passed === total ? entry.points : 0) : roundPoints(entry.points * share);
  return { earned, points: entry.points, passed, total, share: broken ? 0 : share };
}
