// Conformance: golang.org/x/sync/semaphore's semaphore_test.go, ported as behaviour (not code).
import { describe, expect, test } from "vitest";
import { both, onSim, panicMessage } from "../test/support.ts";
import { go } from "../src/go.ts";
import { chan } from "../src/chan.ts";
import * as context from "../src/context.ts";
import { withContext } from "../src/errgroup.ts";
import { newWeighted, type Weighted } from "../src/semaphore.ts";
import { WaitGroup } from "../src/waitgroup.ts";
import { gosched } from "../src/goruntime.ts";
import * as time from "../src/time.ts";

const bg = context.background();

describe("semaphore.Weighted (semaphore_test.go)", () => {
  test("goroutines hammering acquire/release never hold more than the size (TestWeighted)", async () => {
    await onSim(async () => {
      const n = 4;
      const loops = 15;
      const sem = newWeighted(n);
      let held = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < n; i++) {
        const weight = i + 1;
        wg.go(async () => {
          for (let j = 0; j < loops; j++) {
            expect(await sem.acquire(bg, weight)).toBe(null);
            held += weight;
            if (held > n) throw new Error(`holding ${held} of a semaphore of size ${n}`);
            await time.sleep(j % 3);
            held -= weight;
            sem.release(weight);
          }
        });
      }
      await wg.wait();
    });
  });

  both("releasing what was never acquired panics `semaphore: released more than held` (TestWeightedPanic)", async () => {
    expect(await panicMessage(() => newWeighted(1).release(1))).toBe("semaphore: released more than held");
  });

  both("tryAcquire succeeds only while there is room (TestWeightedTryAcquire)", async () => {
    const sem = newWeighted(2);
    const tries: boolean[] = [];
    await sem.acquire(bg, 1);
    tries.push(sem.tryAcquire(1));
    tries.push(sem.tryAcquire(1));
    sem.release(2);
    tries.push(sem.tryAcquire(1));
    await sem.acquire(bg, 1);
    tries.push(sem.tryAcquire(1));
    expect(tries).toEqual([true, false, true, false]);
  });

  test("acquire with a 10 ms timeout succeeds only while there is room (TestWeightedAcquire)", async () => {
    await onSim(async () => {
      const sem = newWeighted(2);
      const tryAcquire = async (n: number): Promise<boolean> => {
        const [ctx, cancel] = context.withTimeout(bg, 10 * time.Millisecond);
        try {
          return (await sem.acquire(ctx, n)) === null;
        } finally {
          cancel();
        }
      };
      const tries: boolean[] = [];
      await sem.acquire(bg, 1);
      tries.push(await tryAcquire(1));
      const start = time.now();
      tries.push(await tryAcquire(1));
      expect(time.since(start), "a failing acquire gives up at its deadline").toBe(10);
      sem.release(2);
      tries.push(await tryAcquire(1));
      await sem.acquire(bg, 1);
      tries.push(await tryAcquire(1));
      expect(tries).toEqual([true, false, true, false]);
    });
  });

  test("a request larger than the size waits only for its ctx and blocks nobody (TestWeightedDoesntBlockIfTooBig)", async () => {
    await onSim(async () => {
      const n = 2;
      const sem = newWeighted(n);
      const [ctx, cancel] = context.withCancel(bg);
      const bigDone = chan<Error | null>(1);
      go(async () => void (await bigDone.send(await sem.acquire(ctx, n + 1))));
      const [g, gctx] = withContext(bg);
      for (let i = n * 3; i > 0; i--) {
        g.go(async () => {
          const err = await sem.acquire(gctx, 1);
          if (err === null) {
            await time.sleep(1);
            sem.release(1);
          }
          return err;
        });
      }
      expect(await g.wait()).toBe(null);
      cancel();
      expect(await bigDone.recv()).toBe(context.Canceled);
    });
  });

  test("a large acquire is not starved by a stream of small ones (TestLargeAcquireDoesntStarve)", async () => {
    await onSim(async () => {
      const n = 4;
      const sem = newWeighted(n);
      let running = true;
      const wg = new WaitGroup();
      wg.add(n);
      for (let i = n; i > 0; i--) {
        await sem.acquire(bg, 1);
        go(async () => {
          try {
            while (running) {
              await time.sleep(1);
              sem.release(1);
              await sem.acquire(bg, 1);
            }
          } finally {
            sem.release(1);
            wg.done();
          }
        });
      }
      await sem.acquire(bg, n);
      running = false;
      sem.release(n);
      await wg.wait();
    });
  });

  test("canceling a blocked large acquire lets the small one behind it through (TestAllocCancelDoesntStarve)", async () => {
    await onSim(async () => {
      const sem = newWeighted(10);
      // Block off a portion of the semaphore so that acquire(_, 10) can eventually succeed.
      await sem.acquire(bg, 1);
      const [ctx, cancel] = context.withCancel(bg);
      const bigDone = chan<void>(1);
      go(async () => {
        await sem.acquire(ctx, 10);
        await bigDone.send();
      });
      // Wait until the acquire(_, 10) call blocks.
      while (sem.tryAcquire(1)) {
        sem.release(1);
        await gosched();
      }
      // Try to grab a token and at the same time unblock the acquire(_, 10) call: both calls
      // must return, in either order.
      go(() => cancel());
      const err = await sem.acquire(bg, 1);
      expect(err, "Acquire(_, 1) failed unexpectedly").toBe(null);
      sem.release(1);
      await bigDone.recv();
    });
  });

  test("an acquire whose ctx is canceled before tokens free up fails and leaves the tokens (TestWeightedAcquireCanceled, go.dev/issue/63615)", async () => {
    await onSim(async () => {
      const sem: Weighted = newWeighted(2);
      const [ctx, cancel] = context.withCancel(bg);
      await sem.acquire(bg, 1);
      const ch = chan<void>();
      go(async () => {
        // Synchronize with the acquire(2) below.
        while (sem.tryAcquire(1)) {
          sem.release(1);
          await gosched();
        }
        // Now cancel ctx, and then release the token.
        cancel();
        sem.release(1);
        ch.close();
      });
      // The context ends before enough tokens are free, so this acquire must fail.
      expect(await sem.acquire(ctx, 2), "Acquire with canceled context returned wrong error").toBe(context.Canceled);
      // There must always be two tokens after the other goroutine releases the one we held.
      await ch.recv();
      expect(sem.tryAcquire(2), "TryAcquire after canceled Acquire failed").toBe(true);
      // A done context fails even when acquiring would not need to block.
      sem.release(2);
      expect(await sem.acquire(ctx, 1), "Acquire with canceled context succeeded").toBe(context.Canceled);
    });
  });

  both("waiters are served first-in first-out: a small request does not jump a large one", async () => {
    const sem = newWeighted(3);
    await sem.acquire(bg, 2);
    const order = chan<string>(2);
    go(async () => {
      await sem.acquire(bg, 3);
      await order.send("large");
      sem.release(3);
    });
    while (sem.tryAcquire(1)) {
      sem.release(1);
      await gosched();
    }
    go(async () => {
      await sem.acquire(bg, 1);
      await order.send("small");
      sem.release(1);
    });
    await gosched();
    sem.release(2);
    expect([await order.recv(), await order.recv()]).toEqual(["large", "small"]);
  });
});
