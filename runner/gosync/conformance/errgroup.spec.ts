// Conformance: golang.org/x/sync/errgroup's errgroup_test.go, ported as behaviour (not code).
import { describe, expect, test } from "vitest";
import { both, expectOutcome, onSim, panicMessage } from "../test/support.ts";
import { go } from "../src/go.ts";
import { chan } from "../src/chan.ts";
import * as context from "../src/context.ts";
import { Group, withContext } from "../src/errgroup.ts";
import { Int32 } from "../src/atomic.ts";
import { recv, select } from "../src/select.ts";
import * as time from "../src/time.ts";

const err1 = new Error("errgroup_test: 1");
const err2 = new Error("errgroup_test: 2");
const errDoom = new Error("group_test: doomed");

function names(errs: (Error | null)[]): string {
  return JSON.stringify(errs.map((e) => e?.message ?? null));
}

describe("errgroup.Group (errgroup_test.go)", () => {
  const sequences: (Error | null)[][] = [[], [null], [err1], [err1, null], [err1, null, err2]];

  for (const errs of sequences) {
    both(`a zero Group returns the first error of ${names(errs)} (TestZeroGroup)`, async () => {
      const g = new Group();
      let firstErr: Error | null = null;
      for (const err of errs) {
        g.go(() => err);
        if (firstErr === null && err !== null) firstErr = err;
        expect(await g.wait()).toBe(firstErr);
      }
    });
  }

  for (const errs of [[], [null], [errDoom], [errDoom, null]] as (Error | null)[][]) {
    both(`withContext after ${names(errs)}: wait returns ${errs.includes(errDoom) ? "the error" : "null"} and ctx is done (TestWithContext)`, async () => {
      const [g, ctx] = withContext(context.background());
      for (const err of errs) g.go(() => err);
      expect(await g.wait()).toBe(errs.includes(errDoom) ? errDoom : null);
      const canceled = await select([recv(ctx.done(), () => true)], () => false);
      expect(canceled, "ctx.done() was not closed after wait").toBe(true);
    });
  }

  for (const errs of [[], [null], [errDoom], [errDoom, null]] as (Error | null)[][]) {
    both(`withContext after ${names(errs)}: cause(ctx) is ${errs.includes(errDoom) ? "the first error" : "Canceled"} after wait (TestCancelCause)`, async () => {
      const [g, ctx] = withContext(context.background());
      for (const err of errs) g.tryGo(() => err);
      const want = errs.includes(errDoom) ? errDoom : null;
      expect(await g.wait()).toBe(want);
      expect(context.cause(ctx)).toBe(want ?? context.Canceled);
    });
  }

  test("the first error cancels ctx at once, so the other goroutines stop early, as in the chapter's example", async () => {
    await onSim(async () => {
      const start = time.now();
      const [g, ctx] = withContext(context.background());
      g.setLimit(2);
      const call = async (d: number, err: Error | null): Promise<Error | null> =>
        (await select([recv(time.after(d), () => err), recv(ctx.done(), () => ctx.err())])) ?? null;
      await g.go(() => call(50, null));
      await g.go(() => call(10, new Error("orders: 503")));
      await g.go(() => call(1000, null));
      expect((await g.wait())?.message).toBe("orders: 503");
      expect(ctx.err()).toBe(context.Canceled);
      expect(time.since(start)).toBe(10);
    });
  });

  both("tryGo succeeds up to the limit, fails beyond it, and follows a changed limit (TestTryGo)", async () => {
    const g = new Group();
    const n = 42;
    g.setLimit(n);
    const ch = chan<void>();
    const fn = async () => {
      await ch.send();
      return null;
    };
    for (let i = 0; i < n; i++) expect(g.tryGo(fn), `TryGo should succeed but got fail at ${i}-th call.`).toBe(true);
    expect(g.tryGo(fn), "TryGo is expected to fail but succeeded.").toBe(false);
    go(async () => {
      for (let i = 0; i < n; i++) await ch.recv();
    });
    await g.wait();
    expect(g.tryGo(fn), "TryGo should success but got fail after all goroutines.").toBe(true);
    go(() => ch.recv());
    await g.wait();

    g.setLimit(1); // switch limit
    expect(g.tryGo(fn)).toBe(true);
    expect(g.tryGo(fn)).toBe(false);
    go(() => ch.recv());
    await g.wait();

    g.setLimit(0); // block all calls
    for (let i = 0; i < 1 << 10; i++) expect(g.tryGo(fn)).toBe(false);
    await g.wait();
  });

  test("go never lets more than the limit run at once (TestGoLimit)", async () => {
    await onSim(async () => {
      const limit = 10;
      const g = new Group();
      g.setLimit(limit);
      const active = new Int32();
      for (let i = 0; i <= 100; i++) {
        await g.go(async () => {
          const n = active.add(1);
          if (n > limit) return new Error(`saw ${n} active goroutines; want ≤ ${limit}`);
          await time.sleep(1);
          active.add(-1);
          return null;
        });
      }
      expect(await g.wait()).toBe(null);
    });
  });

  both("setLimit while goroutines are active panics with x/sync's message", async () => {
    const g = new Group();
    g.setLimit(1);
    const release = chan<void>();
    await g.go(() => release.recv());
    expect(await panicMessage(() => g.setLimit(2))).toBe("errgroup: modify limit while 1 goroutines in the group are still active");
    release.close();
    await g.wait();
    g.setLimit(2); // fine once the group is idle
  });

  test("a panicking function is not recovered by the group: the program panics, as with x/sync since 2025", async () => {
    await expectOutcome(async () => {
      const g = new Group();
      g.go(() => {
        throw new Error("boom");
      });
      await g.wait();
    }, "panic", "panic: boom");
  });
});
