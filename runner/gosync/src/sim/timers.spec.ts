import { describe, expect, test } from "vitest";
import { Timer, TimerHeap } from "./timers.ts";

/** drain takes every timer out of the heap, earliest first, and returns their names. */
function drain(h: TimerHeap, names: Map<Timer, string>): string[] {
  const out: string[] = [];
  while (h.size > 0) {
    const t = h.first!;
    h.remove(t);
    out.push(names.get(t)!);
  }
  return out;
}

describe("TimerHeap", () => {
  test("gives timers back by when, and those due at the same instant in creation order", () => {
    const h = new TimerHeap();
    const names = new Map<Timer, string>();
    for (const [name, when] of [["c", 30], ["a1", 10], ["b", 20], ["a2", 10], ["d", 40], ["a3", 10]] as const) {
      const t = new Timer(h, when, () => {});
      names.set(t, name);
      h.push(t);
    }
    expect(drain(h, names)).toEqual(["a1", "a2", "a3", "b", "c", "d"]);
  });

  test("stop takes a pending timer out and reports whether it was pending, as Go's Timer.Stop", () => {
    const h = new TimerHeap();
    const t = new Timer(h, 5, () => {});
    h.push(t);
    expect(t.stop()).toBe(true);
    expect(h.size).toBe(0);
    expect(t.stop()).toBe(false);
  });

  test("a reset timer fires after the timers already due at its new instant", () => {
    const h = new TimerHeap();
    const names = new Map<Timer, string>();
    const early = new Timer(h, 1, () => {});
    const other = new Timer(h, 10, () => {});
    names.set(early, "reset").set(other, "other");
    h.push(early);
    h.push(other);
    expect(early.reset(10)).toBe(true);
    expect(drain(h, names)).toEqual(["other", "reset"]);
    expect(early.reset(3)).toBe(false);
    expect(drain(h, names)).toEqual(["reset"]);
  });
});
