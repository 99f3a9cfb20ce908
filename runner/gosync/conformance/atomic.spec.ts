// Conformance: Go's sync/atomic/atomic_test.go and value_test.go, ported as behaviour (not code),
// plus the memory-model guarantees the race detector relies on.
import { describe, expect, test } from "vitest";
import { both, onSim, panicMessage, simRuns } from "../test/support.ts";
import { Bool, Int32, Int64, Uint32, Uint64, Value } from "../src/atomic.ts";
import { WaitGroup } from "../src/waitgroup.ts";
import { shared } from "../src/shared.ts";
import { gosched } from "../src/goruntime.ts";
import { explore } from "../src/sim/index.ts";

describe("typed atomics (atomic_test.go)", () => {
  both("Int32.add walks through deltas that double each step and wraps like int32 (TestAddInt32)", () => {
    const x = new Int32();
    let j = 0;
    for (let delta = 1; ((delta + delta) | 0) > delta; delta = (delta + delta) | 0) {
      const k = x.add(delta);
      j = (j + delta) | 0;
      expect(x.load()).toBe(j);
      expect(k).toBe(j);
    }
    expect(x.add(2147483647 - j)).toBe(2147483647);
    expect(x.add(1)).toBe(-2147483648);
  });

  both("Uint32 and Uint64 add a negative delta as Go's Add(^uint(0)) subtracts (TestAddUint32, TestAddUint64)", () => {
    const u = new Uint32(5);
    expect(u.add(-1)).toBe(4);
    const v = new Uint64(5);
    expect(v.add(-1)).toBe(4);
  });

  both("swap returns the old value and compareAndSwap swaps only on a match (TestSwapInt64, TestCompareAndSwapInt64)", () => {
    const x = new Int64();
    let j = 0;
    for (let delta = 1; delta < 2 ** 40; delta *= 2) {
      expect(x.swap(delta)).toBe(j);
      expect(x.load()).toBe(delta);
      j = delta;
    }
    const y = new Int64();
    for (let val = 1; val < 2 ** 40; val *= 2) {
      y.store(val);
      expect(y.compareAndSwap(val, val + 1)).toBe(true);
      expect(y.load()).toBe(val + 1);
      expect(y.compareAndSwap(val, val + 2)).toBe(false);
      expect(y.load()).toBe(val + 1);
    }
  });

  both("a 64-bit result a number cannot hold exactly throws RangeError instead of rounding", () => {
    expect(() => new Int64(Number.MAX_SAFE_INTEGER).add(1)).toThrow(RangeError);
    expect(() => new Uint64().add(-1)).toThrow(RangeError);
  });

  test("goroutines hammering add lose no update (TestHammer32, TestHammer64)", async () => {
    await onSim(async () => {
      const n32 = new Uint32();
      const n64 = new Int64();
      const wg = new WaitGroup();
      for (let g = 0; g < 4; g++) {
        wg.go(async () => {
          for (let i = 0; i < 25; i++) {
            n32.add(1);
            n64.add(2);
            await gosched();
          }
        });
      }
      await wg.wait();
      expect(n32.load()).toBe(100);
      expect(n64.load()).toBe(200);
    });
  });

  test("exploration finds the lost update of load-then-store across a scheduling point, never of add", async () => {
    const lossy = await explore(
      async () => {
        const n = new Int32();
        const wg = new WaitGroup();
        for (let g = 0; g < 2; g++) {
          wg.go(async () => {
            const v = n.load();
            await gosched();
            n.store(v + 1);
          });
        }
        await wg.wait();
        if (n.load() !== 2) throw new Error(`lost update: counter is ${n.load()}, want 2`);
      },
      { runs: 200, seed: 1 },
    );
    expect(lossy.ok).toBe(false);
    if (!lossy.ok) expect(lossy.failure.report.message).toBe("panic: lost update: counter is 1, want 2");
    const safe = await explore(
      async () => {
        const n = new Int32();
        const wg = new WaitGroup();
        for (let g = 0; g < 2; g++) {
          wg.go(async () => {
            await gosched();
            n.add(1);
          });
        }
        await wg.wait();
        if (n.load() !== 2) throw new Error(`lost update: counter is ${n.load()}, want 2`);
      },
      { runs: 200, seed: 1 },
    );
    // Every schedule of it passes (explore stops before the 200 runs once it has run them all).
    expect(safe.ok).toBe(true);
  });

  test("exploration finds the lost maximum of a load-then-store with no scheduling point between them, never of a compareAndSwap loop", async () => {
    // In Go another goroutine may run between the load and the store; here they are one step,
    // so the store's value lands in a runtime step of its own that other goroutines can overtake.
    const raise = (max: Int32, v: number, casLoop: boolean): void => {
      if (!casLoop) {
        if (v > max.load()) max.store(v);
        return;
      }
      for (let old = max.load(); v > old; old = max.load()) if (max.compareAndSwap(old, v)) return;
    };
    const program = (casLoop: boolean) => async () => {
      const max = new Int32();
      const wg = new WaitGroup();
      for (let g = 1; g <= 3; g++) {
        wg.go(async () => {
          raise(max, g, casLoop);
          await gosched();
        });
      }
      await wg.wait();
      if (max.load() !== 3) throw new Error(`lost maximum: max is ${max.load()}, want 3`);
    };
    const lossy = await explore(program(false), { runs: 200, seed: 1 });
    expect(lossy.ok, "a load-then-store maximum over 200 schedules").toBe(false);
    if (!lossy.ok) expect(lossy.failure.report.message).toMatch(/^panic: lost maximum: max is [12], want 3$/);
    expect(await explore(program(true), { runs: 200, seed: 1 })).toEqual({ ok: true, runs: 200 });
  });

  both("a goroutine's own load sees its store at once", () => {
    const n = new Int64();
    const b = new Bool();
    n.store(7);
    b.store(true);
    expect([n.load(), b.load()]).toEqual([7, true]);
    n.store(8);
    expect(n.add(1)).toBe(9);
  });

  test("a store has landed by the storing goroutine's next synchronisation: Wait returns after it", async () => {
    await onSim(async () => {
      const n = new Int32();
      const wg = new WaitGroup();
      for (let g = 1; g <= 3; g++) {
        wg.go(() => {
          n.store(g); // the deferred Done is the goroutine's next synchronous operation
        });
      }
      await wg.wait();
      expect([1, 2, 3]).toContain(n.load());
    });
  });
});

describe("atomic.Value (value_test.go)", () => {
  both("loads null until the first store, then the latest value (TestValue)", () => {
    const v = new Value<number>();
    expect(v.load()).toBe(null);
    v.store(42);
    expect(v.load()).toBe(42);
    v.store(84);
    expect(v.load()).toBe(84);
  });

  both("store(nil) and stores of another type panic with Go's messages (TestValuePanic)", async () => {
    const v = new Value<unknown>();
    expect(await panicMessage(() => v.store(null))).toBe("sync/atomic: store of nil value into Value");
    v.store(42);
    expect(await panicMessage(() => v.store("foo"))).toBe("sync/atomic: store of inconsistently typed value into Value");
    expect(await panicMessage(() => v.store(null))).toBe("sync/atomic: store of nil value into Value");
  });

  both("swap and compareAndSwap panic like Go on nil and on a type change (TestValueSwap, TestValueCompareAndSwap)", async () => {
    const v = new Value<unknown>();
    expect(await panicMessage(() => v.swap(null))).toBe("sync/atomic: swap of nil value into Value");
    expect(v.swap(1)).toBe(null);
    expect(await panicMessage(() => v.swap("x"))).toBe("sync/atomic: swap of inconsistently typed value into Value");
    expect(await panicMessage(() => v.compareAndSwap(1, null))).toBe("sync/atomic: compare and swap of nil value into Value");
    expect(await panicMessage(() => v.compareAndSwap(1, "x"))).toBe("sync/atomic: compare and swap of inconsistently typed values");
    expect(await panicMessage(() => v.compareAndSwap(null, "x"))).toBe("sync/atomic: compare and swap of inconsistently typed value into Value");
  });

  test("concurrent compareAndSwap increments add up (TestValueCompareAndSwapConcurrent)", async () => {
    await onSim(async () => {
      const v = new Value<number>();
      v.store(0);
      const wg = new WaitGroup();
      const m = 4;
      const n = 10;
      for (let i = 0; i < m; i++) {
        wg.go(async () => {
          for (let j = i; j < m * n; ) {
            if (v.compareAndSwap(j, j + 1)) j += m;
            else await gosched();
          }
        });
      }
      await wg.wait();
      expect(v.load()).toBe(m * n);
    });
  });

  test("concurrent swaps hand every value out exactly once (TestValueSwapConcurrent)", async () => {
    await onSim(async () => {
      const v = new Value<number>();
      let count = 0;
      const wg = new WaitGroup();
      const m = 4;
      const n = 10;
      for (let i = 0; i < m; i++) {
        wg.go(async () => {
          let local = 0;
          for (let j = i; j < m * n; j += m) {
            local += v.swap(j) ?? 0;
            await gosched();
          }
          count += local;
        });
      }
      await wg.wait();
      expect(count + (v.load() ?? 0)).toBe((m * n * (m * n - 1)) / 2);
    });
  });
});

describe("atomics and the race detector (memory model)", () => {
  test("a plain write published by an atomic store and seen by an atomic load is not a race", async () => {
    await onSim(async () => {
      const data = shared({ msg: "" });
      const ready = new Bool();
      const wg = new WaitGroup();
      wg.go(async () => {
        while (!ready.load()) await gosched();
        expect(data.msg).toBe("hello, world");
      });
      data.msg = "hello, world";
      ready.store(true);
      await wg.wait();
    });
  });

  test("a plain write after the store is not published by it: WARNING: DATA RACE", async () => {
    await simRuns(
      async () => {
        const data = shared({ msg: "" });
        const ready = new Bool();
        const wg = new WaitGroup();
        wg.go(async () => {
          while (!ready.load()) await gosched();
          void data.msg;
        });
        ready.store(true); // the store lands later, but publishes only what came before it
        data.msg = "hello, world";
        await wg.wait();
      },
      (r) => expect(r.races.length, "races reported for a write made after the publishing store").toBeGreaterThan(0),
    );
  });

  test("the same flag as a plain field is reported as WARNING: DATA RACE", async () => {
    await simRuns(
      async () => {
        const s = shared({ msg: "", ready: false });
        const wg = new WaitGroup();
        wg.go(async () => {
          while (!s.ready) await gosched();
          void s.msg;
        });
        s.msg = "hello, world";
        s.ready = true;
        await wg.wait();
      },
      (r) => {
        expect(r.races.length).toBeGreaterThan(0);
        expect(r.races[0]!.text).toContain("WARNING: DATA RACE");
      },
    );
  });

  test("an atomic counter shared by goroutines is race-free where a plain one races", async () => {
    await onSim(async () => {
      const n = new Int64();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) wg.go(() => void n.add(1));
      await wg.wait();
      expect(n.load()).toBe(3);
    });
    await simRuns(
      async () => {
        const s = shared({ n: 0 });
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) wg.go(() => void s.n++);
        await wg.wait();
      },
      (r) => expect(r.races.length, "races reported for an unsynchronised counter").toBeGreaterThan(0),
    );
  });
});
