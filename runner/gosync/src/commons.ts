/**
 * commons.ts — the built-ins gosync calls, captured once, when gosync is loaded, before any
 * program code runs. ses's `src/commons.js` is the model: it captures every built-in at module
 * load "not just for brevity, but for security".
 *
 * Why. A program shares its realm with gosync. Whatever gosync looks up through a global when
 * it runs, the program could have replaced: `Math.floor = () => 0` once collapsed every
 * "random" schedule to the one the program chose (the strategy called Math.floor at each
 * pick), and a wrong exercise solution passed its hidden tests (issue 10). A function captured
 * here is the one the realm had when gosync loaded. In SyncLab's sandbox the realm is also
 * hardened (ses's lockdown freezes every intrinsic), but gosync is a library too: the capture
 * keeps its schedules honest in a plain realm, where nothing is frozen.
 *
 * What is captured: the static functions and constructors gosync reaches through a global —
 * Math, JSON, Reflect, Object, Array.isArray, Number's predicates, Promise, Date, the
 * collections' constructors, the host's timers and message channel (the stall watchdog),
 * Error.captureStackTrace. gosync's modules import them from here, never from the global.
 *
 * What is not: methods called on an instance through its prototype (`a.push(x)`, `q.shift()`,
 * `m.get(k)`, `p.then(f)`, `s.slice(i)`). Calling those through an uncurried capture
 * (`apply(push, a, [x])`) puts a Reflect.apply and an arguments array on every scheduling
 * point. Measured with bench.mjs's programs, best of ten 250 ms windows, three alternating runs
 * (on a machine other work kept at a load of 15–20, so ±10%): uncurrying only the scheduler's
 * `then`, run-queue `push` and `pop` took random from 141k to 130k runs/s, pct from 146k to
 * 128k, and sim.explore of 100 schedules from 1.83 to 2.05 ms, about 10% slower; capturing
 * the static built-ins below measured no slower (random 133k → 159k, explore 2.90 → 2.87 ms,
 * within the noise). In the sandbox realm lockdown has frozen the prototypes before learner code runs,
 * so there the lookups cannot be redirected; in a plain realm, a program that replaces
 * Array.prototype.push breaks its own arrays before gosync's. What decides a schedule calls no
 * prototype method at all: the strategies' pick and choose, and the scheduler's handoff, use
 * index reads and writes and the captures below, so a seed gives the same schedule whatever a
 * program has replaced (strategies.spec.ts patches Math and Array.prototype to show it). Code
 * off the hot paths (reports, dumps, race texts) uses loops and string concatenation instead
 * of map/filter/join, which costs nothing.
 *
 * FERAL: the host's real timers (hostSetTimeout, hostSetImmediate, HostMessageChannel) and
 * captureStackTrace are the way out of the simulation and into the host's stack machinery;
 * they must never reach program code. They are exported to gosync's own modules only: no
 * entry point of the package (index.ts, sync.ts, time.ts, sim/index.ts…) re-exports them.
 *
 * Private state, one way: `#private` fields and methods. A program holds gosync's objects (its
 * Mutexes, channels, contexts, timers…), and TypeScript's `private` is a compile-time check
 * only: such a field is an ordinary property the program can read and write (`wg.count = 0`),
 * and an internal method on a prototype one it can call or, in a realm that is not hardened,
 * replace to be handed the simulator. Everything a class keeps that is not its documented API
 * (gosync-api.md, README) is `#private`; V8 makes these as fast as properties (bench.mjs, before
 * and after the change: within the noise). Where another class or module of gosync must reach
 * such state — select and the timers a channel's queues, withContext a Group's cancel, the
 * timer heap a Sim's — the owning class sets a module-level function from a `static` block,
 * the one place that can name its #private members:
 *
 *     export let recvReady: <T>(ch: Chan<T>) => boolean;   // declared before the class
 *     class Chan<T> { static { recvReady = (ch) => ch.#recvReady(); } … }
 *
 * It is exported to gosync's modules only (no entry point re-exports one), and on anything but
 * an instance of the class the brand check throws a TypeError. (A WeakMap read by one helper
 * would do as well; the static block costs no lookup.) Records that are data rather than
 * objects with an API — the scheduler's goroutine records (SimG) and timers, a channel's
 * waiters, the race detector's epochs — keep plain fields, read through the interfaces their
 * modules share (Goroutine, SchedG, Clocked): program code never holds one, gosync's objects
 * keep them only in #private fields, and private-state.spec.ts walks every object a program
 * can hold to check that none shows an undocumented key or leads to one of them.
 */

type AnyFn = (...args: never[]) => unknown;

const g = globalThis as unknown as Record<string, unknown>;

// ——— Math ———
export const { floor, min, max, imul, abs, trunc } = Math;
/** hostRandom is the realm's Math.random as gosync found it (real.ts's source of randomness). */
export const hostRandom: () => number = Math.random;

// ——— JSON, Reflect, Object, Array, Number ———
export const { stringify: jsonStringify } = JSON;
export const { apply, construct, ownKeys, getOwnPropertyDescriptor: reflectGetOwnPropertyDescriptor } = Reflect;
export const { freeze, preventExtensions, defineProperty, getPrototypeOf, getOwnPropertyDescriptor } = Object;
export const objectPrototype: object = Object.prototype;
export const objectPrototypeToString: (this: unknown) => string = Object.prototype.toString;
export const functionPrototypeToString: (this: unknown) => string = Function.prototype.toString;
export const { isArray } = Array;
export const { isInteger, isSafeInteger, isNaN: numberIsNaN, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER } = Number;
export const NativeBigInt = BigInt;
export const NativeString = String;

/** objectToString is `Object.prototype.toString.call(v)`, through the captured method and Reflect.apply. */
export function objectToString(v: unknown): string {
  return apply(objectPrototypeToString, v, []);
}

// ——— constructors ———
export const NativePromise = Promise;
export const NativeDate = Date;
export const NativeWeakMap = WeakMap;
export const NativeWeakSet = WeakSet;
export const NativeMap = Map;
export const NativeSet = Set;
export const NativeError = Error;
/** dateToISOString is `Date.prototype.toISOString`, for the trace's time events (Date is virtual inside a run). */
const dateProtoToISOString: (this: Date) => string = Date.prototype.toISOString;
export function isoTime(ms: number): string {
  return apply(dateProtoToISOString, new NativeDate(ms), []);
}

/** promiseReject is `Promise.reject`, bound to the realm's Promise. */
export const promiseReject: <T = never>(reason?: unknown) => Promise<T> = Promise.reject.bind(Promise);
/** RESOLVED is a promise resolved at load: a reaction on it is one microtask (see scheduler.ts microtask). */
export const RESOLVED: Promise<void> = Promise.resolve();

// ——— FERAL: the host's timers and stack machinery (gosync's modules only) ———
/** hostSetTimeout and hostClearTimeout are the host's real timers as gosync found them. */
export const hostSetTimeout: (cb: () => void, ms?: number) => unknown = (g.setTimeout as AnyFn as (cb: () => void, ms?: number) => unknown).bind(globalThis);
export const hostClearTimeout: (id: unknown) => void = (g.clearTimeout as AnyFn as (id: unknown) => void).bind(globalThis);
/** hostSetImmediate is Node's setImmediate, undefined elsewhere. */
export const hostSetImmediate: ((cb: () => void) => unknown) | undefined =
  typeof g.setImmediate === "function" ? (g.setImmediate as (cb: () => void) => unknown).bind(globalThis) : undefined;
/** hostPostTask is the realm's scheduler.postTask (Chromium, Firefox), bound, captured before a sandbox removes it from the global object; undefined elsewhere. */
export const hostPostTask: ((cb: () => void) => unknown) | undefined = (() => {
  const scheduler = g.scheduler as { postTask?: unknown } | undefined;
  return typeof scheduler?.postTask === "function" ? (scheduler.postTask as (cb: () => void) => unknown).bind(scheduler) : undefined;
})();
/** HostMessageChannel is the realm's MessageChannel, captured before a sandbox removes it from the global object. */
export const HostMessageChannel: typeof MessageChannel | undefined = typeof g.MessageChannel === "function" ? (g.MessageChannel as typeof MessageChannel) : undefined;
/** captureStackTrace is V8's Error.captureStackTrace, undefined elsewhere. */
export const captureStackTrace: ((target: object, constructorOpt?: unknown) => void) | undefined =
  typeof (Error as { captureStackTrace?: unknown }).captureStackTrace === "function"
    ? (Error as unknown as { captureStackTrace: (target: object, constructorOpt?: unknown) => void }).captureStackTrace
    : undefined;
