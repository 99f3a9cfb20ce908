import { describe, expect, test } from "vitest";
import { both, onSim, simRuns } from "../test/support.ts";
import { go } from "./go.ts";
import { chan } from "./chan.ts";
import { Cond } from "./cond.ts";
import { Mutex } from "./mutex.ts";
import { RWMutex } from "./rwmutex.ts";

describe("Cond", () => {
  both("signal wakes the goroutine that has waited longest", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const n = 5;
    const waiting = chan<void>();
    const woke = chan<number>(n);
    for (let i = 0; i < n; i++) {
      go(async () => {
        await m.lock();
        await waiting.send();
        await c.wait();
        await woke.send(i);
        m.unlock();
      });
      await waiting.recv();
      // Taking the lock proves goroutine i is inside wait before goroutine i+1 starts.
      await m.lock();
      m.unlock();
    }
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      c.signal();
      order.push(await woke.recv());
    }
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  both("a signal with nobody waiting is lost: it does not wake a later waiter", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    c.signal();
    c.broadcast();
    const woke = chan<void>(1);
    const waiting = chan<void>();
    go(async () => {
      await m.lock();
      await waiting.send();
      await c.wait();
      m.unlock();
      await woke.send();
    });
    // The waiter holds L until it is inside wait: once we get L it is parked.
    await waiting.recv();
    await m.lock();
    m.unlock();
    expect(woke.len).toBe(0);
    c.signal();
    await woke.recv();
  });

  test("wait relocks L before returning, so the condition is checked under the lock", async () => {
    await onSim(async () => {
      const m = new Mutex();
      const c = new Cond(m);
      let ready = false;
      const done = chan<void>();
      go(async () => {
        await m.lock();
        while (!ready) await c.wait();
        expect(m.tryLock()).toBe(false); // held by us again
        m.unlock();
        await done.send();
      });
      await m.lock();
      ready = true;
      c.broadcast();
      m.unlock();
      await done.recv();
    });
  });

  test("works with an RWMutex's rLocker as L, as Go's sync.NewCond(rw.RLocker())", async () => {
    await onSim(async () => {
      const rw = new RWMutex();
      const c = new Cond(rw.rLocker());
      let ready = false;
      const done = chan<void>();
      go(async () => {
        await c.L.lock();
        while (!ready) await c.wait();
        c.L.unlock();
        await done.send();
      });
      await rw.lock(); // a writer changes the condition
      ready = true;
      rw.unlock();
      c.broadcast();
      await done.recv();
    });
  });

  test("wait without holding L is Go's fatal error `sync: unlock of unlocked mutex`", async () => {
    await simRuns(
      async () => {
        await new Cond(new Mutex()).wait();
      },
      (r) => {
        expect(r.outcome).toBe("fatal");
        expect(r.message).toBe("fatal error: sync: unlock of unlocked mutex");
      },
    );
  });
});
