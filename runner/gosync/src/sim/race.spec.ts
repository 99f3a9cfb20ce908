import { describe, expect, test } from "vitest";
import { RaceDetector, join } from "./race.ts";

const g = (id: number) => ({ id, vc: [] as number[] });
/** root is goroutine 1 at its first epoch (clocks are dense arrays). */
const root = () => ({ id: 1, vc: [0, 1] });

describe("RaceDetector", () => {
  test("join keeps the larger component", () => {
    const a = [0, 3, 1];
    join(a, [0, 1, 5, 2]);
    expect(a).toEqual([0, 3, 5, 2]);
  });

  test("unordered write and read of one location are a race; release/acquire orders them", () => {
    const d = new RaceDetector();
    const main = root();
    const a = g(2), b = g(3);
    d.fork(main, a);
    d.fork(main, b);
    const obj = {};
    d.access(a, obj, "x", "s", true, null);
    d.access(b, obj, "x", "s", false, null);
    expect(d.races).toHaveLength(1);
    expect(d.races[0].text).toMatch(/Read at s\.x by goroutine 3:[\s\S]*Previous write at s\.x by goroutine 2:/);

    const d2 = new RaceDetector();
    const m = {};
    d2.access(a, obj, "x", "s", true, null);
    d2.release(a, m);
    d2.acquire(b, m);
    d2.access(b, obj, "x", "s", true, null);
    expect(d2.races).toHaveLength(0);
  });

  test("a write after concurrent reads is compared with every reader", () => {
    const d = new RaceDetector();
    const main = root();
    const [r1, r2, w] = [g(2), g(3), g(4)];
    for (const x of [r1, r2, w]) d.fork(main, x);
    const obj = {};
    d.access(r1, obj, "k", "s", false, null);
    d.access(r2, obj, "k", "s", false, null);
    d.access(w, obj, "k", "s", true, null);
    expect(d.races.map((r) => r.previous.g).sort()).toEqual([2, 3]);
  });
  test("a write forgets the reads before it: a later write is compared with the reads since", () => {
    const d = new RaceDetector();
    const main = root();
    const [r1, r2, w, w2] = [g(2), g(3), g(4), g(5)];
    for (const x of [r1, r2, w, w2]) d.fork(main, x);
    const obj = {};
    d.access(r1, obj, "k", "s", false, null);
    d.access(w, obj, "k", "s", true, null);
    d.access(r2, obj, "k", "s", false, null);
    d.access(w2, obj, "k", "s", true, null);
    const pairs = d.races.map((r) => `${r.current.kind} by ${r.current.g} after ${r.previous.kind} by ${r.previous.g}`);
    expect(pairs).toEqual(["write by 4 after read by 2", "read by 3 after write by 4", "write by 5 after write by 4", "write by 5 after read by 3"]);
  });
});
