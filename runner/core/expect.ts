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
import { isLearnerProxy } from "./lockdown.ts";

/** Expect is the callable `expect` the hidden tests import from "vitest". */
export type Expect = ((value: unknown, message?: string) => unknown) & Record<string, unknown>;

let created: Expect | undefined;

/** MATCHER_SCAN_LIMIT bounds how many objects selfJudging visits in one value under test. */
const MATCHER_SCAN_LIMIT = 10_000;
const ASYMMETRIC_TAG = Symbol.for("jest.asymmetricMatcher");

/** NATIVE_ITERATORS are the built-in iterator methods, which run no learner code. */
const NATIVE_ITERATORS = new Set<unknown>([
  Array.prototype[Symbol.iterator], Map.prototype[Symbol.iterator], Set.prototype[Symbol.iterator], String.prototype[Symbol.iterator],
  (Object.getPrototypeOf(Uint8Array.prototype) as Iterable<unknown>)[Symbol.iterator], // %TypedArray%.prototype.values
  (Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as Iterable<unknown>)[Symbol.iterator], // %IteratorPrototype%: returns this
]);

/** judgingDescriptor finds a property named key on o or its prototypes that is a getter or a function. */
function judgingDescriptor(o: object, key: PropertyKey): boolean {
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d === undefined) continue;
    if (d.get !== undefined || d.set !== undefined) return true;
    return typeof d.value === "function" || (key === "$$typeof" && d.value === ASYMMETRIC_TAG);
  }
  return false;
}

/** handWrittenIterator tells whether o (or a prototype) has a Symbol.iterator that is not a built-in one. */
function handWrittenIterator(o: object): boolean {
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, Symbol.iterator);
    if (d === undefined) continue;
    return d.get !== undefined || d.set !== undefined || !NATIVE_ITERATORS.has(d.value);
  }
  return false;
}

/**
 * selfJudging returns why `value` cannot be compared fairly, with where in it, or null. Jest's
 * equality honours an `asymmetricMatch` method (or the asymmetric matcher tag) on either side,
 * so such an object in the value under test would make any toEqual pass; and a value whose
 * reads run learner code (a Proxy, a getter, a hand-written iterator) could answer this check
 * one way and the comparison another. The hidden tests never put either there; learner code
 * might. Reads go through property descriptors, never through getters.
 */
function selfJudging(value: unknown): string | null {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
  const seen = new Set<object>();
  const queue: [object, string][] = [[value as object, "the value"]];
  while (queue.length > 0 && seen.size < MATCHER_SCAN_LIMIT) {
    const [o, path] = queue.shift()!;
    if (seen.has(o)) continue;
    seen.add(o);
    if (isLearnerProxy(o)) return `${path} is a Proxy, which may answer each read differently`;
    if (judgingDescriptor(o, "asymmetricMatch") || judgingDescriptor(o, "$$typeof")) return `${path} has an asymmetricMatch method, so it would decide its own comparison`;
    if (handWrittenIterator(o)) return `${path} has its own iterator, which runs code while it is compared`;
    const push = (v: unknown, at: string) => {
      if (v !== null && typeof v === "object") queue.push([v, at]);
    };
    if (o instanceof Map) for (const [k, v] of o) push(v, `${path}.get(${String(k)})`);
    else if (o instanceof Set) for (const v of o) push(v, `${path} (a member)`);
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (d === undefined || !d.enumerable) continue;
      if (d.get !== undefined || d.set !== undefined) return `${path}.${String(k)} is a getter, which runs code while it is compared`;
      push(d.value, `${path}.${String(k)}`);
    }
  }
  return null;
}

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
    const judge = selfJudging(value);
    if (judge !== null) {
      throw new chai.AssertionError(`${message ? `${message}: ` : ""}${judge}; return plain values (numbers, strings, arrays, plain objects, Errors) instead`);
    }
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
  // The tables behind the slots: a custom equality tester pushed by learner code would make
  // every toEqual pass, a matcher added or replaced would lie.
  const jest = g[JEST_MATCHERS_OBJECT] as { matchers: object; customEqualityTesters: unknown[] } | undefined;
  if (jest) {
    Object.freeze(jest.matchers);
    Object.freeze(jest.customEqualityTesters);
  }
  const asymmetric = g[ASYMMETRIC_MATCHERS_OBJECT];
  if (asymmetric && typeof asymmetric === "object") Object.freeze(asymmetric);
  Object.freeze(chai.Assertion.prototype);
  Object.freeze(chai.Assertion);
  Object.freeze(chai.AssertionError.prototype);
  Object.freeze(chai.config);
  if (created) Object.freeze(created);
}
