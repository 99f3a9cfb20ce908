import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { chan } from "../chan.ts";
import { gosched } from "../goruntime.ts";
import { shared } from "../shared.ts";
import { WaitGroup } from "../waitgroup.ts";
import { Coverage, TREE_LIMIT } from "./coverage.ts";
import { explore } from "./explore.ts";

/** counting wraps a program so that each of its runs is counted. */
function counting(main: () => Promise<void>): { main: () => Promise<void>; runs: () => number } {
  let n = 0;
  return {
    main: () => {
      n++;
      return main();
    },
    runs: () => n,
  };
}

describe("Coverage", () => {
  test("a run with no decision is the only schedule: complete when a second run repeats it", () => {
    const c = new Coverage(100);
    expect(c.add([], [], false), "the first run").toBe(false);
    expect(c.add([], [], false), "its repetition").toBe(true);
  });

  test("one decision between two goroutines is complete once both were taken and one is repeated", () => {
    const c = new Coverage(100);
    expect(c.add([0], [2], false)).toBe(false);
    expect(c.add([0], [2], false), "the same schedule again, with the other option untaken").toBe(false);
    expect(c.add([1], [2], false), "the last new schedule").toBe(false);
    expect(c.add([1], [2], false)).toBe(true);
  });

  test("a subtree completes its parent's option only when each of its own options was taken", () => {
    const c = new Coverage(100);
    expect(c.add([0, 0], [2, 2], false)).toBe(false);
    expect(c.add([1], [2], false)).toBe(false);
    expect(c.add([1], [2], false), "option 0's subtree has an untaken option").toBe(false);
    expect(c.add([0, 1], [2, 2], false)).toBe(false);
    expect(c.add([0, 0], [2, 2], false)).toBe(true);
  });

  test("a run whose decisions prove more schedules than the exploration's runs switches it off", () => {
    const c = new Coverage(3);
    expect(c.add([0, 0], [2, 2], false), "three schedules at least: it may still complete").toBe(false);
    expect(c.off).toBe(false);
    expect(c.add([0, 1, 0], [2, 2, 2], false), "four at least, in three runs").toBe(false);
    expect(c.off).toBe(true);
  });

  test("a run that drew from Math.random switches it off for good", () => {
    const c = new Coverage(100);
    expect(c.add([], [], true)).toBe(false);
    expect(c.off).toBe(true);
    expect(c.add([], [], false)).toBe(false);
  });

  test("the same decisions leading to another number of options (state kept between runs) switch it off", () => {
    const c = new Coverage(100);
    c.add([0], [2], false);
    expect(c.add([0, 1], [2, 3], false)).toBe(false);
    expect(c.off).toBe(true);
  });

  test("a run that ends where another went on switches it off, and so does one that goes on where another ended", () => {
    const a = new Coverage(100);
    a.add([0, 0], [2, 2], false);
    expect(a.add([0], [2], false)).toBe(false);
    expect(a.off).toBe(true);
    const b = new Coverage(100);
    b.add([], [], false);
    expect(b.add([0], [2], false)).toBe(false);
    expect(b.off).toBe(true);
  });

  test(`a tree of more than ${TREE_LIMIT} decision points is not kept`, () => {
    const c = new Coverage(TREE_LIMIT * 2);
    const long = TREE_LIMIT + 1;
    expect(c.add(new Array(long).fill(0), new Array(long).fill(2), false)).toBe(false);
    expect(c.off).toBe(true);
  });
});

describe("explore stops once every schedule has run", () => {
  for (const strategy of ["random", "pct"] as const) {
    test(`${strategy}: a test with one goroutine runs twice, and passes`, async () => {
      const p = counting(async () => {
        const c = chan<number>(1);
        await c.send(1);
        expect(await c.recv()).toBe(1);
      });
      const r = await explore(p.main, { strategy, runs: 100 });
      expect(r).toEqual({ ok: true, runs: 2 });
      expect(p.runs()).toBe(2);
    });
  }

  test("two goroutines that each yield once: every interleaving is run, then it stops", async () => {
    const seen = new Set<string>();
    let order: string[] = [];
    const p = counting(async () => {
      order = [];
      const wg = new WaitGroup();
      for (const name of ["a", "b"]) {
        wg.go(async () => {
          order.push(`${name}1`);
          await gosched();
          order.push(`${name}2`);
        });
      }
      await wg.wait();
      seen.add(order.join(" "));
    });
    const r = await explore(p.main, { strategy: "random", runs: 500 });
    expect(r.ok).toBe(true);
    expect(p.runs(), "it stopped before the runs ran out").toBeLessThan(500);
    expect(r.ok && r.runs).toBe(p.runs());
    // Every order of the four steps that keeps each goroutine's own order: C(4,2) = 6.
    expect([...seen].sort()).toEqual(["a1 a2 b1 b2", "a1 b1 a2 b2", "a1 b1 b2 a2", "b1 a1 a2 b2", "b1 a1 b2 a2", "b1 b2 a1 a2"]);
  });

  test("a program that draws from Math.random runs every schedule it was given", async () => {
    const p = counting(async () => {
      if (Math.random() > 2) throw new Error("never");
    });
    const r = await explore(p.main, { strategy: "random", runs: 30 });
    expect(r).toEqual({ ok: true, runs: 30 });
  });

  test("a program whose second run finds the state its first left (a cache at the top of a module) still has that run judged", async () => {
    let calls = 0;
    const r = await explore(async () => {
      calls++;
      if (calls === 2) {
        // Only the second run starts a second goroutine, which races with main.
        const s = shared({ n: 0 });
        go(() => {
          s.n++;
        });
        s.n++;
        await gosched();
      }
    }, { strategy: "random", runs: 30 });
    expect(r.ok, "the second run's race is found").toBe(false);
  });

  test("a program whose decisions change from one run to the next (state kept between runs) runs every schedule it was given", async () => {
    let calls = 0;
    const p = counting(async () => {
      calls++;
      const wg = new WaitGroup();
      for (let i = 0; i < calls % 3; i++) wg.go(() => gosched());
      await wg.wait();
    });
    expect(await explore(p.main, { strategy: "random", runs: 40 })).toEqual({ ok: true, runs: 40 });
  });

  test("the systematic searches keep their own stopping rule", async () => {
    const p = counting(async () => {});
    expect(await explore(p.main, { strategy: "exhaustive", runs: 10 })).toEqual({ ok: true, runs: 1 });
    expect(p.runs()).toBe(1);
  });
});
