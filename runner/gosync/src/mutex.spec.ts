import { describe, expect, test } from "vitest";
import { go } from "./go.ts";
import { Mutex } from "./mutex.ts";
import { WaitGroup } from "./waitgroup.ts";
import { both, expectOutcome, onSim } from "../test/support.ts";
import { disposeSymbol } from "./runtime.ts";
import * as time from "./time.ts";

describe("Mutex", () => {
  both("three goroutines incrementing under the lock lose no update", async () => {
    const mu = new Mutex();
    const wg = new WaitGroup();
    let n = 0;
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        for (let j = 0; j < 10; j++) {
          using _ = await mu.lock();
          const v = n;
          await Promise.resolve();
          n = v + 1;
        }
      });
    }
    await wg.wait();
    expect(n).toBe(30);
  });

  both("lock resolves to a guard keyed by Symbol.dispose (or its registered stand-in)", async () => {
    const mu = new Mutex();
    const g = await mu.lock();
    expect(typeof (g as unknown as Record<symbol, unknown>)[disposeSymbol]).toBe("function");
    expect(mu.tryLock()).toBe(false);
    g[disposeSymbol as typeof Symbol.dispose]();
    expect(mu.tryLock()).toBe(true);
    mu.unlock();
  });

  test("a goroutine waiting for a lock nobody releases is in the deadlock dump as sync.Mutex.Lock", async () => {
    const [r] = await expectOutcome(async () => {
      const mu = new Mutex();
      await mu.lock();
      await mu.lock();
    }, "deadlock", "fatal error: all goroutines are asleep - deadlock!");
    expect(r.dump).toContain("goroutine 1 [sync.Mutex.Lock]:");
  });

  test("one goroutine may lock and another unlock", async () => {
    await onSim(async () => {
      const mu = new Mutex();
      await mu.lock();
      const wg = new WaitGroup();
      wg.go(() => mu.unlock());
      await wg.wait();
      await mu.lock();
      mu.unlock();
    });
  });

  test("a forgotten await on lock is reported, not silently misordered", async () => {
    await expectOutcome(() => {
      const mu = new Mutex();
      void mu.lock();
      mu.unlock();
    }, "fatal", /missing await/);
  });

  test("waiters get the lock in the order they started waiting", async () => {
    await onSim(async () => {
      const mu = new Mutex();
      const got: number[] = [];
      await mu.lock();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await mu.lock();
          got.push(i);
          mu.unlock();
        });
        await time.sleep(1); // virtual time moves only once goroutine i is blocked in lock
      }
      mu.unlock();
      await wg.wait();
      expect(got).toEqual([0, 1, 2]);
    });
  });
});
