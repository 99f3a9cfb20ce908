// Specs of gosync/sim's isTracked and trackedAccesses (shared.ts): how a test tells that state
// lives in shared(), where the race detector sees it, and that a program's own objects cannot
// pass for it.
import { describe, expect, test } from "vitest";
import { shared } from "./shared.ts";
import { Mutex } from "./mutex.ts";
import { WaitGroup } from "./waitgroup.ts";
import * as sim from "./sim/index.ts";
import { onSim } from "../test/support.ts";

describe("isTracked", () => {
  test("is true for a shared() object, for the objects read through it, and for a shared Map or Set", async () => {
    await onSim(async () => {
      const s = shared({ n: 0, inner: { x: 1 }, list: [1, 2] });
      expect(sim.isTracked(s), "shared({ … })").toBe(true);
      expect(sim.isTracked(s.inner), "an object read through it").toBe(true);
      expect(sim.isTracked(s.list), "an array read through it").toBe(true);
      expect(sim.isTracked(shared(new Map([["a", { n: 1 }]]))), "shared(new Map())").toBe(true);
      expect(sim.isTracked(shared(new Map([["a", { n: 1 }]])).get("a")), "a Map's object value").toBe(true);
      expect(sim.isTracked(shared(new Set())), "shared(new Set())").toBe(true);
      expect(sim.isTracked(shared(s)), "a shared object handed to shared() again").toBe(true);
    });
  });

  test("is false for the plain object shared() wraps, and for plain values", async () => {
    await onSim(async () => {
      const plain = { n: 0 };
      shared(plain);
      expect(sim.isTracked(plain), "the object shared() was given").toBe(false);
      expect(sim.isTracked({ n: 0 }), "an object never shared").toBe(false);
      for (const v of [null, undefined, 0, "counts", true, Symbol("s"), 1n]) expect(sim.isTracked(v), String(v)).toBe(false);
      expect(sim.isTracked(() => 0), "a function").toBe(false);
    });
  });

  test("is not fooled by a Proxy around a shared object, a copy of one, or a getter that hands one out", async () => {
    await onSim(async () => {
      const s = shared({ n: 0 });
      const around = new Proxy(s, {});
      expect(sim.isTracked(around), "new Proxy(sharedObject, {})").toBe(false);
      const copy = Object.create(Object.getPrototypeOf(s) as object, Object.getOwnPropertyDescriptors(s)) as object;
      for (const k of Object.getOwnPropertySymbols(s)) (copy as Record<symbol, unknown>)[k] = (s as Record<symbol, unknown>)[k];
      expect(sim.isTracked(copy), "a copy of a shared object's properties and symbols").toBe(false);
      expect(sim.isTracked({ ...s }), "a spread of a shared object").toBe(false);
      let read = false;
      const withGetter = {
        get self() {
          read = true;
          return s;
        },
      };
      expect(sim.isTracked(withGetter), "an object with a getter that returns a shared object").toBe(false);
      const traps = new Proxy({}, new Proxy({}, { get: () => () => ((read = true), s) }));
      expect(sim.isTracked(traps), "a Proxy every trap of which answers with a shared object").toBe(false);
      expect(read, "a getter or trap of the value was run").toBe(false);
    });
  });

  test("is false for gosync's own objects handed to shared(), which come back as they are", async () => {
    await onSim(async () => {
      const mu = new Mutex();
      expect(sim.isTracked(shared(mu)), "shared(new Mutex())").toBe(false);
      expect(sim.isTracked(shared({ mu }).mu), "a Mutex read from a shared object").toBe(false);
    });
  });

  test("is false outside a simulation, in a run with detectRaces off, and for a proxy made in an earlier run", async () => {
    const outside = shared({ n: 0 });
    expect(sim.isTracked(outside), "shared() outside a simulation").toBe(false);
    let seenOff: boolean | undefined;
    await sim.run(async () => {
      seenOff = sim.isTracked(shared({ n: 0 }));
    }, { seed: 1, detectRaces: false });
    expect(seenOff, "shared() in a run with detectRaces: false").toBe(false);
    let earlier: object | undefined;
    await sim.run(async () => {
      earlier = shared({ n: 0 });
    }, { seed: 1 });
    expect(sim.isTracked(earlier), "a proxy from a finished run, read outside any").toBe(false);
    let inLater: boolean[] = [];
    await sim.run(async () => {
      inLater = [sim.isTracked(earlier), sim.isTracked(shared(earlier!))];
    }, { seed: 1 });
    expect(inLater, "[the earlier run's proxy, shared() of it] in a later run").toEqual([false, true]);
  });
});

describe("trackedAccesses", () => {
  test("counts the reads and writes of shared state made between two calls, by any goroutine", async () => {
    await onSim(async () => {
      const s = shared({ n: 0, m: new Map<string, number>() });
      const before = sim.trackedAccesses();
      s.n = s.n + 1; // a read, a write
      void ("n" in s); // a read
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.go(async () => {
          using _ = await mu.lock();
          s.n++; // a read, a write
        });
      }
      await wg.wait();
      const after = sim.trackedAccesses();
      expect({ reads: after.reads - before.reads, writes: after.writes - before.writes }, "s.n = s.n + 1, 'n' in s, and s.n++ in two goroutines").toEqual({ reads: 4, writes: 3 });
      const m = s.m; // a read of s
      const mid = sim.trackedAccesses();
      m.set("a", 1); // a write of the Map
      m.get("a"); // a read
      void m.size; // a read
      const end = sim.trackedAccesses();
      expect({ reads: end.reads - mid.reads, writes: end.writes - mid.writes }, "set, get and size of a shared Map").toEqual({ reads: 2, writes: 1 });
    });
  });

  test("counts nothing done to a plain object, and is zero outside a simulation and in a run without race detection", async () => {
    await onSim(async () => {
      const before = sim.trackedAccesses();
      const plain: Record<string, number> = {};
      for (let i = 0; i < 10; i++) plain.hits = (plain.hits ?? 0) + 1;
      expect(sim.trackedAccesses(), "after 10 increments of a plain object").toEqual(before);
    });
    expect(sim.trackedAccesses(), "outside a simulation").toEqual({ reads: 0, writes: 0 });
    let off: unknown;
    await sim.run(async () => {
      const s = shared({ n: 0 });
      s.n++;
      off = sim.trackedAccesses();
    }, { seed: 1, detectRaces: false });
    expect(off, "in a run with detectRaces: false").toEqual({ reads: 0, writes: 0 });
  });

  test("starts at zero in every run, and hands out a copy", async () => {
    const seen: unknown[] = [];
    for (let run = 0; run < 2; run++) {
      await sim.run(async () => {
        const first = sim.trackedAccesses();
        const s = shared({ n: 0 });
        s.n++;
        const got = sim.trackedAccesses() as { reads: number; writes: number };
        got.writes = 100;
        seen.push([first, got.reads, sim.trackedAccesses()]);
      }, { seed: run + 1 });
    }
    expect(seen, "[at the start, reads after s.n++, after writing to the returned object] in two runs").toEqual([
      [{ reads: 0, writes: 0 }, 1, { reads: 1, writes: 1 }],
      [{ reads: 0, writes: 0 }, 1, { reads: 1, writes: 1 }],
    ]);
  });
});

describe("recordTracked", () => {
  test("records the addresses of shared() state read and written, and only while it records", async () => {
    await onSim(async () => {
      const counts = shared<Record<string, number>>({}, "counts");
      counts.before = 1;
      const stop = sim.recordTracked();
      counts.hits = (counts.hits ?? 0) + 1;
      const throwaway = shared({ x: 0 });
      throwaway.x = 1;
      const got = stop();
      counts.after = 1;
      expect(got.written).toEqual(["counts.hits", `${got.written[1]}`]);
      expect(got.written[1]).toMatch(/^shared#\d+\.x$/);
      expect(got.read).toEqual(["counts.hits"]);
    });
  });

  test("refuses a second recording while one is running", async () => {
    await onSim(async () => {
      const stop = sim.recordTracked();
      expect(() => sim.recordTracked()).toThrow(/already recording/);
      stop();
      expect(() => sim.recordTracked()()).not.toThrow();
    });
  });
});
