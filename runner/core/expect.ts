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
import { sharedTarget } from "gosync/sim";
import { isLearnerProxy } from "./lockdown.ts";
import { isBilingual, tagZhMessage, type Text } from "./bilingual.ts";

/** Expect is the callable `expect` the hidden tests import from "vitest"; its message may be `{ en, zh }`. */
export type Expect = ((value: unknown, message?: Text) => unknown) & Record<string, unknown>;

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

/**
 * NATIVE_ITERATOR_GETTERS are the accessors ses's override taming put where a built-in iterator
 * method was (`Array.prototype[Symbol.iterator]`, `%IteratorPrototype%[Symbol.iterator]`: code
 * may assign its own over them); on those frozen prototypes they still return the built-in.
 * Read here, after lockdown (the sandbox entry hardens the realm before loading the harness).
 */
const NATIVE_ITERATOR_GETTERS = new Set<unknown>(
  [Array.prototype, Map.prototype, Set.prototype, String.prototype, Object.getPrototypeOf(Uint8Array.prototype) as object, Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object]
    .map((p) => Object.getOwnPropertyDescriptor(p, Symbol.iterator)?.get)
    .filter((g) => g !== undefined),
);

/** inherited finds the descriptor of key on o or the nearest of its prototypes that has one. */
function inherited(o: object, key: PropertyKey): PropertyDescriptor | undefined {
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** isAccessor tells whether d is a getter/setter pair (reading it would run code). */
const isAccessor = (d: PropertyDescriptor) => d.get !== undefined || d.set !== undefined;

/**
 * learnerProxyIn finds a Proxy made by a Run's code in o or its prototype chain, looking through
 * gosync's shared() proxies (which pass every read on to the object they stand for): "" for o
 * itself, " (its prototype)" for one in the chain, or null. It calls no trap of a Run's Proxy: it
 * stops at the first one.
 */
function learnerProxyIn(o: object): string | null {
  let depth = 0;
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p), depth++) {
    if (depth > 0 && CLEAN_PROTOTYPES.has(p)) break; // an intrinsic: neither it nor its chain is one
    for (let q: object | undefined = p; q !== undefined; q = sharedTarget(q)) {
      if (isLearnerProxy(q)) return depth === 0 ? "" : " (its prototype)";
    }
  }
  return null;
}

/**
 * whyUnjudgeable says why the object o, at `path` in a value under test, cannot be compared
 * fairly, or returns null. Jest's equality honours an `asymmetricMatch` method (or the
 * asymmetric matcher tag) on either side, so such an object would make any toEqual pass; and an
 * object whose reads run learner code (a Proxy, a hand-written iterator) could answer this check
 * one way and the comparison another.
 */
function whyUnjudgeable(o: object, path: string): string | null {
  const proxy = learnerProxyIn(o);
  if (proxy !== null) return `${path}${proxy} is a Proxy, which may answer each read differently`;
  // Where o's prototype is a clean intrinsic, only o's own properties can say otherwise.
  return whyRefused(o, path, CLEAN_PROTOTYPES.has(Object.getPrototypeOf(o) as object) ? Object.getOwnPropertyDescriptor : inherited);
}

/** whyRefused is whyUnjudgeable's check of the properties `find` finds on o (its own, or inherited too). */
function whyRefused(o: object, path: string, find: (o: object, key: PropertyKey) => PropertyDescriptor | undefined): string | null {
  const match = find(o, "asymmetricMatch");
  const tag = find(o, "$$typeof");
  if ((match && (isAccessor(match) || typeof match.value === "function")) || (tag && (isAccessor(tag) || typeof tag.value === "function" || tag.value === ASYMMETRIC_TAG))) {
    return `${path} has an asymmetricMatch method, so it would decide its own comparison`;
  }
  const it = find(o, Symbol.iterator);
  if (it && !NATIVE_ITERATOR_GETTERS.has(it.get) && (isAccessor(it) || !NATIVE_ITERATORS.has(it.value))) return `${path} has its own iterator, which runs code while it is compared`;
  return null;
}

/** isFrozenChain tells whether p and every prototype above it are frozen (none can change). */
function isFrozenChain(p: object | null): boolean {
  for (; p !== null; p = Object.getPrototypeOf(p)) if (!Object.isFrozen(p)) return false;
  return true;
}

/**
 * CLEAN_PROTOTYPES are the intrinsic prototypes of the plain values tests compare (objects,
 * arrays, Maps, Sets, Errors) when lockdown has frozen them and their chains, and whyUnjudgeable
 * finds nothing on them: an object that inherits from one needs only its own properties looked
 * at (a value under test is checked on every explored schedule, and each object in it walked up
 * its chain three times). None in a realm that is not locked down.
 */
const CLEAN_PROTOTYPES: ReadonlySet<object> = new Set(
  [Object.prototype, Array.prototype, Map.prototype, Set.prototype, Error.prototype].filter((p) => isFrozenChain(p) && whyRefused(p, "", inherited) === null),
);

/**
 * selfJudging returns why `value` cannot be compared fairly, with where in it, or null: the
 * first object in it (breadth first, at most MATCHER_SCAN_LIMIT) that whyUnjudgeable refuses, or
 * an own enumerable getter. The hidden tests never put either there; learner code might. Reads
 * go through property descriptors, never through getters.
 */
function selfJudging(value: unknown): string | null {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
  const seen = new Set<object>();
  const queue: [object, string][] = [[value as object, "the value"]];
  const push = (v: unknown, at: string) => {
    if (v !== null && typeof v === "object") queue.push([v, at]);
  };
  for (let i = 0; i < queue.length && seen.size < MATCHER_SCAN_LIMIT; i++) {
    const [o, path] = queue[i]!;
    if (seen.has(o)) continue;
    seen.add(o);
    const why = whyUnjudgeable(o, path);
    if (why !== null) return why;
    if (o instanceof Map) for (const [k, v] of o) push(v, `${path}.get(${String(k)})`);
    else if (o instanceof Set) for (const v of o) push(v, `${path} (a member)`);
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (d === undefined || !d.enumerable) continue;
      if (isAccessor(d)) return `${path}.${String(k)} is a getter, which runs code while it is compared`;
      push(d.value, `${path}.${String(k)}`);
    }
  }
  return null;
}

/**
 * inLanguages returns `assertion` as it is, except that whatever assertion error its matchers
 * throw (or reject with: `.resolves`, `.rejects`) is tagged with its Chinese message: chai
 * prefixes the English message to the matcher's text, and the Chinese takes its place.
 * Chained words (`.not`, `.resolves`) return the same assertion, which stays wrapped.
 */
function inLanguages(assertion: object, english: string, zh: string): object {
  const tag = (e: unknown) => {
    tagZhMessage(e, english, zh);
    return e;
  };
  const settle = (r: unknown): unknown => {
    if (r === assertion) return wrapped;
    if (r instanceof chai.Assertion) return inLanguages(r, english, zh);
    if (r !== null && typeof r === "object" && typeof (r as Promise<unknown>).then === "function" && r instanceof Promise) {
      return r.then(settle, (e: unknown) => Promise.reject(tag(e)));
    }
    return r;
  };
  const wrapped: object = new Proxy(assertion, {
    get(target, key) {
      let v: unknown;
      try {
        v = Reflect.get(target, key, target);
      } catch (e) {
        throw tag(e); // a property assertion (chai's `.to.be.true`) throws from its getter
      }
      if (typeof v !== "function") return settle(v);
      return (...args: unknown[]) => {
        try {
          return settle(Reflect.apply(v as (...a: unknown[]) => unknown, target, args));
        } catch (e) {
          throw tag(e);
        }
      };
    },
  });
  return wrapped;
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
  // No Proxy around each assertion: chai's only reason for it is to name a mistyped matcher
  // ("Invalid Chai property"), which the hidden tests' own checks catch before they ship, and it
  // cost a Proxy and its traps on every expect() of every explored schedule (a tenth of a warm
  // Run's judging). A mistyped matcher still throws: "….toBeTru is not a function".
  chai.config.useProxy = false;
  const expect = ((value: unknown, given?: Text) => {
    const message = isBilingual(given) ? given.en : given;
    // The state object is created once (setState below) and setState only redefines its
    // properties in place, so counting on it directly is what setState would do, without
    // copying every property descriptor on each of the hundreds of calls a Run makes.
    (getState(expect as never) as { assertionCalls: number }).assertionCalls++;
    const judge = selfJudging(value);
    if (judge !== null) {
      const e = new chai.AssertionError(`${message ? `${message}: ` : ""}${judge}; return plain values (numbers, strings, arrays, plain objects, Errors) instead`);
      if (isBilingual(given)) tagZhMessage(e, given.en, given.zh);
      throw e;
    }
    const assertion = chai.expect(value, message);
    return isBilingual(given) ? inLanguages(assertion, given.en, given.zh) : assertion;
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
