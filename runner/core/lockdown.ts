/**
 * lockdown.ts — hardens the sandbox realm before the learner's code runs, so that code cannot
 * bend what the harness and gosync rely on (Promise, Array, Object, JSON, Error, chai's
 * matchers) into reporting a pass. Runs in the sandbox realm (browser worker, Node worker),
 * once, after gosync and the harness are loaded and before the Run's bundle is imported.
 *
 * What it does:
 *  - the global bindings of the core intrinsics become non-writable and non-configurable, so
 *    `globalThis.Promise = Fake` throws a TypeError (module code is strict) instead of
 *    replacing what the harness calls;
 *  - their prototypes and static namespaces are frozen, so `Array.prototype.push = …` or
 *    `Promise.prototype.then = …` throw too.
 *
 * What it leaves alone, on purpose: the Date, Math, performance, setTimeout/setInterval and
 * console bindings — the simulator swaps the clock, randomness and timers for virtual ones
 * during a simulated run, and chapter examples capture console output. Date.prototype, which
 * the virtual Date shares, is frozen: a patched getTime would bend time.since.
 *
 * The tempting wrong version is a plain Object.freeze of the prototypes: it breaks ordinary
 * code through the "override mistake" — `this.name = "GoPanic"` in an Error subclass, or
 * `obj.toString = …`, throws in strict mode when the inherited property is frozen. So the
 * properties ordinary code overrides by assignment are turned into accessors whose setter
 * defines an own property on the receiver (as SES's property-override taming does).
 */

/** HARDENED_GLOBALS are the global bindings made read-only. */
export const HARDENED_GLOBALS = [
  "Object", "Function", "Array", "Promise", "JSON", "Reflect", "Symbol", "Proxy",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
  "String", "Number", "Boolean", "BigInt", "RegExp", "Iterator",
  "globalThis",
] as const;

/**
 * OVERRIDABLE lists, per prototype, the properties ordinary code assigns on its own objects.
 * Array.prototype, Promise.prototype, RegExp.prototype's `constructor` and the methods every
 * library calls (Function.prototype.call/apply/bind, Object.prototype.hasOwnProperty…) are left out on purpose:
 * V8's fast paths for array builtins (slice, map, splice…), for awaiting and resolving native
 * promises, and for regexps are guarded by "protectors" that an accessor there invalidates for
 * the whole realm (measured: the judge ~15% slower, a 6-element slice ~600 ns). Those stay plain
 * frozen data properties; code that assigns `then` or `push` on its own array or promise gets
 * a TypeError, which real code does not do.
 */
const OVERRIDABLE: [object | undefined, string[]][] = [
  [Object.prototype, ["constructor", "toString", "toLocaleString", "valueOf"]],
  [Function.prototype, ["constructor", "toString"]],
  [Error.prototype, ["constructor", "name", "message", "toString"]],
  [TypeError.prototype, ["constructor", "name", "message"]],
  [RangeError.prototype, ["constructor", "name", "message"]],
  [SyntaxError.prototype, ["constructor", "name", "message"]],
  [ReferenceError.prototype, ["constructor", "name", "message"]],
  [EvalError.prototype, ["constructor", "name", "message"]],
  [URIError.prototype, ["constructor", "name", "message"]],
  [AggregateError.prototype, ["constructor", "name", "message"]],
  [Date.prototype, ["constructor", "toString", "toJSON", "valueOf", "toISOString"]],

  [Map.prototype, ["constructor"]],
  [Set.prototype, ["constructor"]],
  [WeakMap.prototype, ["constructor"]],
  [RegExp.prototype, ["toString"]],
  [String.prototype, ["constructor", "toString", "valueOf"]],
  [Number.prototype, ["constructor", "toString", "valueOf"]],
  [Boolean.prototype, ["constructor", "toString", "valueOf"]],
  [Symbol.prototype, ["constructor", "toString", "valueOf"]],
];

/** enableOverride turns `proto[key]` into an accessor: reads give the value, assignment on an heir defines an own property. */
function enableOverride(proto: object, key: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (!d || !("value" in d) || !d.configurable) return;
  const value = d.value;
  Object.defineProperty(proto, key, {
    configurable: false,
    enumerable: d.enumerable,
    get() {
      return value;
    },
    set(this: object, v: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of a hardened intrinsic (the runner froze it so tests cannot be tampered with)`);
      if (Object.prototype.hasOwnProperty.call(this, key)) {
        (this as Record<string, unknown>)[key] = v;
      } else {
        Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      }
    },
  });
}

const protoOf = Object.getPrototypeOf;

/** intrinsicsToFreeze lists the objects frozen by lockdown (constructors' prototypes and static namespaces). */
function intrinsicsToFreeze(): object[] {
  const g = globalThis as Record<string, unknown>;
  const list: unknown[] = [
    Object.prototype, Object, Function.prototype, Array.prototype, Array, Promise.prototype, Promise,
    JSON, Reflect, Symbol.prototype, Symbol,
    Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype, ReferenceError.prototype,
    EvalError.prototype, URIError.prototype, AggregateError.prototype,
    Map.prototype, Map, Set.prototype, Set, WeakMap.prototype, WeakSet.prototype,
    String.prototype, String, Number.prototype, Number, Boolean.prototype, BigInt.prototype, RegExp.prototype, Date.prototype,
    protoOf(function* () {}), protoOf(async function () {}), protoOf(async function* () {}),
    protoOf(protoOf([][Symbol.iterator]())), // %IteratorPrototype%
    protoOf([][Symbol.iterator]()), protoOf(new Map()[Symbol.iterator]()), protoOf(new Set()[Symbol.iterator]()),
    protoOf(protoOf(protoOf((async function* () {})()))), // %AsyncIteratorPrototype%
    g.WeakRef && (g.WeakRef as { prototype: object }).prototype,
    g.FinalizationRegistry && (g.FinalizationRegistry as { prototype: object }).prototype,
    g.Iterator && (g.Iterator as { prototype: object }).prototype,
  ];
  return list.filter((x): x is object => !!x && (typeof x === "object" || typeof x === "function"));
}

/** learnerProxies are the proxies made through the global Proxy after lockdown (by learner code). */
const learnerProxies = new WeakSet<object>();

/**
 * isLearnerProxy tells whether o is a Proxy made by code that ran after lockdown. A proxy can
 * answer each read differently, so a value under test that is (or holds) one cannot be judged:
 * expect refuses it (expect.ts). gosync's shared() keeps the realm's own Proxy and is not counted.
 */
export function isLearnerProxy(o: object): boolean {
  return learnerProxies.has(o);
}

/** trackProxies replaces the global Proxy with one that records what it makes in learnerProxies. */
function trackProxies(): void {
  const Native = Proxy;
  const Tracked = function Proxy(this: unknown, target: object, handler: ProxyHandler<object>) {
    if (new.target === undefined) throw new TypeError("Constructor Proxy requires 'new'");
    const p = new Native(target, handler);
    learnerProxies.add(p);
    return p;
  } as unknown as ProxyConstructor;
  Object.defineProperty(Tracked, "revocable", {
    value: (target: object, handler: ProxyHandler<object>) => {
      const r = Native.revocable(target, handler);
      learnerProxies.add(r.proxy);
      return r;
    },
  });
  Object.defineProperty(globalThis, "Proxy", { value: Tracked, writable: true, configurable: true, enumerable: false });
}

let done = false;

/**
 * lockdown hardens this realm (idempotent). `extraGlobals` are further global names to make
 * read-only (a host's captured channels, for example).
 */
export function lockdown(extraGlobals: readonly string[] = []): void {
  if (done) return;
  done = true;
  trackProxies();
  for (const [proto, keys] of OVERRIDABLE) {
    if (proto) for (const k of keys) enableOverride(proto, k);
  }
  for (const o of intrinsicsToFreeze()) Object.freeze(o);
  for (const name of [...HARDENED_GLOBALS, ...extraGlobals]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (!d || !d.configurable) continue;
    if ("value" in d) Object.defineProperty(globalThis, name, { value: d.value, writable: false, configurable: false, enumerable: d.enumerable });
    else Object.defineProperty(globalThis, name, { ...d, set: undefined, configurable: false });
  }
}

/** PLATFORM_GLOBALS are further built-ins hardenModules leaves to the platform (and lockdown). */
const PLATFORM_GLOBALS = [
  "Date", "Math", "Atomics", "Intl", "WebAssembly", "console", "performance", "ArrayBuffer", "SharedArrayBuffer", "DataView",
  "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array",
  "BigInt64Array", "BigUint64Array", "SuppressedError", "DisposableStack", "AsyncDisposableStack", "setTimeout", "clearTimeout",
  "setInterval", "clearInterval", "queueMicrotask", "structuredClone",
];

/**
 * hardenModules freezes everything reachable from the registry's namespaces through properties
 * and prototypes: gosync's classes, their prototypes and methods, exported constants and the
 * test API. A learner who gets hold of a gosync object can then not patch its class (say
 * `Sim.prototype.buildReport`, `Mutex.prototype.unlock`) for the hidden tests, nor for the next
 * Run a recycled realm judges. Instances stay as they are: their state is what the program does
 * (and what a class keeps private is in `#private` fields, out of reach).
 */
export function hardenModules(registry: object): void {
  // The platform's own objects are lockdown's business: some stay writable on purpose (Error's
  // prepareStackTrace, which gosync's stack capture sets for a moment; Date; console).
  const seen = new Set<object>();
  // Named, not every global: reading some of Node's globals loads them (and Node's fetch needs
  // the Buffer the host has removed).
  for (const name of [...HARDENED_GLOBALS, ...PLATFORM_GLOBALS]) {
    const v: unknown = Object.getOwnPropertyDescriptor(globalThis, name)?.value;
    if (v === null || (typeof v !== "object" && typeof v !== "function")) continue;
    seen.add(v);
    const p = (v as { prototype?: unknown }).prototype;
    if (p !== null && typeof p === "object") seen.add(p);
  }
  for (const o of intrinsicsToFreeze()) seen.add(o);
  const stack: object[] = [registry];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    Object.freeze(o);
    const proto = Object.getPrototypeOf(o);
    if (proto !== null) stack.push(proto);
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key)!;
      for (const v of [d.value, d.get, d.set]) {
        if (v !== null && (typeof v === "object" || typeof v === "function")) stack.push(v);
      }
    }
  }
}

/**
 * frozenHint explains V8's "Cannot assign to read only property …" when the property is one the
 * runner froze (a built-in's or gosync's), or "" for any other message.
 */
export function frozenHint(message: string): string {
  return /^Cannot (assign to read only property|add property|redefine property|define property)|object is not extensible/.test(message)
    ? " (the runner freezes JavaScript's built-ins and gosync's classes so that tests cannot be tampered with: keep your own data on your own objects, or wrap a method instead of replacing it)"
    : "";
}
