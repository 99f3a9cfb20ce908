/**
 * shared.ts — state the race detector watches.
 *
 * `const s = shared({ count: 0 })` inside a simulation returns a proxy: every read and write of
 * its properties — nested objects and arrays included — is reported to the simulator's race
 * detector, which flags two accesses, at least one a write, that no happens-before edge orders
 * (Go's `WARNING: DATA RACE`). Outside a simulation, or in one run with `detectRaces: false`,
 * `shared` returns the object itself, at no cost; a proxy made inside one simply stops
 * reporting once the simulation has ended.
 *
 * What it watches: plain objects and class instances (their properties), arrays (their elements
 * and length), and Maps and Sets (their contents, through their methods). A Map or Set is one
 * location, as Go's race detector sees a map: every get, has, size, forEach and step of an
 * iteration is a read of the whole collection, every set, add, delete and clear a write of it,
 * whatever the key — in Go, a read of m["a"] concurrent with a write of m["b"] is a data race.
 * A Map's object values are watched as nested objects are (`counts["a"].n`); keys and Set
 * members are returned as they are, so that they still find their entries.
 *
 * Other objects that keep their state in internal slots — Date, RegExp, Promise, WeakMap,
 * WeakSet, typed arrays, ArrayBuffer, DataView, the platform's native objects — cannot work
 * through a Proxy (their methods throw on it), so shared() refuses them with a TypeError that
 * says what to share instead: at the shared() call, or for one nested in a shared object, at
 * the first read of the property that holds it. A class whose methods use `#private` fields
 * cannot work through a Proxy either, and nothing can detect those fields beforehand: the
 * engine throws ("Cannot read private member …") and panic.ts adds the hint to use
 * TypeScript's `private` instead.
 *
 * Copying: structuredClone cannot copy a Proxy (it throws `#<Object> could not be cloned.`, to
 * which panic.ts adds this advice). Copy a shared value with a spread or a constructor —
 * `{ ...s }`, `Object.assign({}, s)`, `[...a]`, `new Map(m)`, `new Set(s)` — each a read of the
 * original, and shallow: objects inside stay shared, and stay watched.
 *
 * Checking that state is shared (tests only, through gosync/sim): `isTracked(v)` tells whether v
 * is a proxy shared() made in the running simulation, and `trackedAccesses()` counts the reads
 * and writes of shared() state that simulation has seen. A hidden test uses them to fail code
 * that keeps state in a plain object, which the race detector cannot see.
 */
import { rt } from "./runtime.ts";
import { isSyncObject } from "./sync-object.ts";
import { Stamp } from "./stamp.ts";
import { NativeMap } from "./commons.ts";

/**
 * SharedLoc is one shared() object as the race detector sees it: its name (`shared#1.items`)
 * and the detector's shadow state for its properties, which the detector keeps here (in the
 * object's proxy handler) so that an access needs no table lookup.
 */
export interface SharedLoc {
  readonly addr: string;
  /** owned by the race detector of the simulation the proxy belongs to; null until its first access */
  shadows: unknown;
}

interface Tracker {
  readonly kind: "sim" | "real";
  readonly tracksRaces?: boolean;
  /**
   * access reports a read or write of key of the object loc stands for; a symbol key stands for
   * the object as a whole (a Map's or Set's contents), which a race report names by loc.addr.
   */
  access?(loc: SharedLoc, key: PropertyKey, write: boolean): void;
  /**
   * The simulation's shared() bookkeeping, kept on the simulator itself (one per run): its
   * proxies by target, so identity is stable within a run, and how many objects it has named,
   * so a replay names them identically.
   */
  sharedProxies?: Map<object, object>;
  sharedCount?: number;
}

/**
 * Accesses counts the reads and writes of shared() state one simulation has reported to its race
 * detector. One per simulation, made with its first proxy and shared by all their handlers, so
 * an access costs one increment more; found through accessesOf, never through the Sim.
 */
interface Accesses {
  reads: number;
  writes: number;
  /** while recordTracked records: the addresses read and written (`shared#1.hits`), else null */
  addresses: { read: Set<string>; written: Set<string> } | null;
}

/** accessesOf maps a simulation to its access counts (see Accesses). */
const accessesOf = new WeakMap<Tracker, Accesses>();

/** accessesFor returns sim's access counts, making them on first use. */
function accessesFor(sim: Tracker): Accesses {
  let a = accessesOf.get(sim);
  if (a === undefined) accessesOf.set(sim, (a = { reads: 0, writes: 0, addresses: null }));
  return a;
}

/**
 * isTracked tells whether value is a proxy that shared() made in the running simulation: every
 * read and write through it reaches that simulation's race detector. It is false outside a
 * simulation and in a run with detectRaces off (shared() returns the object itself there), for
 * the object a proxy stands for, for a proxy made in another run (it no longer reports), for
 * gosync's own objects (a Mutex handed to shared() comes back as it is), and for anything else.
 *
 * It answers from the simulation's own table of the proxies shared() made, by identity: it
 * reads nothing of value, so no getter, trap or copied property of a program's object (a Proxy
 * it made around a shared one, an object that copies one's properties or symbols) can run or
 * answer for it.
 */
export function isTracked(value: unknown): boolean {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  const r = rt() as unknown as Tracker;
  if (r.kind !== "sim") return false;
  const mine = r.sharedProxies;
  return mine !== undefined && mine.get(value) === value;
}

/**
 * sharedTarget returns the object a proxy made by shared() stands for, or undefined for anything
 * else (in any run; it reads nothing of value). A judge that refuses values it cannot compare
 * fairly (a program's own Proxy) looks through shared()'s proxies with it: a program's Proxy
 * handed to shared() is still that Proxy underneath.
 */
export function sharedTarget(value: unknown): object | undefined {
  return value !== null && (typeof value === "object" || typeof value === "function") ? Target.of(value) : undefined;
}

/** TrackedAccesses is what trackedAccesses returns. */
export interface TrackedAccesses {
  /** reads of shared() state: property reads and `in` checks; a Map's or Set's get, has, size, each iteration step */
  readonly reads: number;
  /** writes of shared() state: assignments and deletes; a Map's or Set's set, add, delete, clear */
  readonly writes: number;
}

/**
 * trackedAccesses returns how many reads and writes of shared() state the running simulation
 * has fed its race detector so far, by any goroutine: the difference of two calls is what the
 * code between them did. A copy, zero before the first access, outside a simulation and in a
 * run with detectRaces off. Reading a method (a function found on the prototype) or a
 * symbol-keyed property is not counted (the race detector ignores them), nor is anything done to
 * a plain object; a function kept in an own property is data, and reading it is counted.
 */
export function trackedAccesses(): TrackedAccesses {
  const r = rt() as unknown as Tracker;
  const a = r.kind === "sim" ? accessesOf.get(r) : undefined;
  return a === undefined ? { reads: 0, writes: 0 } : { reads: a.reads, writes: a.writes };
}

/** TrackedAddresses is what the function recordTracked returns gives back. */
export interface TrackedAddresses {
  /** the addresses of shared() state read (`shared#1.hits`; a Map's or Set's contents: `shared#2[contents]`) */
  readonly read: readonly string[];
  /** the addresses written */
  readonly written: readonly string[];
}

/**
 * recordTracked starts recording the addresses of shared() state the running simulation feeds its
 * race detector, by any goroutine, and returns the function that stops and returns them. A test
 * can then tell not only that code touched shared state but which: that what inc("hits") wrote
 * is what value("hits") reads (a throwaway shared() object per call writes nothing another call
 * reads; found by a red-team round). Outside a simulation, or with detectRaces off, it records
 * nothing. One recording at a time per simulation: a second start throws.
 */
export function recordTracked(): () => TrackedAddresses {
  const r = rt() as unknown as Tracker;
  if (r.kind !== "sim") return () => ({ read: [], written: [] });
  const a = accessesFor(r);
  if (a.addresses !== null) throw new Error("gosync/sim: recordTracked is already recording in this run (stop the first recording before starting another)");
  const addresses = { read: new Set<string>(), written: new Set<string>() };
  a.addresses = addresses;
  return () => {
    if (a.addresses === addresses) a.addresses = null;
    return { read: [...addresses.read], written: [...addresses.written] };
  };
}

/** TrackedAccessesOf is what trackedAccessesOf returns: counts and addresses of what op did. */
export interface TrackedAccessesOf extends TrackedAccesses, TrackedAddresses {}

/**
 * trackedAccessesOf runs op (in the running simulation) and returns the reads and writes of
 * shared() state made while it ran, by any goroutine, with their addresses (recordTracked):
 * what the race detector saw of it. Hidden tests use it to check that state the instructions
 * require to be shared is, and that what one call writes is what another reads.
 */
export async function trackedAccessesOf(op: () => unknown): Promise<TrackedAccessesOf> {
  const before = trackedAccesses();
  const stop = recordTracked();
  try {
    await op();
  } catch (e) {
    stop();
    throw e;
  }
  const addresses = stop();
  const after = trackedAccesses();
  return { reads: after.reads - before.reads, writes: after.writes - before.writes, ...addresses };
}

/**
 * shared returns obj tracked for data races (inside the simulator) or obj itself (outside).
 * obj is a plain object, a class instance, an array, a Map or a Set; anything else that keeps
 * its state in internal slots (a Date, a Promise, a typed array…) is refused with a TypeError.
 * Copy a shared value with `{ ...s }`, `[...a]`, `new Map(m)` or `new Set(s)`: structuredClone
 * cannot copy a Proxy.
 */
export function shared<T extends object>(obj: T, name?: string): T {
  const r = rt() as unknown as Tracker;
  if (r.kind !== "sim" || typeof r.access !== "function" || r.tracksRaces === false) return obj;
  return wrap(obj, name ?? null, null, "", r);
}

/**
 * wrap returns the run's proxy of obj, making it on first use. Its name is `addr`, or for a
 * nested object `${parent.addr}.${key}` — built only when the proxy is made, not on every read
 * of the parent's property.
 */
function wrap<T extends object>(obj: T, addr: string | null, parent: Tracked | null, key: string, sim: Tracker): T {
  // A Map, not a WeakMap: it lives as long as its run, and a WeakMap's entries are ephemerons the
  // garbage collector must trace apart (with a WeakMap here, collection was a fifth of judging).
  const mine = (sim.sharedProxies ??= new NativeMap());
  const existing = mine.get(obj);
  if (existing !== undefined) return existing as T;
  return make(obj, addr, parent, key, sim, mine);
}

/**
 * NativeProxy is the realm's Proxy as this module found it. A sandbox later swaps the global for
 * one that records the proxies learner code makes (runner/core/lockdown.ts), so that a value
 * under test can be refused when it is one; shared()'s own proxies are gosync's and stay out.
 */
const NativeProxy = Proxy;

/**
 * Target records, on every proxy shared() has made in any run, the object it watches: a proxy
 * handed to shared() again, or stored in a shared object and read back, stands for that object
 * (one location, one name), not for a second proxy around the first. A private field stamped on
 * the proxy (stamp.ts), which no program can read or forge; a WeakMap of every proxy ever made
 * had the garbage collector trace an ephemeron per proxy.
 */
class Target extends Stamp {
  readonly #target: object;
  private constructor(p: object, target: object) {
    super(p);
    this.#target = target;
  }
  static stamp(p: object, target: object): void {
    new Target(p, target);
  }
  /** of returns the object the proxy o watches, or undefined when o is not one of shared()'s proxies. */
  static of(o: object): object | undefined {
    return #target in o ? o.#target : undefined;
  }
}

/** make is wrap's slow path: it checks what obj is and makes its proxy. */
function make<T extends object>(obj: T, addr: string | null, parent: Tracked | null, key: string, sim: Tracker, mine: Map<object, object>): T {
  const inner = Target.of(obj);
  if (inner !== undefined) {
    const p = wrap(inner, addr, parent, key, sim);
    mine.set(obj, p);
    return p as T;
  }
  if (isSyncObject(obj)) return obj; // a Mutex, a Chan…: synchronization, not data (sync-object.ts)
  const kind = kindOf(obj);
  if (typeof kind === "string") throw unsupported(obj, kind, addr ?? (parent !== null ? `${parent.addr}.${key}` : null));
  const label = addr ?? (parent !== null ? `${parent.addr}.${key}` : `shared#${(sim.sharedCount = (sim.sharedCount ?? 0) + 1)}`);
  let p: T;
  const counts = accessesFor(sim);
  if (kind === PLAIN) p = new NativeProxy<T>(obj, new Tracked(sim, label, counts) as ProxyHandler<T>);
  else {
    const h = new TrackedCollection(sim, label, counts, obj as unknown as Collection, kind === MAP);
    p = new NativeProxy<T>(obj, h as unknown as ProxyHandler<T>);
    h.proxy = p as unknown as Collection;
  }
  mine.set(obj, p);
  mine.set(p, p);
  Target.stamp(p, obj);
  return p;
}

const PLAIN = 0;
const MAP = 1;
const SET = 2;

/**
 * kindOf tells how shared() watches obj: PLAIN (through its properties), MAP or SET (through
 * their methods), or, for an object a Proxy cannot stand in for, the name of its kind.
 * Runs once per object and run, when its proxy is made.
 */
function kindOf(obj: object): typeof PLAIN | typeof MAP | typeof SET | string {
  if (Array.isArray(obj)) return PLAIN;
  const proto = Object.getPrototypeOf(obj);
  if (proto === Object.prototype || proto === null) return PLAIN;
  const tag = objectToString.call(obj).slice(8, -1);
  if (tag === "Object" || tag === "Error" || tag === "Arguments") return PLAIN;
  if (tag === "Map" && hasSlots(mapSize, obj)) return MAP;
  if (tag === "Set" && hasSlots(setSize, obj)) return SET;
  if (SLOTTED.has(tag) || ArrayBuffer.isView(obj) || / Iterator$|^(Intl|Temporal)\./.test(tag)) return tag;
  // A native object of the platform (a browser's URL, AbortSignal, Headers…): its methods check
  // their receiver as the built-ins' do.
  const c = (obj as { constructor?: unknown }).constructor;
  if (typeof c === "function" && /\{\s*\[native code\]\s*\}\s*$/.test(fnToString.call(c))) return tag;
  return PLAIN; // a class of the program's own, with a Symbol.toStringTag of its own
}

const objectToString = Object.prototype.toString;
const fnToString = Function.prototype.toString;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;

/** hasSlots tells whether obj really is a Map (or Set): only one with the internal slots passes size's brand check. */
function hasSlots(size: () => number, obj: object): boolean {
  try {
    size.call(obj);
    return true;
  } catch {
    return false;
  }
}

/** SLOTTED are the built-ins whose methods read internal slots a Proxy does not have. */
const SLOTTED = new Set([
  "Date", "RegExp", "Promise", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Boolean", "Number", "String", "Symbol", "BigInt",
  "Map", "Set", "Generator", "AsyncGenerator", "Iterator Helper",
]);

/** unsupported is the error for an object shared() cannot watch; at names it when it is nested in a shared object. */
function unsupported(obj: object, tag: string, at: string | null): TypeError {
  const what = `${/^[AEIO]/.test(tag) ? "an" : "a"} ${tag}`; // "a Uint8Array", "an Int8Array"
  let instead: string;
  if (tag === "Date") instead = "share its time in milliseconds (date.getTime()) instead";
  else if (tag === "WeakMap") instead = "share a Map instead";
  else if (tag === "WeakSet") instead = "share a Set instead";
  else if (tag === "Promise") instead = "keep it out of shared state: hand a result to another goroutine over a channel (chan) instead";
  else if (ArrayBuffer.isView(obj) || tag === "ArrayBuffer" || tag === "SharedArrayBuffer") instead = "share a plain array of its values (Array.from(x)) instead";
  else instead = "share plain data copied out of it instead, or keep it out of shared()";
  const head = at === null ? `want a plain object, an array, a Map or a Set, got ${what}` : `${at} is ${what}, and shared() watches only plain objects, arrays, Maps and Sets`;
  return new TypeError(
    `shared: ${head}: ${what} keeps its state in internal slots, which the Proxy that shared() watches through cannot reach (its methods would throw on it); ${instead}`,
  );
}

/**
 * Tracked is the handler of one shared() proxy: it reports every property access to the
 * simulation the proxy was made in, while that simulation is the runtime in force. A class, so
 * that a proxy costs one handler object (its traps live on the prototype) and the handler can
 * carry the object's SharedLoc fields.
 */
class Tracked implements ProxyHandler<object>, SharedLoc {
  readonly sim: Tracker;
  readonly addr: string;
  /** the simulation's access counts (trackedAccesses), bumped beside every report to sim */
  readonly counts: Accesses;
  shadows: unknown = null;
  constructor(sim: Tracker, addr: string, counts: Accesses) {
    this.sim = sim;
    this.addr = addr;
    this.counts = counts;
  }

  get(target: object, key: PropertyKey, receiver: unknown): unknown {
    const v = Reflect.get(target, key, receiver);
    if (typeof key === "symbol") return v;
    // A method found on the prototype is behaviour, not data: calling s.push() or c.inc() is no
    // read of s. A function kept in an own property is data, like a func value in a Go map or
    // struct field (a cache of per-key onceValue loaders): reading it is a read.
    if (typeof v === "function" && !Object.hasOwn(target, key)) return v;
    const sim = this.sim;
    if (rt() === (sim as unknown)) {
      this.counts.reads++;
      if (this.counts.addresses !== null) this.counts.addresses.read.add(`${this.addr}.${String(key)}`);
      sim.access!(this, key, false);
    }
    if (v !== null && typeof v === "object") return wrap(v, null, this, String(key), sim);
    return v;
  }

  set(target: object, key: PropertyKey, value: unknown, receiver: unknown): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) {
      this.counts.writes++;
      if (this.counts.addresses !== null) this.counts.addresses.written.add(`${this.addr}.${String(key)}`);
      sim.access!(this, key, true);
    }
    // An own writable data property is assigned on the target directly: that is what
    // Reflect.set with the proxy as receiver ends in (the proxy has no defineProperty trap),
    // minus V8's slow path through the proxy's [[GetOwnProperty]] and [[DefineOwnProperty]].
    // Anything else — a setter (which must see the proxy as `this`, so its own accesses are
    // tracked), a new property, a read-only one — takes the general path.
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    if (d !== undefined && d.writable === true) {
      (target as Record<PropertyKey, unknown>)[key] = value;
      return true;
    }
    return Reflect.set(target, key, value, receiver);
  }

  deleteProperty(target: object, key: PropertyKey): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) {
      this.counts.writes++;
      if (this.counts.addresses !== null) this.counts.addresses.written.add(`${this.addr}.${String(key)}`);
      sim.access!(this, key, true);
    }
    return Reflect.deleteProperty(target, key);
  }

  has(target: object, key: PropertyKey): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) {
      this.counts.reads++;
      if (this.counts.addresses !== null) this.counts.addresses.read.add(`${this.addr}.${String(key)}`);
      sim.access!(this, key, false);
    }
    return Reflect.has(target, key);
  }
}

/** Collection is a Map or a Set, as TrackedCollection calls them. */
type Collection = Map<unknown, unknown> & Set<unknown>;

/** CONTENTS is the key a Map's or Set's contents are reported under: one location, as Go sees a map. */
const CONTENTS: unique symbol = Symbol("contents");

/**
 * TrackedCollection is the handler of a shared() Map or Set. Their methods work on internal
 * slots, which the proxy does not have, so reading a method through the proxy returns a
 * stand-in (made once per proxy and method) that reports the access and calls the method on
 * the collection itself. Its own properties, if any, are watched as a plain object's are.
 *
 * The tempting wrong version binds each method to the target (`v.bind(target)`): every call
 * then works, but none is reported, and a Map's set returns the raw Map, through which the
 * program goes on untracked.
 */
class TrackedCollection extends Tracked {
  readonly target: Collection;
  readonly isMap: boolean;
  /** the proxy this handler serves; set once by make, right after the proxy is made */
  proxy: Collection = null!;
  /** stand-ins made so far, by the method they stand in for */
  #methods: Map<unknown, unknown> | null = null;
  constructor(sim: Tracker, addr: string, counts: Accesses, target: Collection, isMap: boolean) {
    super(sim, addr, counts);
    this.target = target;
    this.isMap = isMap;
  }

  override get(target: object, key: PropertyKey, receiver: unknown): unknown {
    if (key === "size") {
      this.touch(false);
      return Reflect.get(target, key, target);
    }
    const v = Reflect.get(target, key, receiver);
    if (typeof v === "function") {
      const op = OPS.get(v);
      // A method of the program's own (a subclass's) runs with the proxy as `this`, so the
      // collection methods it calls go through the stand-ins.
      if (op === undefined) return v;
      const ms = (this.#methods ??= new Map());
      let m = ms.get(v);
      if (m === undefined) ms.set(v, (m = op(this, v as Method)));
      return m;
    }
    return super.get(target, key, receiver);
  }

  /** touch reports a read or write of the collection's contents. */
  touch(write: boolean): void {
    const sim = this.sim;
    if (rt() === (sim as unknown)) {
      if (write) this.counts.writes++;
      else this.counts.reads++;
      const rec = this.counts.addresses;
      if (rec !== null) (write ? rec.written : rec.read).add(`${this.addr}[contents]`);
      sim.access!(this, CONTENTS, write);
    }
  }

  /** value returns a Map's value v of key k, watched as a nested object is (`counts["a"]`). */
  value(v: unknown, k: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const mine = this.sim.sharedProxies!;
    const p = mine.get(v);
    if (p !== undefined) return p;
    return make(v, `${this.addr}[${keyText(k)}]`, null, "", this.sim, mine);
  }
}

/** keyText renders a Map key in a nested value's name. */
function keyText(k: unknown): string {
  if (typeof k === "string") return JSON.stringify(k);
  if (k !== null && (typeof k === "object" || typeof k === "function")) return typeof k;
  return String(k);
}

type Method = (...args: unknown[]) => unknown;

/** Op makes the stand-in of one collection method for one proxy. */
type Op = (h: TrackedCollection, fn: Method) => Method;

// Every stand-in called on anything but its proxy (`m.get.call(other, k)`) is the method itself.

/** read: has, and Set's union, isSubsetOf… (a Set argument that is shared reports its own reads). */
const read: Op = (h, fn) =>
  function (this: unknown, ...args: unknown[]) {
    if (this !== h.proxy) return Reflect.apply(fn, this, args);
    h.touch(false);
    return Reflect.apply(fn, h.target, args);
  };

/** write: set, add, delete, clear — and any method this file does not know (a newer one may write). */
const write: Op = (h, fn) =>
  function (this: unknown, ...args: unknown[]) {
    if (this !== h.proxy) return Reflect.apply(fn, this, args);
    h.touch(true);
    const r = Reflect.apply(fn, h.target, args);
    return r === h.target ? h.proxy : r; // m.set(a, 1).set(b, 2) stays on the proxy
  };

/** get: a Map's value, watched if it is an object. */
const get: Op = (h, fn) =>
  function (this: unknown, k: unknown) {
    if (this !== h.proxy) return Reflect.apply(fn, this, [k]);
    h.touch(false);
    return h.value(Reflect.apply(fn, h.target, [k]), k);
  };

const KEYS = 0;
const VALUES = 1;
const ENTRIES = 2;

/**
 * walk iterates h's collection, reporting a read at every step (Go's race detector sees each
 * step of a range over a map as a read of the map), and yields keys, values or [key, value]
 * pairs; a Set's values are its keys. Map values are watched; keys and Set members are
 * returned as they are, so that they still find their entries.
 */
function* walk(h: TrackedCollection, mode: number): Generator<unknown, undefined, undefined> {
  const it = (h.isMap ? mapEntries : setValues).call(h.target) as Iterator<unknown>;
  for (;;) {
    h.touch(false);
    const r = it.next();
    if (r.done === true) return undefined;
    if (h.isMap) {
      const kv = r.value as [unknown, unknown];
      const k = kv[0];
      if (mode === KEYS) yield k;
      else if (mode === VALUES) yield h.value(kv[1], k);
      else yield [k, h.value(kv[1], k)];
    } else yield mode === ENTRIES ? [r.value, r.value] : r.value;
  }
}

const iterate =
  (mode: number): Op =>
  (h, fn) =>
    function (this: unknown) {
      if (this !== h.proxy) return Reflect.apply(fn, this, []);
      return walk(h, mode);
    };

/** forEach calls cb(value, key, proxy) for each entry, as Map's and Set's forEach do, reading at every step. */
const forEach: Op = (h, fn) =>
  function (this: unknown, cb: unknown, thisArg?: unknown) {
    if (this !== h.proxy || typeof cb !== "function") return Reflect.apply(fn, this === h.proxy ? h.target : this, [cb, thisArg]);
    for (const kv of walk(h, ENTRIES) as Generator<[unknown, unknown]>) Reflect.apply(cb, thisArg, [kv[1], kv[0], h.proxy]);
  };

const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;

/**
 * OPS maps each method of Map.prototype and Set.prototype to how its stand-in reports it. A
 * method not named here — one a newer engine has added — is reported as a write, which can
 * only flag more, never hide a race.
 */
const OPS = new Map<unknown, Op>();
for (const [proto, named] of [
  [Map.prototype, { get, has: read, set: write, delete: write, clear: write, forEach, keys: iterate(KEYS), values: iterate(VALUES), entries: iterate(ENTRIES) }],
  [Set.prototype, { has: read, add: write, delete: write, clear: write, forEach, keys: iterate(VALUES), values: iterate(VALUES), entries: iterate(ENTRIES), union: read, intersection: read, difference: read, symmetricDifference: read, isSubsetOf: read, isSupersetOf: read, isDisjointFrom: read }],
] as [object, Record<string, Op>][]) {
  for (const key of Reflect.ownKeys(proto)) {
    if (key === "constructor" || key === "size") continue;
    const fn = (proto as Record<PropertyKey, unknown>)[key];
    if (typeof fn !== "function" || OPS.has(fn)) continue;
    OPS.set(fn, (typeof key === "string" ? named[key] : undefined) ?? (key === Symbol.iterator ? named[proto === Map.prototype ? "entries" : "values"]! : write));
  }
}
