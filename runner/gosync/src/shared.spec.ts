import { describe, expect, test } from "vitest";
import { shared } from "./shared.ts";
import { go } from "./go.ts";
import { WaitGroup } from "./waitgroup.ts";
import { Mutex } from "./mutex.ts";
import { RWMutex } from "./rwmutex.ts";
import * as sim from "./sim/index.ts";
import { onSim, simRuns } from "../test/support.ts";
import { chan } from "./chan.ts";
import { Cond } from "./cond.ts";
import { Once } from "./once.ts";
import { Int32 } from "./atomic.ts";
import * as time from "./time.ts";
import * as context from "./context.ts";

describe("shared", () => {
  test("an object made from a gosync prototype is still watched, and sync objects carry no clock a learner could read", async () => {
    await simRuns(
      async () => {
        const fake = Object.assign(Object.create(Mutex.prototype) as object, { n: 0 }) as { n: number };
        const s = shared(fake);
        expect(s, "shared() wrapped it: it is not a Mutex, only made from Mutex.prototype").not.toBe(fake);
        const mu = new Mutex();
        const wg = new WaitGroup();
        wg.add(1);
        go(async () => {
          await mu.lock();
          mu.unlock();
          wg.done();
        });
        await wg.wait();
        expect(Object.getOwnPropertySymbols(mu), "a Mutex's own symbols after a release").toEqual([]);
        expect(Object.getOwnPropertySymbols(wg), "a WaitGroup's own symbols after a release").toEqual([]);
      },
      (r) => expect(r.outcome, r.message).toBe("ok"),
    );
  });

  test("hands gosync's own objects back as they are: a Mutex, Chan, WaitGroup, timer or context kept in a shared object works, and is not reported as data", async () => {
    await simRuns(
      async () => {
        const mu = new Mutex();
        const s = shared({ mu, rw: new RWMutex(), wg: new WaitGroup(), ch: chan<number>(1), cond: new Cond(mu), once: new Once(), hits: new Int32(), t: time.newTimer(5), ctx: context.withCancel(context.background())[0], n: 0 });
        expect(s.mu).toBe(mu);
        for (let i = 0; i < 2; i++) {
          s.wg.add(1);
          go(async () => {
            try {
              await s.mu.lock();
              s.n++;
              s.mu.unlock();
              await s.rw.rLock();
              s.rw.rUnlock();
              s.hits.add(1);
              await s.once.do(() => undefined);
              await s.ch.send(i);
              await s.ch.recv();
            } finally {
              s.wg.done();
            }
          });
        }
        await s.wg.wait();
        expect(s.hits.load()).toBe(2);
        expect(s.t.stop()).toBe(true);
        expect(s.ctx.err()).toBe(null);
      },
      (r) => {
        expect(r.outcome, r.message).toBe("ok");
        expect(r.races.map((x) => x.text)).toEqual([]);
      },
    );
  });

  test("outside a simulation it returns the object itself", () => {
    const o = { a: 1 };
    expect(shared(o)).toBe(o);
  });

  test("inside a simulation reads and writes keep working through the proxy, nested objects too", async () => {
    await onSim(async () => {
      const s = shared({ list: [1, 2], inner: { x: 1 } });
      s.list.push(3);
      s.inner.x++;
      expect(s.list).toEqual([1, 2, 3]);
      expect(s.inner.x).toBe(2);
    });
  });

  test("concurrent writes to a nested array element are a race naming the path", async () => {
    await simRuns(
      async () => {
        const s = shared({ grid: [[0, 0]] }, "board");
        const wg = new WaitGroup();
        wg.go(() => void (s.grid[0][1] = 1));
        wg.go(() => void (s.grid[0][1] = 2));
        await wg.wait();
      },
      (r) => {
        expect(r.races.length).toBeGreaterThan(0);
        expect(r.races[0].addr).toBe("board.grid.0.1");
        expect(r.races[0].text).toContain("Write at board.grid.0.1 by goroutine");
      },
    );
  });

  test("reads under RLock concurrent with each other are not a race; a write under Lock is ordered", async () => {
    await onSim(async () => {
      const s = shared({ v: 0 });
      const rw = new RWMutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          using _ = await rw.rLock();
          void s.v;
        });
      }
      wg.go(async () => {
        using _ = await rw.lock();
        s.v++;
      });
      await wg.wait();
    });
  });

  test("a function kept in an own property is data: a read of it concurrent with a write is a race; a method on the prototype is not", async () => {
    await simRuns(
      async () => {
        const loaders = shared<Record<string, () => number>>({ a: () => 1 }, "loaders");
        const wg = new WaitGroup();
        wg.go(() => void (loaders.a = () => 2));
        wg.go(() => void loaders.a);
        await wg.wait();
      },
      (r) => {
        expect(r.races.length, "races between assigning loaders.a and reading it").toBeGreaterThan(0);
        expect(r.races[0].addr).toBe("loaders.a");
      },
    );
    await onSim(async () => {
      const list = shared([1, 2], "list");
      const got = await sim.trackedAccessesOf(() => list.push(3));
      expect(got.read.filter((a) => a === "list.push"), "reading the method push is not a read of list").toEqual([]);
      const loaders = shared<Record<string, () => number>>({ a: () => 1 }, "loaders");
      const read = await sim.trackedAccessesOf(() => loaders.a());
      expect(read.read, "reading the function kept in loaders.a").toEqual(["loaders.a"]);
    });
  });

  test("a write before go and a read in the goroutine are ordered by the go statement", async () => {
    const r = await sim.run(async () => {
      const s = shared({ v: 0 });
      s.v = 1;
      const wg = new WaitGroup();
      wg.add(1);
      go(() => {
        expect(s.v).toBe(1);
        wg.done();
      });
      await wg.wait();
      s.v = 2; // ordered after the goroutine's read by done → wait
    });
    expect(r.races).toEqual([]);
  });
  test("a setter runs with the proxy as this, so the writes it makes are tracked too", async () => {
    await simRuns(
      async () => {
        const s = shared(
          {
            raw: 0,
            set v(x: number) {
              this.raw = x;
            },
          },
          "box",
        );
        const wg = new WaitGroup();
        wg.go(() => void (s.v = 1));
        wg.go(() => void (s.v = 2));
        await wg.wait();
      },
      (r) => expect(r.races.map((x) => x.addr)).toContain("box.raw"),
    );
  });

  test("assigning a read-only property throws as it does on the object, and the value stays", async () => {
    await onSim(async () => {
      const s = shared(Object.freeze({ x: 1 }) as { x: number });
      expect(() => {
        s.x = 2;
      }).toThrow(TypeError);
      expect(s.x).toBe(1);
    });
  });

  test("new properties, array growth and updates of existing ones all land on the object", async () => {
    await onSim(async () => {
      const raw: { list: number[]; n?: number } = { list: [] };
      const s = shared(raw);
      s.n = 1;
      s.n++;
      s.list.push(1, 2);
      s.list[0] = 5;
      s.list.length = 1;
      expect(raw).toEqual({ list: [5], n: 2 });
    });
  });

  test("a shared object stored in another one is the same proxy, and its accesses are reported once, under its own name", async () => {
    await simRuns(
      async () => {
        const inner = shared({ n: 0 }, "inner");
        const outer = shared({ inner }, "outer");
        expect(outer.inner).toBe(inner);
        expect(shared(inner)).toBe(inner);
        const wg = new WaitGroup();
        wg.go(() => void outer.inner.n++);
        wg.go(() => void inner.n++);
        await wg.wait();
      },
      (r) => expect(new Set(r.races.map((x) => x.addr))).toEqual(new Set(["inner.n"])),
    );
  });
});

describe("shared with a Map or a Set", () => {
  test("outside a simulation a Map is returned as it is", () => {
    const m = new Map([["a", 1]]);
    expect(shared(m)).toBe(m);
  });

  test("a shared Map works with every method, for..of and spread, and set returns the proxy", async () => {
    await onSim(async () => {
      const raw = new Map<string, number>([["a", 1]]);
      const m = shared(raw);
      expect(m).not.toBe(raw);
      expect(m instanceof Map).toBe(true);
      expect(m.set("b", 2).set("c", 3)).toBe(m);
      expect([m.get("a"), m.get("z"), m.has("b"), m.has("z"), m.size]).toEqual([1, undefined, true, false, 3]);
      expect(m.delete("c")).toBe(true);
      expect(m.delete("c")).toBe(false);
      const seen: [string, number][] = [];
      m.forEach(function (this: unknown, v, k, self) {
        expect(self).toBe(m);
        expect(this).toBe(seen);
        seen.push([k, v]);
      }, seen);
      expect(seen).toEqual([["a", 1], ["b", 2]]);
      expect([...m.keys()]).toEqual(["a", "b"]);
      expect([...m.values()]).toEqual([1, 2]);
      expect([...m.entries()]).toEqual([["a", 1], ["b", 2]]);
      const looped: [string, number][] = [];
      for (const [k, v] of m) looped.push([k, v]);
      expect(looped).toEqual([["a", 1], ["b", 2]]);
      expect([...m]).toEqual([["a", 1], ["b", 2]]);
      expect(new Map(m)).toEqual(new Map([["a", 1], ["b", 2]]));
      expect(Object.fromEntries(m)).toEqual({ a: 1, b: 2 });
      m.clear();
      expect(m.size).toBe(0);
      expect(raw.size).toBe(0);
    });
  });

  test("a shared Set works with every method, for..of, spread and set algebra with another shared Set", async () => {
    await onSim(async () => {
      const raw = new Set([1]);
      const s = shared(raw);
      expect(s instanceof Set).toBe(true);
      expect(s.add(2).add(3)).toBe(s);
      expect([s.has(2), s.has(9), s.size]).toEqual([true, false, 3]);
      expect(s.delete(3)).toBe(true);
      const seen: number[] = [];
      s.forEach((v, k, self) => {
        expect([k, self]).toEqual([v, s]);
        seen.push(v);
      });
      expect(seen).toEqual([1, 2]);
      expect([[...s.keys()], [...s.values()], [...s.entries()]]).toEqual([[1, 2], [1, 2], [[1, 1], [2, 2]]]);
      const looped: number[] = [];
      for (const v of s) looped.push(v);
      expect([looped, [...s], [...new Set(s)]]).toEqual([[1, 2], [1, 2], [1, 2]]);
      // ES2025's set methods (TypeScript's lib here predates them)
      const algebra = s as unknown as { union(o: Set<number>): Set<number>; intersection(o: Set<number>): Set<number>; isSubsetOf(o: Set<number>): boolean };
      const other = shared(new Set([2, 4]));
      if (typeof algebra.union === "function") {
        expect([...algebra.union(other)]).toEqual([1, 2, 4]);
        expect([...algebra.intersection(other)]).toEqual([2]);
        expect(algebra.isSubsetOf(other)).toBe(false);
      }
      s.clear();
      expect([s.size, raw.size]).toEqual([0, 0]);
    });
  });

  test("a Map's object values are watched like nested objects, named by their key; keys are returned as they are", async () => {
    await simRuns(
      async () => {
        const key = { id: 1 };
        const m = shared(new Map<unknown, { n: number }>([["a", { n: 0 }], [key, { n: 0 }]]), "accounts");
        expect([...m.keys()][1]).toBe(key);
        expect(m.get(key)).toBe([...m.values()][1]);
        const wg = new WaitGroup();
        wg.go(() => void m.get("a")!.n++);
        wg.go(() => void m.get("a")!.n++);
        await wg.wait();
      },
      (r) => expect(r.races.map((x) => x.addr)).toContain('accounts["a"].n'),
    );
  });

  test("a concurrent unsynchronised set and get on a shared Map are a data race on the whole map, even for different keys", async () => {
    await simRuns(
      async () => {
        const m = shared(new Map<string, number>(), "counts");
        const wg = new WaitGroup();
        wg.go(() => void m.set("a", 1));
        wg.go(() => void m.get("b"));
        await wg.wait();
      },
      (r) => {
        expect(r.races.length).toBeGreaterThan(0);
        expect(r.races[0].addr).toBe("counts");
        expect(r.races[0].text).toMatch(/^==================\nWARNING: DATA RACE\n(Write|Read) at counts by goroutine \d+:\n/);
        expect(r.races[0].text).toMatch(/\nPrevious (read|write) at counts by goroutine \d+:\n/);
        expect(new Set([r.races[0].current.kind, r.races[0].previous.kind])).toEqual(new Set(["read", "write"]));
      },
    );
  });

  test("the same set and get under a Mutex are not a race", async () => {
    await onSim(async () => {
      const m = shared(new Map<string, number>(), "counts");
      const mu = new Mutex();
      const wg = new WaitGroup();
      wg.go(async () => {
        using _ = await mu.lock();
        m.set("a", (m.get("a") ?? 0) + 1);
      });
      wg.go(async () => {
        using _ = await mu.lock();
        void m.get("a");
      });
      await wg.wait();
    });
  });

  test("size, iteration and forEach concurrent with an add to a shared Set are each a race; concurrent reads are not", async () => {
    for (const read of [(s: Set<number>) => s.size, (s: Set<number>) => [...s], (s: Set<number>) => s.forEach(() => {})]) {
      await simRuns(
        async () => {
          const s = shared(new Set<number>([1]), "seen");
          const wg = new WaitGroup();
          wg.go(() => void s.add(2));
          wg.go(() => void read(s));
          await wg.wait();
        },
        (r) => expect(r.races.map((x) => x.addr)).toContain("seen"),
      );
    }
    await onSim(async () => {
      const s = shared(new Set<number>([1]), "seen");
      const wg = new WaitGroup();
      wg.go(() => void s.has(1));
      wg.go(() => void [...s]);
      await wg.wait();
    });
  });

  test("an object that keeps its state in internal slots is refused at shared(), saying what it got and what to share instead", async () => {
    await onSim(async () => {
      const cases: [object, RegExp][] = [
        [new Date(0), /^shared: want a plain object, an array, a Map or a Set, got a Date: .*date\.getTime\(\)/],
        [new Uint8Array(2), /got a Uint8Array: .*Array\.from\(x\)/],
        [new WeakMap(), /got a WeakMap: .*share a Map instead/],
        [Promise.resolve(1), /got a Promise: .*channel/],
        [/x/, /got a RegExp/],
      ];
      for (const [obj, want] of cases) expect(() => shared(obj)).toThrow(want);
    });
  });

  test("one nested in a shared object is refused at the first read of its property, naming the path", async () => {
    await onSim(async () => {
      const s = shared({ started: new Date(0), n: 0 }, "job");
      s.n++;
      expect(() => s.started).toThrow(/^shared: job\.started is a Date, and shared\(\) watches only plain objects, arrays, Maps and Sets/);
    });
  });
});

describe("shared and the engine's own errors", () => {
  test("structuredClone of a shared object panics with how to copy it instead, and the copy made so is plain", async () => {
    const r = await sim.run(async () => {
      const s = shared({ a: 1 });
      const m = shared(new Map([["a", 1]]));
      expect(structuredClone({ ...s })).toEqual({ a: 1 });
      expect(structuredClone(new Map(m))).toEqual(new Map([["a", 1]]));
      structuredClone(s);
    });
    expect(r.outcome).toBe("panic");
    expect(r.message).toMatch(/^panic: .*could not be cloned.* \(gosync: .*shared\(\) object: structuredClone cannot copy a Proxy; copy it with \{ \.\.\.s \}/);
  });

  test("a class whose methods use #private fields fails through shared() with a hint to use TypeScript's private", async () => {
    class Counter {
      #n = 0;
      inc(): number {
        return ++this.#n;
      }
    }
    const r = await sim.run(async () => {
      shared(new Counter()).inc();
    });
    expect(r.outcome).toBe("panic");
    expect(r.message).toMatch(/^panic: .*private.*\(gosync: .*use TypeScript's `private` instead of `#`/);
  });
});
