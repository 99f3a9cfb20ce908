import { describe, expect, it } from "vitest";
import { Bool, Int32, Int64, Pointer, Uint32, Uint64, Value } from "./atomic.ts";
import { GoPanic } from "./panic.ts";

function panicOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GoPanic);
    return (e as GoPanic).message;
  }
  throw new Error("expected a GoPanic, got none");
}

describe("Int32", () => {
  it("starts at zero and adds, returning the new value", () => {
    const n = new Int32();
    expect(n.load()).toBe(0);
    expect(n.add(5)).toBe(5);
    expect(n.add(-7)).toBe(-2);
    expect(n.load()).toBe(-2);
  });

  it("wraps around at 32 bits like Go's int32", () => {
    const n = new Int32(2147483647);
    expect(n.add(1)).toBe(-2147483648);
    expect(n.add(-1)).toBe(2147483647);
    n.store(2 ** 31);
    expect(n.load()).toBe(-2147483648);
  });

  it("swaps and compares-and-swaps", () => {
    const n = new Int32(3);
    expect(n.swap(4)).toBe(3);
    expect(n.compareAndSwap(3, 9)).toBe(false);
    expect(n.load()).toBe(4);
    expect(n.compareAndSwap(4, 9)).toBe(true);
    expect(n.load()).toBe(9);
  });

  it("returns the old value from and/or (Go 1.23)", () => {
    const n = new Int32(0b1100);
    expect(n.and(0b1010)).toBe(0b1100);
    expect(n.load()).toBe(0b1000);
    expect(n.or(0b0011)).toBe(0b1000);
    expect(n.load()).toBe(0b1011);
    expect(n.and(~0b1)).toBe(0b1011);
    expect(n.load()).toBe(0b1010);
  });

  it("rejects a non-integer with a TypeError naming the method and the value", () => {
    const n = new Int32();
    expect(() => n.add(1.5)).toThrow(new TypeError("atomic.Int32.add: delta must be an integer, got 1.5"));
    expect(() => n.store(Number.NaN)).toThrow(TypeError);
  });
});

describe("Uint32", () => {
  it("wraps below zero and above 2^32-1 like Go's uint32", () => {
    const n = new Uint32();
    expect(n.add(-1)).toBe(4294967295);
    expect(n.add(1)).toBe(0);
    expect(n.add(4294967295)).toBe(4294967295);
    expect(n.add(2)).toBe(1);
  });

  it("keeps and/or results unsigned", () => {
    const n = new Uint32(0xffffffff);
    expect(n.and(0x80000000)).toBe(0xffffffff);
    expect(n.load()).toBe(0x80000000);
    expect(n.or(1)).toBe(0x80000000);
    expect(n.load()).toBe(0x80000001);
  });
});

describe("Int64", () => {
  it("holds any safe integer", () => {
    const n = new Int64(Number.MAX_SAFE_INTEGER - 1);
    expect(n.add(1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(n.add(-Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(n.add(Number.MIN_SAFE_INTEGER)).toBe(Number.MIN_SAFE_INTEGER);
  });

  it("throws RangeError instead of losing precision past 2^53-1, and keeps the old value", () => {
    const n = new Int64(Number.MAX_SAFE_INTEGER);
    expect(() => n.add(1)).toThrow(RangeError);
    expect(n.load()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => n.store(2 ** 60)).toThrow(RangeError);
  });

  it("does and/or in 64-bit two's complement", () => {
    const n = new Int64(-1);
    expect(n.and(2 ** 40 + 5)).toBe(-1);
    expect(n.load()).toBe(2 ** 40 + 5);
    expect(n.or(2)).toBe(2 ** 40 + 5);
    expect(n.load()).toBe(2 ** 40 + 7);
  });
});

describe("Uint64", () => {
  it("adds a negative delta as Go's Add(^uint64(c-1)) subtracts", () => {
    const n = new Uint64(10);
    expect(n.add(-3)).toBe(7);
  });

  it("throws RangeError for a result below zero, where Go would wrap to 2^64-1", () => {
    const n = new Uint64();
    expect(() => n.add(-1)).toThrow(RangeError);
    expect(n.load()).toBe(0);
    expect(() => n.store(-1)).toThrow(RangeError);
  });

  it("clears bits with a negative mask read as 64-bit two's complement", () => {
    const n = new Uint64(2 ** 40 + 3);
    expect(n.and(~1)).toBe(2 ** 40 + 3);
    expect(n.load()).toBe(2 ** 40 + 2);
    expect(() => n.or(-2)).toThrow(RangeError);
  });
});

describe("Bool", () => {
  it("starts false and supports store, swap and compareAndSwap", () => {
    const b = new Bool();
    expect(b.load()).toBe(false);
    b.store(true);
    expect(b.swap(false)).toBe(true);
    expect(b.compareAndSwap(true, true)).toBe(false);
    expect(b.compareAndSwap(false, true)).toBe(true);
    expect(b.load()).toBe(true);
  });
});

describe("Pointer", () => {
  it("starts null and compares by identity", () => {
    const p = new Pointer<{ n: number }>();
    expect(p.load()).toBe(null);
    const a = { n: 1 };
    const b = { n: 1 };
    expect(p.compareAndSwap(null, a)).toBe(true);
    expect(p.compareAndSwap(b, b)).toBe(false);
    expect(p.swap(b)).toBe(a);
    p.store(null);
    expect(p.load()).toBe(null);
  });
});

describe("Value", () => {
  it("loads null before the first store", () => {
    expect(new Value<number>().load()).toBe(null);
  });

  it("panics on a store of null or undefined with Go's message", () => {
    const v = new Value<string | null>();
    expect(panicOf(() => v.store(null))).toBe("sync/atomic: store of nil value into Value");
    expect(panicOf(() => v.store(undefined as never))).toBe("sync/atomic: store of nil value into Value");
  });

  it("panics on a store of another type with Go's message", () => {
    const v = new Value<unknown>();
    v.store("a");
    v.store("b");
    expect(v.load()).toBe("b");
    expect(panicOf(() => v.store(1))).toBe("sync/atomic: store of inconsistently typed value into Value");
    class A {}
    class B {}
    const w = new Value<unknown>();
    w.store(new A());
    expect(panicOf(() => w.store(new B()))).toBe("sync/atomic: store of inconsistently typed value into Value");
    expect(panicOf(() => w.store({}))).toBe("sync/atomic: store of inconsistently typed value into Value");
  });

  it("swaps, returning null for the first swap, and panics like Go on nil or a new type", () => {
    const v = new Value<unknown>();
    expect(v.swap(1)).toBe(null);
    expect(v.swap(2)).toBe(1);
    expect(panicOf(() => v.swap(null))).toBe("sync/atomic: swap of nil value into Value");
    expect(panicOf(() => v.swap("x"))).toBe("sync/atomic: swap of inconsistently typed value into Value");
  });

  it("compares and swaps as Go does, old null matching only an empty Value", () => {
    const v = new Value<unknown>();
    expect(v.compareAndSwap(1, 2)).toBe(false);
    expect(v.compareAndSwap(null, 1)).toBe(true);
    expect(v.compareAndSwap(null, 3)).toBe(false);
    expect(v.compareAndSwap(1, 2)).toBe(true);
    expect(v.load()).toBe(2);
    expect(panicOf(() => v.compareAndSwap(2, null))).toBe("sync/atomic: compare and swap of nil value into Value");
    expect(panicOf(() => v.compareAndSwap(2, "x"))).toBe("sync/atomic: compare and swap of inconsistently typed values");
    expect(panicOf(() => v.compareAndSwap(null, "x"))).toBe(
      "sync/atomic: compare and swap of inconsistently typed value into Value",
    );
  });
});
