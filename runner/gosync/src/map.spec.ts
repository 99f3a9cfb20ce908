import { describe, expect } from "vitest";
import { both } from "../test/support.ts";
import { Map as SyncMap } from "./map.ts";

describe("Map", () => {
  both("compares object keys by identity and primitive keys by value", () => {
    const m = new SyncMap<unknown, string>();
    const k = { id: 1 };
    m.store(k, "object");
    m.store("1", "string");
    m.store(1, "number");
    expect(m.load({ id: 1 })).toEqual([undefined, false]);
    expect(m.load(k)).toEqual(["object", true]);
    expect(m.load("1")).toEqual(["string", true]);
    expect(m.load(1)).toEqual(["number", true]);
  });

  both("tells a stored undefined apart from a missing key through ok", () => {
    const m = new SyncMap<string, undefined>();
    m.store("k", undefined);
    expect(m.load("k")).toEqual([undefined, true]);
    expect(m.loadAndDelete("k")).toEqual([undefined, true]);
    expect(m.loadAndDelete("k")).toEqual([undefined, false]);
  });

  both("loadOrStore stores only the first value; swap reports the previous one", () => {
    const m = new SyncMap<string, number>();
    expect(m.loadOrStore("a", 1)).toEqual([1, false]);
    expect(m.loadOrStore("a", 2)).toEqual([1, true]);
    expect(m.swap("a", 3)).toEqual([1, true]);
    expect(m.swap("b", 4)).toEqual([undefined, false]);
    expect(m.load("a")).toEqual([3, true]);
  });

  both("compareAndSwap and compareAndDelete compare values with ===", () => {
    const m = new SyncMap<string, object>();
    const v = {};
    m.store("k", v);
    expect(m.compareAndSwap("k", {}, {})).toBe(false);
    const w = {};
    expect(m.compareAndSwap("k", v, w)).toBe(true);
    expect(m.compareAndDelete("k", v)).toBe(false);
    expect(m.compareAndDelete("k", w)).toBe(true);
    expect(m.load("k")).toEqual([undefined, false]);
  });

  both("range does not visit keys added during the call", () => {
    const m = new SyncMap<number, number>();
    m.store(1, 1);
    const visited: number[] = [];
    m.range((k) => {
      visited.push(k);
      m.store(k + 1, k + 1);
      return true;
    });
    expect(visited).toEqual([1]);
  });
});
