// Conformance: Go's sync/cond_test.go, ported as behaviour (not code), on the simulator.
import { describe, expect, test } from "vitest";
import { onSim, simRuns } from "../test/support.ts";
import { go } from "../src/go.ts";
import { chan } from "../src/chan.ts";
import { Cond } from "../src/cond.ts";
import { Mutex } from "../src/mutex.ts";
import { recv, select } from "../src/select.ts";
import { shared } from "../src/shared.ts";
import * as time from "../src/time.ts";
import { gosched } from "../src/goruntime.ts";

/** notReady is Go's `select { case <-ch: t.Fatal(msg); default: }`. */
async function notReady<T>(ch: ReturnType<typeof chan<T>>, msg: string): Promise<void> {
  await select([recv(ch, () => { throw new Error(msg); })], () => {});
}

describe("Cond (cond_test.go)", () => {
  test("each signal wakes exactly one waiter (TestCondSignal)", async () => {
    await onSim(async () => {
      const m = new Mutex();
      const c = new Cond(m);
      let n = 2;
      const running = chan<boolean>(n);
      const awake = chan<boolean>(n);
      for (let i = 0; i < n; i++) {
        go(async () => {
          await m.lock();
          await running.send(true);
          await c.wait();
          await awake.send(true);
          m.unlock();
        });
      }
      for (let i = 0; i < n; i++) await running.recv(); // wait for everyone to run
      while (n > 0) {
        await notReady(awake, "goroutine not asleep");
        await m.lock();
        c.signal();
        m.unlock();
        await awake.recv(); // deadlocks if no goroutine wakes up
        await notReady(awake, "too many goroutines awake");
        n--;
      }
      c.signal();
    });
  });

  test("signal wakes waiters in the order they started waiting (TestCondSignalGenerations)", async () => {
    await onSim(async () => {
      const m = new Mutex();
      const c = new Cond(m);
      const n = 30;
      const running = chan<boolean>(n);
      const awake = chan<number>(n);
      for (let i = 0; i < n; i++) {
        go(async () => {
          await m.lock();
          await running.send(true);
          await c.wait();
          await awake.send(i);
          m.unlock();
        });
        if (i > 0) {
          const a = await awake.recv();
          if (a !== i - 1) throw new Error(`wrong goroutine woke up: want ${i - 1}, got ${a}`);
        }
        await running.recv();
        await m.lock();
        c.signal();
        m.unlock();
      }
      await awake.recv();
    });
  });

  test("broadcast wakes every waiter exactly once, round after round (TestCondBroadcast)", async () => {
    await onSim(async () => {
      const m = new Mutex();
      const c = new Cond(m);
      const n = 12;
      const running = chan<number>(n);
      const awake = chan<number>(n);
      let exit = false;
      for (let i = 0; i < n; i++) {
        go(async () => {
          await m.lock();
          while (!exit) {
            await running.send(i);
            await c.wait();
            await awake.send(i);
          }
          m.unlock();
        });
      }
      for (let round = 0; round < n; round++) {
        for (let i = 0; i < n; i++) await running.recv(); // wait for everyone to run
        if (round === n - 1) {
          await m.lock();
          exit = true;
          m.unlock();
        }
        await notReady(awake, "goroutine not asleep");
        await m.lock();
        c.broadcast();
        m.unlock();
        const seen = new Set<number>();
        for (let i = 0; i < n; i++) {
          const g = await awake.recv();
          if (seen.has(g)) throw new Error("goroutine woke up twice");
          seen.add(g);
        }
      }
      await notReady(running, "goroutine did not exit");
      c.broadcast();
    });
  });

  test("three goroutines hand a value around under the Cond's lock without a race (TestRace)", async () => {
    await onSim(async () => {
      const s = shared<{ x: number }>({ x: 0 });
      // Read through a function: another goroutine changes x while this one waits, which
      // TypeScript's narrowing cannot know.
      const x = (): number => s.x;
      const c = new Cond(new Mutex());
      const done = chan<boolean>();
      go(async () => {
        await c.L.lock();
        s.x = 1;
        await c.wait();
        if (x() !== 2) throw new Error("want 2");
        s.x = 3;
        c.signal();
        c.L.unlock();
        await done.send(true);
      });
      go(async () => {
        await c.L.lock();
        for (;;) {
          if (s.x === 1) {
            s.x = 2;
            c.signal();
            break;
          }
          c.L.unlock();
          await gosched();
          await c.L.lock();
        }
        c.L.unlock();
        await done.send(true);
      });
      go(async () => {
        await c.L.lock();
        for (;;) {
          if (s.x === 2) {
            await c.wait();
            if (x() !== 3) throw new Error("want 3");
            break;
          }
          if (x() === 3) break;
          c.L.unlock();
          await gosched();
          await c.L.lock();
        }
        c.L.unlock();
        await done.send(true);
      });
      for (let i = 0; i < 3; i++) await done.recv();
    });
  });

  test("a waiter is not starved by a goroutine broadcasting in a loop (TestCondSignalStealing)", async () => {
    await onSim(async () => {
      for (let iters = 0; iters < 5; iters++) {
        const m = new Mutex();
        const cond = new Cond(m);
        const ch = chan<void>();
        go(async () => {
          await m.lock();
          await ch.send();
          await cond.wait();
          m.unlock();
          await ch.send();
        });
        await ch.recv();
        await m.lock();
        m.unlock();
        // The waiter is inside wait now: we synchronised with it, then took and released the
        // lock it held. Broadcast continually, with the lock held, until it is done.
        let done = false;
        const stopped = chan<void>();
        go(async () => {
          while (!done) {
            await m.lock();
            cond.broadcast();
            m.unlock();
          }
          await stopped.send();
        });
        const ok = await select([recv(ch, () => true), recv(time.after(2 * time.Second), () => false)]);
        if (!ok) throw new Error("First waiter didn't get broadcast.");
        await m.lock();
        done = true;
        m.unlock();
        await stopped.recv();
      }
    });
  });

  test("a wait nobody signals is a deadlock whose dump shows [sync.Cond.Wait]", async () => {
    await simRuns(
      async () => {
        const m = new Mutex();
        const c = new Cond(m);
        await m.lock();
        await c.wait();
      },
      (r) => {
        expect(r.outcome).toBe("deadlock");
        expect(r.message).toBe("fatal error: all goroutines are asleep - deadlock!");
        expect(r.dump).toContain("goroutine 1 [sync.Cond.Wait]:");
      },
    );
  });
});
