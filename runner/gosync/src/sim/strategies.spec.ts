import { describe, expect, test } from "vitest";
import { ExhaustiveStrategy, ReplayStrategy, Rng, makeStrategy } from "./strategies.ts";

describe("strategies", () => {
  test("Rng is deterministic per seed and differs between seeds", () => {
    const a = new Rng(5), b = new Rng(5), c = new Rng(6);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect([c.next(), c.next(), c.next()]).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  test("random picks every runnable goroutine over many decisions", () => {
    const s = makeStrategy({ strategy: "random", seed: 3 });
    const q = [{ id: 1, prio: 0 }, { id: 2, prio: 0 }, { id: 3, prio: 0 }];
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(s.pick(q, i));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  test("pct runs the highest-priority goroutine until a change point lowers it", () => {
    const s = makeStrategy({ strategy: "pct", seed: 9, depth: 2, expectedSteps: 10 });
    const q = [{ id: 1, prio: 0 }, { id: 2, prio: 0 }];
    for (const g of q) s.spawned(g);
    const picks = Array.from({ length: 12 }, (_, i) => q[s.pick(q, i + 1)].id);
    // one change point: the pick switches at most once
    const switches = picks.filter((p, i) => i > 0 && p !== picks[i - 1]).length;
    expect(switches).toBeLessThanOrEqual(1);
  });

  test("exhaustive walks the choice tree depth-first and reports exhaustion", () => {
    let prefix: number[] | null = [];
    const runs: string[] = [];
    while (prefix !== null) {
      const s: ExhaustiveStrategy = new ExhaustiveStrategy(prefix);
      const a = s.choose(2);
      const b = s.choose(3);
      runs.push(`${a}${b}`);
      prefix = s.next();
    }
    expect(runs).toEqual(["00", "01", "02", "10", "11", "12"]);
  });

  test("replay follows the recorded ids and names a divergence", () => {
    const s = new ReplayStrategy([2, 1]);
    const q = [{ id: 1, prio: 0 }, { id: 2, prio: 0 }];
    expect(s.pick(q)).toBe(1);
    expect(() => s.pick([{ id: 3, prio: 0 }, { id: 4, prio: 0 }])).toThrow(/replay diverged at decision 1: the schedule says goroutine 1 runs next/);
  });
});
