// Conformance: Go's sync/map_test.go, ported as behaviour (not code).
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { both, onSim } from "../test/support.ts";
import { go } from "../src/go.ts";
import { Map as SyncMap } from "../src/map.ts";
import { WaitGroup } from "../src/waitgroup.ts";
import { shared } from "../src/shared.ts";
import { gosched } from "../src/goruntime.ts";

type Op =
  | { op: "load"; k: number }
  | { op: "store"; k: number; v: number }
  | { op: "loadOrStore"; k: number; v: number }
  | { op: "loadAndDelete"; k: number }
  | { op: "delete"; k: number }
  | { op: "swap"; k: number; v: number }
  | { op: "compareAndSwap"; k: number; old: number; v: number }
  | { op: "compareAndDelete"; k: number; old: number }
  | { op: "clear" };

const key = fc.integer({ min: 0, max: 4 });
const val = fc.integer({ min: 0, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("load" as const), k: key }),
  fc.record({ op: fc.constant("store" as const), k: key, v: val }),
  fc.record({ op: fc.constant("loadOrStore" as const), k: key, v: val }),
  fc.record({ op: fc.constant("loadAndDelete" as const), k: key }),
  fc.record({ op: fc.constant("delete" as const), k: key }),
  fc.record({ op: fc.constant("swap" as const), k: key, v: val }),
  fc.record({ op: fc.constant("compareAndSwap" as const), k: key, old: val, v: val }),
  fc.record({ op: fc.constant("compareAndDelete" as const), k: key, old: val }),
  fc.record({ op: fc.constant("clear" as const) }),
);

/** applyRef is the reference: Go's documented result of each operation on a plain map. */
function applyRef(m: globalThis.Map<number, number>, o: Op): unknown {
  switch (o.op) {
    case "load":
      return m.has(o.k) ? [m.get(o.k), true] : [undefined, false];
    case "store":
      m.set(o.k, o.v);
      return undefined;
    case "loadOrStore":
      if (m.has(o.k)) return [m.get(o.k), true];
      m.set(o.k, o.v);
      return [o.v, false];
    case "loadAndDelete": {
      if (!m.has(o.k)) return [undefined, false];
      const v = m.get(o.k);
      m.delete(o.k);
      return [v, true];
    }
    case "delete":
      m.delete(o.k);
      return undefined;
    case "swap": {
      const r = m.has(o.k) ? [m.get(o.k), true] : [undefined, false];
      m.set(o.k, o.v);
      return r;
    }
    case "compareAndSwap":
      if (m.get(o.k) !== o.old || !m.has(o.k)) return false;
      m.set(o.k, o.v);
      return true;
    case "compareAndDelete":
      if (m.get(o.k) !== o.old || !m.has(o.k)) return false;
      m.delete(o.k);
      return true;
    case "clear":
      m.clear();
      return undefined;
  }
}

function applyMap(m: SyncMap<number, number>, o: Op): unknown {
  switch (o.op) {
    case "load":
      return m.load(o.k);
    case "store":
      return m.store(o.k, o.v);
    case "loadOrStore":
      return m.loadOrStore(o.k, o.v);
    case "loadAndDelete":
      return m.loadAndDelete(o.k);
    case "delete":
      return m.delete(o.k);
    case "swap":
      return m.swap(o.k, o.v);
    case "compareAndSwap":
      return m.compareAndSwap(o.k, o.old, o.v);
    case "compareAndDelete":
      return m.compareAndDelete(o.k, o.old);
    case "clear":
      return m.clear();
  }
}

function contents(m: SyncMap<number, number>): [number, number][] {
  const out: [number, number][] = [];
  m.range((k, v) => {
    out.push([k, v]);
    return true;
  });
  return out.sort((a, b) => a[0] - b[0]);
}

describe("sync.Map (map_test.go)", () => {
  test("every operation sequence gives the same results as a plain map (TestMapMatchesRWMutex, TestMapMatchesDeepCopy)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const m = new SyncMap<number, number>();
        const ref = new globalThis.Map<number, number>();
        for (const o of ops) expect(applyMap(m, o), JSON.stringify(o)).toEqual(applyRef(ref, o));
        expect(contents(m)).toEqual([...ref.entries()].sort((a, b) => a[0] - b[0]));
      }),
      { seed: 20260, numRuns: 300 },
    );
  });

  test("range concurrent with stores sees, for every key, a value stored for that key (TestConcurrentRange)", async () => {
    await onSim(async () => {
      const mapSize = 16;
      const m = new SyncMap<number, number>();
      for (let n = 1; n <= mapSize; n++) m.store(n, n);
      let done = false;
      const wg = new WaitGroup();
      for (let g = 1; g <= 3; g++) {
        wg.go(async () => {
          for (let i = 0; !done; i++) {
            for (let n = 1; n < mapSize; n++) {
              if ((i + g + n) % 3 === 0) m.store(n, n * i * g);
              else m.load(n);
            }
            await gosched();
          }
        });
      }
      for (let j = 0; j < 10; j++) {
        const seen = new Set<number>();
        m.range((k, v) => {
          if (v % k !== 0) throw new Error(`while Storing multiples of ${k}, Range saw value ${v}`);
          if (seen.has(k)) throw new Error(`Range visited key ${k} twice`);
          seen.add(k);
          return true;
        });
        expect(seen.size).toBe(mapSize);
        await gosched();
      }
      done = true;
      await wg.wait();
    });
  });

  both("range nested in range, storing and deleting inside, visits each key once and ends empty (TestMapRangeNestedCall)", () => {
    const m = new SyncMap<number, string>();
    for (const [i, v] of ["hello", "world", "Go"].entries()) m.store(i, v);
    m.range((key, value) => {
      m.range((k, v) => {
        // Storing the same value again must not make range see the key again.
        const [got, ok] = m.load(k);
        expect([got, ok]).toEqual([v, true]);
        m.store(k, "New Value");
        const [stored] = m.loadOrStore(k, "ignored");
        expect(stored).toBe("New Value");
        m.store(k, v); // restore
        return true;
      });
      // Delete the current key inside range; it must not be visited again.
      m.delete(key);
      void value;
      return true;
    });
    let length = 0;
    m.range(() => {
      length++;
      return true;
    });
    expect(length).toBe(0);
  });

  both("range stops when f returns false", () => {
    const m = new SyncMap<number, number>();
    for (let i = 0; i < 5; i++) m.store(i, i);
    let visits = 0;
    m.range(() => ++visits < 2);
    expect(visits).toBe(2);
  });

  both("compareAndSwap on a missing key returns false and stores nothing (TestCompareAndSwap_NonExistingKey)", () => {
    const m = new SyncMap<object, number | undefined>();
    expect(m.compareAndSwap(m, undefined, 42)).toBe(false);
    expect(m.load(m)).toEqual([undefined, false]);
    expect(m.compareAndDelete(m, undefined)).toBe(false);
  });

  test("clear concurrent with stores and loads leaves an empty map once all are done (TestConcurrentClear)", async () => {
    await onSim(async () => {
      const m = new SyncMap<number, number>();
      const wg = new WaitGroup();
      for (let i = 0; i < 5; i++) {
        wg.go(async () => {
          m.store(i, i);
          await gosched();
          m.load(i);
          await gosched();
          m.clear();
        });
      }
      await wg.wait();
      m.clear();
      m.range(() => {
        throw new Error("expect m to be empty after clear");
      });
    });
  });

  test("a value stored before store(k) is visible, race-free, to a goroutine that loads k (memory model)", async () => {
    await onSim(async () => {
      const data = shared({ payload: "" });
      const m = new SyncMap<string, boolean>();
      const wg = new WaitGroup();
      wg.go(async () => {
        for (;;) {
          const [, ok] = m.load("ready");
          if (ok) break;
          await gosched();
        }
        expect(data.payload).toBe("hello");
      });
      data.payload = "hello";
      m.store("ready", true);
      await wg.wait();
    });
  });
});
