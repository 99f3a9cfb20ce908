import { describe, expect, test } from "vitest";
import { both, simRuns } from "../test/support.ts";
import * as context from "./context.ts";
import { Weighted, newWeighted } from "./semaphore.ts";
import { chan } from "./chan.ts";
import { go } from "./go.ts";
import { gosched } from "./goruntime.ts";

describe("Weighted", () => {
  both("newWeighted and new Weighted build the same thing", () => {
    expect(newWeighted(3)).toBeInstanceOf(Weighted);
  });

  both("acquire fails with ctx.err() for an already-done ctx even when it would not block", async () => {
    const sem = newWeighted(5);
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    expect(await sem.acquire(ctx, 1)).toBe(context.Canceled);
    expect(sem.tryAcquire(5)).toBe(true); // nothing was taken
  });

  both("release hands freed weight to waiters in order, several at once when they fit", async () => {
    const sem = newWeighted(4);
    await sem.acquire(context.background(), 4);
    const got = chan<Error | null>(2);
    for (let i = 0; i < 2; i++) go(async () => void (await got.send(await sem.acquire(context.background(), 2))));
    // Wait until both are queued: tryAcquire fails while anyone waits, even with room.
    sem.release(1);
    while (sem.tryAcquire(1)) {
      sem.release(1);
      await gosched();
    }
    sem.release(3);
    expect([await got.recv(), await got.recv()]).toEqual([null, null]);
    expect(sem.tryAcquire(1)).toBe(false);
  });

  test("a request larger than the size on a never-canceled ctx blocks forever: a deadlock", async () => {
    await simRuns(
      async () => {
        await newWeighted(1).acquire(context.background(), 2);
      },
      (r) => {
        expect(r.outcome).toBe("deadlock");
        expect(r.message).toBe("fatal error: all goroutines are asleep - deadlock!");
        expect(r.dump).toContain("goroutine 1 [chan receive (nil chan)]:");
      },
    );
  });
});
