/**
 * atomic.ts — Go's sync/atomic typed values (gosync/sync/atomic): Int32, Int64, Uint32, Uint64,
 * Bool, Value and Pointer.
 *
 * Values are JavaScript numbers. The 32-bit types wrap exactly as Go's do (Int32 max + 1 is
 * Int32 min). The 64-bit types hold any safe integer; a result that would leave the safe-integer
 * range throws a RangeError rather than silently losing precision (Go would wrap at 2^63 or 2^64,
 * which a number cannot represent exactly).
 *
 * Memory model: Go's atomics are sequentially consistent; if the effect of an atomic operation A
 * is observed by an atomic operation B, A is synchronized before B. Every operation therefore
 * records happens-before on the atomic variable: a store releases, a load acquires, a
 * read-modify-write (add, swap, compareAndSwap, and, or) acquires then releases. The race
 * detector sees plain accesses published through an atomic flag as ordered, as Go's does.
 *
 * Unlike every other gosync operation, atomics are synchronous (`n.add(1)`, not
 * `await n.add(1)`), as Go's are cheap and non-blocking; so they are happens-before edges but
 * not scheduling points — another goroutine can only run at the caller's next `await`.
 *
 * A store lands late. In Go another goroutine may run between any two atomic operations, so
 * `if (n > max.load()) max.store(n)` can lose a larger maximum that another goroutine stored in
 * between; here the load and the store would run as one step and the lost update could never
 * happen. So store (of Int32, Int64, Uint32, Uint64, Bool and Pointer) makes its new value
 * visible in a runtime step of its own (Runtime.later): the scheduler may run other goroutines
 * — their loads still see the old value, their stores land first — before it, which is the
 * interleaving Go allows when the storing goroutine is preempted just before its store. The
 * step runs at the latest before the storing goroutine's next synchronous gosync operation
 * (its own next load sees the value), publication or go statement, so nothing that goroutine
 * does afterwards can be seen through gosync before the value. The read-modify-writes (add,
 * swap, compareAndSwap, and, or) stay one indivisible step, as in Go. A store publishes the
 * storing goroutine's clock as it was at the store, through a token of its own that the loads
 * acquire once the value has landed (a load that still sees the old value is not ordered after
 * the store). Value's store is immediate: its panics must reach the caller. On the real runtime
 * the step runs at once.
 */
import { GoPanic } from "./panic.ts";
import { MAX_SAFE_INTEGER, MIN_SAFE_INTEGER, NativeBigInt, getPrototypeOf, isInteger, isSafeInteger } from "./commons.ts";
import { rt } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

const { asIntN, asUintN } = NativeBigInt;

/** RangeError/TypeError texts name the type and method, then what was received. */
function badInteger(where: string, what: string, got: number): TypeError {
  return new TypeError(`atomic.${where}: ${what} must be an integer, got ${got}`);
}

function outOfRange(where: string, result: number | bigint, range: string): RangeError {
  return new RangeError(
    `atomic.${where}: result ${result} is outside ${range}; gosync's 64-bit atomics hold numbers, which are exact only up to 2^53-1`,
  );
}

/**
 * storeLate makes a store's value visible in a runtime step of its own (see the header):
 * `land(token)` sets the value and records token, which holds the storing goroutine's clock at
 * the store, for the loads to acquire.
 */
function storeLate(land: (token: object) => void): void {
  const r = rt();
  const token = {};
  r.release(token);
  r.later(() => land(token));
}

/** acquireStored records that the current goroutine observes obj and the store that set its value (token, null before any). */
function acquireStored(obj: object, token: object | null): void {
  const r = rt();
  r.acquire(obj);
  if (token !== null) r.acquire(token);
}

const safeRange = "the safe-integer range [-(2^53-1), 2^53-1]";
const unsignedSafeRange = "the range of an unsigned safe integer [0, 2^53-1]";

/**
 * IntKind describes one integer type: how to bring an integer into the type's range (wrapping
 * for 32 bits, checking for 64 bits) and how to do bitwise and/or on it.
 */
interface IntKind {
  readonly name: string;
  /** ops are the operation names passed to rt().op ("Int32.add"…), built once. */
  readonly ops: Record<"load" | "store" | "swap" | "compareAndSwap" | "add" | "and" | "or", string>;
  /** fit maps a mathematically exact integer result into the type, or throws RangeError. */
  fit(where: string, x: number): number;
  /** delta maps an addend (which may be negative, even for unsigned types) into range, or throws RangeError. */
  delta(where: string, x: number): number;
  /** bits computes `a op b` in the type's width. */
  bits(where: string, a: number, b: number, op: "and" | "or"): number;
}

function opNames(t: string): IntKind["ops"] {
  return {
    load: `${t}.load`,
    store: `${t}.store`,
    swap: `${t}.swap`,
    compareAndSwap: `${t}.compareAndSwap`,
    add: `${t}.add`,
    and: `${t}.and`,
    or: `${t}.or`,
  };
}

const int32: IntKind = {
  name: "Int32",
  ops: opNames("Int32"),
  fit: (_where, x) => x | 0,
  delta: (_where, x) => x | 0,
  bits: (_where, a, b, op) => (op === "and" ? a & b : a | b),
};

const uint32: IntKind = {
  name: "Uint32",
  ops: opNames("Uint32"),
  fit: (_where, x) => x >>> 0,
  // -1 becomes 2^32-1, and adding it wraps to "minus one", as Go's Add(^uint32(0)) does.
  delta: (_where, x) => x >>> 0,
  bits: (_where, a, b, op) => (op === "and" ? a & b : a | b) >>> 0,
};

function safeDelta(where: string, x: number): number {
  if (!isSafeInteger(x)) throw outOfRange(where, x, safeRange);
  return x;
}

const int64: IntKind = {
  name: "Int64",
  ops: opNames("Int64"),
  delta: safeDelta,
  fit(where, x) {
    if (!isSafeInteger(x)) throw outOfRange(where, x, safeRange);
    return x;
  },
  bits(where, a, b, op) {
    const r = asIntN(64, op === "and" ? NativeBigInt(a) & NativeBigInt(b) : NativeBigInt(a) | NativeBigInt(b));
    if (r > NativeBigInt(MAX_SAFE_INTEGER) || r < NativeBigInt(MIN_SAFE_INTEGER)) throw outOfRange(where, r, safeRange);
    return Number(r);
  },
};

const uint64: IntKind = {
  name: "Uint64",
  ops: opNames("Uint64"),
  delta: safeDelta,
  fit(where, x) {
    // A negative result wraps to 2^64 - |x| in Go: far outside the safe range.
    if (!isSafeInteger(x) || x < 0) throw outOfRange(where, x, unsignedSafeRange);
    return x;
  },
  bits(where, a, b, op) {
    // A negative mask stands for its 64-bit two's complement (so `u.and(~1)` clears bit 0, as
    // Go's `u.And(^uint64(1))` does).
    const r = asUintN(64, op === "and" ? NativeBigInt(a) & NativeBigInt(b) : NativeBigInt(a) | NativeBigInt(b));
    if (r > NativeBigInt(MAX_SAFE_INTEGER)) throw outOfRange(where, r, unsignedSafeRange);
    return Number(r);
  },
};

/**
 * AtomicInt is the shared body of the four integer types. The zero value is 0.
 * Every method is one indivisible step: no other goroutine can run in the middle of it; a
 * store's value lands in a step of its own (see the header).
 */
class AtomicInt {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  #v = 0;
  /** #stored is the token of the store that set #v (see storeLate), null until one has landed */
  #stored: object | null = null;
  readonly #kind: IntKind;

  constructor(kind: IntKind, initial: number) {
    this.#kind = kind;
    if (initial !== 0) this.#v = this.#arg("constructor", "initial value", initial);
  }

  /** #arg checks that x is an integer and brings it into the type (wrapping or range-checking). */
  #arg(method: string, what: string, x: number): number {
    const where = `${this.#kind.name}.${method}`;
    if (!isInteger(x)) throw badInteger(where, what, x);
    return this.#kind.fit(where, x);
  }

  /** load atomically loads and returns the value. */
  load(): number {
    rt().op(this.#kind.ops.load);
    acquireStored(this, this.#stored);
    return this.#v;
  }

  /** store atomically stores val; other goroutines may run before the value lands (see the header). */
  store(val: number): void {
    rt().op(this.#kind.ops.store);
    const v = this.#arg("store", "val", val);
    storeLate((token) => {
      this.#v = v;
      this.#stored = token;
    });
  }

  /** swap atomically stores new and returns the previous value. */
  swap(newVal: number): number {
    rt().op(this.#kind.ops.swap);
    const v = this.#arg("swap", "new", newVal);
    acquireStored(this, this.#stored);
    const old = this.#v;
    this.#v = v;
    rt().release(this);
    return old;
  }

  /** compareAndSwap executes the compare-and-swap operation: if the value is old, it becomes new; it reports whether it did. */
  compareAndSwap(old: number, newVal: number): boolean {
    rt().op(this.#kind.ops.compareAndSwap);
    const o = this.#arg("compareAndSwap", "old", old);
    const v = this.#arg("compareAndSwap", "new", newVal);
    acquireStored(this, this.#stored);
    if (this.#v !== o) return false;
    this.#v = v;
    rt().release(this);
    return true;
  }

  /** add atomically adds delta (which may be negative) and returns the new value. */
  add(delta: number): number {
    rt().op(this.#kind.ops.add);
    const where = `${this.#kind.name}.add`;
    if (!isInteger(delta)) throw badInteger(where, "delta", delta);
    acquireStored(this, this.#stored);
    // For 32 bits the sum of two in-range integers is exact in a double, so wrapping after the
    // addition is Go's wrap-around; for 64 bits fit() rejects what a double cannot hold.
    const v = this.#kind.fit(where, this.#v + this.#kind.delta(where, delta));
    this.#v = v;
    rt().release(this);
    return v;
  }

  /** and atomically performs a bitwise AND with mask and returns the old value (Go 1.23). */
  and(mask: number): number {
    rt().op(this.#kind.ops.and);
    return this.#bitwise("and", mask);
  }

  /** or atomically performs a bitwise OR with mask and returns the old value (Go 1.23). */
  or(mask: number): number {
    rt().op(this.#kind.ops.or);
    return this.#bitwise("or", mask);
  }

  #bitwise(op: "and" | "or", mask: number): number {
    const where = `${this.#kind.name}.${op}`;
    if (!isInteger(mask)) throw badInteger(where, "mask", mask);
    const m = this.#kind.delta(where, mask);
    acquireStored(this, this.#stored);
    const old = this.#v;
    this.#v = this.#kind.bits(where, old, m, op);
    rt().release(this);
    return old;
  }

  toString(): string {
    return String(this.#v);
  }
}

/** Int32 is an atomic int32: the zero value is 0; arithmetic wraps at 32 bits as in Go. */
export class Int32 extends AtomicInt {
  constructor(initial = 0) {
    super(int32, initial);
  }
}

/** Uint32 is an atomic uint32: the zero value is 0; arithmetic wraps at 32 bits as in Go (0 - 1 is 4294967295). */
export class Uint32 extends AtomicInt {
  constructor(initial = 0) {
    super(uint32, initial);
  }
}

/** Int64 is an atomic int64 held in a number: a result outside the safe-integer range throws RangeError. */
export class Int64 extends AtomicInt {
  constructor(initial = 0) {
    super(int64, initial);
  }
}

/**
 * Uint64 is an atomic uint64 held in a number: a result below 0 or above 2^53-1 throws
 * RangeError (Go would wrap to a value a number cannot hold exactly). `add(-1)` is the
 * TypeScript spelling of Go's `Add(^uint64(0))`.
 */
export class Uint64 extends AtomicInt {
  constructor(initial = 0) {
    super(uint64, initial);
  }
}

/** Bool is an atomic boolean; the zero value is false. */
export class Bool {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  #v = false;
  /** #stored is the token of the store that set #v (see storeLate), null until one has landed */
  #stored: object | null = null;

  constructor(initial = false) {
    this.#v = initial;
  }

  /** load atomically loads and returns the value. */
  load(): boolean {
    rt().op("Bool.load");
    acquireStored(this, this.#stored);
    return this.#v;
  }

  /** store atomically stores val; other goroutines may run before the value lands (see the header). */
  store(val: boolean): void {
    rt().op("Bool.store");
    const v = Boolean(val);
    storeLate((token) => {
      this.#v = v;
      this.#stored = token;
    });
  }

  /** swap atomically stores new and returns the previous value. */
  swap(newVal: boolean): boolean {
    rt().op("Bool.swap");
    acquireStored(this, this.#stored);
    const old = this.#v;
    this.#v = Boolean(newVal);
    rt().release(this);
    return old;
  }

  /** compareAndSwap executes the compare-and-swap operation for the boolean value. */
  compareAndSwap(old: boolean, newVal: boolean): boolean {
    rt().op("Bool.compareAndSwap");
    acquireStored(this, this.#stored);
    if (this.#v !== old) return false;
    this.#v = Boolean(newVal);
    rt().release(this);
    return true;
  }

  toString(): string {
    return String(this.#v);
  }
}

/**
 * Pointer is an atomic reference to a T; the zero value is null (Go's nil pointer). Unlike
 * Value it accepts null, and compareAndSwap compares by identity (`===`), as Go compares
 * pointers.
 */
export class Pointer<T> {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  #v: T | null = null;
  /** #stored is the token of the store that set #v (see storeLate), null until one has landed */
  #stored: object | null = null;

  /** load atomically loads and returns the value. */
  load(): T | null {
    rt().op("Pointer.load");
    acquireStored(this, this.#stored);
    return this.#v;
  }

  /** store atomically stores val; other goroutines may run before the value lands (see the header). */
  store(val: T | null): void {
    rt().op("Pointer.store");
    const v = val ?? null;
    storeLate((token) => {
      this.#v = v;
      this.#stored = token;
    });
  }

  /** swap atomically stores new and returns the previous value. */
  swap(newVal: T | null): T | null {
    rt().op("Pointer.swap");
    acquireStored(this, this.#stored);
    const old = this.#v;
    this.#v = newVal ?? null;
    rt().release(this);
    return old;
  }

  /** compareAndSwap executes the compare-and-swap operation for the pointer. */
  compareAndSwap(old: T | null, newVal: T | null): boolean {
    rt().op("Pointer.compareAndSwap");
    acquireStored(this, this.#stored);
    if (this.#v !== (old ?? null)) return false;
    this.#v = newVal ?? null;
    rt().release(this);
    return true;
  }
}

/** nothing marks a Value that has never been stored to (Go's nil interface). */
const nothing: unique symbol = Symbol("nothing");

/**
 * typeOf is the JavaScript stand-in for Go's dynamic type: typeof for primitives, the prototype
 * for objects (so two class instances, two arrays, or two plain objects share a type, and a Map
 * and a plain object do not).
 */
function typeOf(v: unknown): unknown {
  if (typeof v === "object" && v !== null) return getPrototypeOf(v);
  return typeof v;
}

/**
 * Value provides an atomic load and store of a consistently typed value. The zero Value returns
 * null from load. Storing null or undefined (Go's nil) panics with
 * `sync/atomic: store of nil value into Value`; once a value is stored, storing a value of
 * another type (another typeof, or for objects another prototype) panics with
 * `sync/atomic: store of inconsistently typed value into Value`; swap and compareAndSwap panic
 * the same way with Go's words for them.
 */
export class Value<T = unknown> {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  #v: T | typeof nothing = nothing;

  /** load returns the value set by the most recent store, or null if there has been none. */
  load(): T | null {
    rt().op("Value.load");
    rt().acquire(this);
    return this.#v === nothing ? null : this.#v;
  }

  /** store sets the value; every store must use the same type, and store(null) panics. */
  store(val: T): void {
    rt().op("Value.store");
    if (val === null || val === undefined) throw new GoPanic("sync/atomic: store of nil value into Value");
    if (this.#v !== nothing && typeOf(this.#v) !== typeOf(val)) {
      throw new GoPanic("sync/atomic: store of inconsistently typed value into Value");
    }
    this.#v = val;
    rt().release(this);
  }

  /** swap stores new and returns the previous value, or null if the Value was empty. */
  swap(newVal: T): T | null {
    rt().op("Value.swap");
    if (newVal === null || newVal === undefined) throw new GoPanic("sync/atomic: swap of nil value into Value");
    if (this.#v !== nothing && typeOf(this.#v) !== typeOf(newVal)) {
      throw new GoPanic("sync/atomic: swap of inconsistently typed value into Value");
    }
    rt().acquire(this);
    const old = this.#v;
    this.#v = newVal;
    rt().release(this);
    return old === nothing ? null : old;
  }

  /**
   * compareAndSwap stores new if the current value is old (`===`; old null matches an empty
   * Value) and reports whether it did. old and new must share a type.
   */
  compareAndSwap(old: T | null, newVal: T): boolean {
    rt().op("Value.compareAndSwap");
    if (newVal === null || newVal === undefined) throw new GoPanic("sync/atomic: compare and swap of nil value into Value");
    const oldIsNil = old === null || old === undefined;
    if (!oldIsNil && typeOf(old) !== typeOf(newVal)) {
      throw new GoPanic("sync/atomic: compare and swap of inconsistently typed values");
    }
    rt().acquire(this);
    if (this.#v === nothing) {
      if (!oldIsNil) return false;
      this.#v = newVal;
      rt().release(this);
      return true;
    }
    if (typeOf(this.#v) !== typeOf(newVal)) {
      throw new GoPanic("sync/atomic: compare and swap of inconsistently typed value into Value");
    }
    if (this.#v !== old) return false;
    this.#v = newVal;
    rt().release(this);
    return true;
  }
}
