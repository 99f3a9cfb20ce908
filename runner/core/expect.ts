/**
 * expect.ts — Vitest's `expect`, built from @vitest/expect and its chai, for the sandbox harness
 * (runs in the sandbox realm: the browser's worker, a Node worker thread). Under real Vitest the
 * shim uses Vitest's own `expect` instead; the matchers and their messages are the same code.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  GLOBAL_EXPECT,
  JEST_MATCHERS_OBJECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  MATCHERS_OBJECT,
  chai,
  getState,
  setState,
} from "@vitest/expect";

/** Expect is the callable `expect` the hidden tests import from "vitest". */
export type Expect = ((value: unknown, message?: string) => unknown) & Record<string, unknown>;

let created: Expect | undefined;

/**
 * createExpect returns the realm's `expect` (created once: chai plugins patch chai globally).
 * `expect.assertions(n)` / `hasAssertions()` work through the same state Vitest keeps.
 */
export function createExpect(): Expect {
  if (created) return created;
  chai.use(JestExtend);
  chai.use(JestChaiExpect);
  chai.use(JestAsymmetricMatchers);
  const expect = ((value: unknown, message?: string) => {
    // The state object is created once (setState below) and setState only redefines its
    // properties in place, so counting on it directly is what setState would do, without
    // copying every property descriptor on each of the hundreds of calls a Run makes.
    (getState(expect as never) as { assertionCalls: number }).assertionCalls++;
    return chai.expect(value, message);
  }) as Expect;
  Object.assign(expect, chai.expect);
  Object.assign(expect, (globalThis as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT]);
  expect.getState = () => getState(expect as never);
  expect.setState = (state: object) => setState(state as never, expect as never);
  expect.extend = (matchers: object) => (chai.expect as unknown as { extend(e: unknown, m: object): void }).extend(expect, matchers);
  setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null }, expect as never);
  (globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;
  created = expect;
  return expect;
}

/**
 * sealExpect makes what `expect` relies on unchangeable by code loaded later (the learner's):
 * chai's Assertion prototype (where every matcher lives) and the global slots @vitest/expect
 * reads its state and matchers from. Without it, learner code that reaches an Assertion (for
 * example through an Object.prototype setter) could turn every `toBe` into a pass.
 */
export function sealExpect(): void {
  const g = globalThis as Record<symbol, unknown>;
  for (const key of [MATCHERS_OBJECT, JEST_MATCHERS_OBJECT, ASYMMETRIC_MATCHERS_OBJECT, GLOBAL_EXPECT]) {
    const d = Object.getOwnPropertyDescriptor(g, key);
    if (d) Object.defineProperty(g, key, { ...d, configurable: false, ...("value" in d ? { writable: false } : {}) });
  }
  Object.freeze(chai.Assertion.prototype);
  Object.freeze(chai.Assertion);
  Object.freeze(chai.AssertionError.prototype);
  Object.freeze(chai.config);
  if (created) Object.freeze(created);
}
