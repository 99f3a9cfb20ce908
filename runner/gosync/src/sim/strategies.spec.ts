import { describe, expect, test } from "vitest";
import { ExhaustiveStrategy, ReplayStrategy, Rng, makeStrategy } from "./strategies.ts";
import { chan, go, shared } from "../index.ts";
import * as runtime from "../goruntime.ts";
import * as sim from "./index.ts";

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

  test("pct draws its change points over decision points, so none is lost on a step where one goroutine alone could run", () => {
    // An estimate of one decision puts the single change point (depth 2) on the first pick,
    // whatever step of the run that pick comes at: the goroutine that would run is lowered.
    for (let seed = 1; seed <= 20; seed++) {
      const s = makeStrategy({ strategy: "pct", seed, depth: 2, expectedSteps: 1 });
      const q = [{ id: 1, prio: 0 }, { id: 2, prio: 0 }];
      for (const g of q) s.spawned(g);
      const highest = q[0].prio > q[1].prio ? 0 : 1;
      expect(s.pick(q, 57), `seed ${seed}`).toBe(1 - highest);
    }
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

describe("a program that replaces the built-ins gosync uses (commons.ts)", () => {
  /**
   * ARRAY_METHODS are replaced by functions that throw: gosync's exploration must not call them.
   * push, pop and shift are left alone: the simulator's queues use them on every step (see
   * commons.ts for why), and a program that broke them would break its own arrays first.
   */
  const ARRAY_METHODS = ["slice", "splice", "map", "filter", "join", "indexOf", "includes", "find", "findIndex", "some", "every", "reduce", "forEach", "concat", "sort", "reverse", "at", "fill", "unshift"] as const;

  /** patched runs f with Math's functions and Array.prototype's methods replaced as a hostile program would, then puts them back. */
  async function patched<T>(f: () => Promise<T>): Promise<T> {
    const math = { floor: Math.floor, min: Math.min, max: Math.max, imul: Math.imul, random: Math.random };
    const arrays = new Map(ARRAY_METHODS.map((k) => [k, Object.getOwnPropertyDescriptor(Array.prototype, k)!]));
    Math.floor = () => 0; // collapsed every random schedule to the first goroutine (issue 10)
    Math.min = () => 0;
    Math.max = () => 0;
    Math.imul = () => 0;
    Math.random = () => 0;
    for (const k of ARRAY_METHODS) {
      Object.defineProperty(Array.prototype, k, { ...arrays.get(k), value: () => { throw new Error(`Array.prototype.${k} was called`); } });
    }
    try {
      return await f();
    } finally {
      Object.assign(Math, math);
      for (const [k, d] of arrays) Object.defineProperty(Array.prototype, k, d);
    }
  }

  /** lostUpdate is two goroutines incrementing a shared counter without a lock: a race on some schedules. */
  async function lostUpdate(): Promise<void> {
    const s = shared({ n: 0 });
    const done = chan<void>();
    for (let i = 0; i < 2; i++) {
      go(async () => {
        const v = s.n;
        await runtime.gosched();
        s.n = v + 1;
        await done.send();
      });
    }
    await done.recv();
    await done.recv();
  }

  /** facts is what must not change: which run failed, its seed and its schedule, decision for decision. */
  const facts = (r: sim.ExploreResult) => (r.ok ? { ok: true, runs: r.runs } : { ok: false, run: r.failure.run, seed: r.failure.seed, schedule: r.failure.schedule, outcome: r.failure.report.outcome, races: r.failure.report.races.length });

  for (const strategy of ["random", "pct", "exhaustive"] as const) {
    test(`${strategy} exploration finds the same failure on the same seed with Math.floor, Math.random and Array.prototype replaced`, async () => {
      const opts = { runs: 50, seed: 7, strategy, detectLeaks: false };
      const clean = await sim.explore(lostUpdate, opts);
      const hostile = await patched(() => sim.explore(lostUpdate, opts));
      expect(clean.ok, `want a failure to compare; got ${JSON.stringify(facts(clean))} (seed 7, strategy ${strategy})`).toBe(false);
      expect(facts(hostile), `patched built-ins changed what exploration found (seed 7, strategy ${strategy})`).toEqual(facts(clean));
    });
  }

  test("a random pick is the same with Math.floor replaced", () => {
    const q = [{ id: 1, prio: 0 }, { id: 2, prio: 0 }, { id: 3, prio: 0 }];
    const picks = (s: ReturnType<typeof makeStrategy>) => Array.from({ length: 30 }, (_, i) => s.pick(q, i));
    const want = picks(makeStrategy({ strategy: "random", seed: 9 }));
    const floor = Math.floor;
    Math.floor = () => 0;
    let got: number[];
    try {
      got = picks(makeStrategy({ strategy: "random", seed: 9 }));
    } finally {
      Math.floor = floor;
    }
    expect(got).toEqual(want);
    expect(new Set(want).size, "the picks vary").toBe(3);
  });
});
