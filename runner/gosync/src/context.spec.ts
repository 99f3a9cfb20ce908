import { describe, expect, test } from "vitest";
import { both, expectOutcome, onSim, simRuns } from "../test/support.ts";
import * as context from "./context.ts";
import type { Context } from "./context.ts";
import { chan } from "./chan.ts";
import * as time from "./time.ts";

describe("Context.deadline", () => {
  both("is Go's zero time and false without a deadline, a Date and true with one", () => {
    const [d0, ok0] = context.background().deadline();
    expect([d0.toISOString(), ok0]).toEqual(["0001-01-01T00:00:00.000Z", false]);
    const when = Date.now() + time.Hour;
    const [ctx, cancel] = context.withDeadline(context.background(), new Date(when));
    expect(ctx.deadline()).toEqual([new Date(when), true]);
    const [child] = context.withCancel(context.withValue(ctx, "k", "v"));
    expect(child.deadline()).toEqual([new Date(when), true]);
    cancel();
  });

  both("rejects a deadline that is neither a Date nor a number, naming what it got", () => {
    expect(() => context.withDeadline(context.background(), new Date("not a date"))).toThrow(
      new TypeError("context.withDeadline: want a Date or milliseconds since the epoch, got Invalid Date"),
    );
  });
});

describe("Context.done", () => {
  both("returns the same channel on every call, closed once canceled", async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const d = ctx.done();
    expect(ctx.done()).toBe(d);
    cancel();
    cancel(); // later calls do nothing
    const [, ok] = await d!.recvOk();
    expect(ok).toBe(false);
  });
});

describe("Context names (Go's String methods)", () => {
  both("spell the chain of constructors", () => {
    const [c] = context.withCancel(context.background());
    expect(String(context.withValue(c, "k", 7))).toBe("context.Background.WithCancel.WithValue(k, number)");
    expect(String(context.withoutCancel(context.todo()))).toBe("context.TODO.WithoutCancel");
    expect(String(context.withValue(context.background(), Symbol("s"), null))).toBe("context.Background.WithValue(symbol, <nil>)");
  });
});

describe("withTimeout", () => {
  test("cancel stops the timer: a later deadlock is reported, not hidden by a pending deadline", async () => {
    await expectOutcome(async () => {
      const [, cancel] = context.withTimeout(context.background(), time.Hour);
      cancel();
      await chan<void>().recv(); // nobody sends
    }, "deadlock", "fatal error: all goroutines are asleep - deadlock!");
  });

  test("an uncanceled timeout's timer keeps a blocked program alive until the deadline, as in Go", async () => {
    await simRuns(
      async () => {
        const [ctx] = context.withTimeout(context.background(), 30);
        await ctx.done().recv();
      },
      (r) => {
        expect(r.outcome).toBe("ok");
        expect(r.elapsedMs).toBe(30);
      },
    );
  });
});

describe("propagation through a custom context with afterFunc", () => {
  both("uses the parent's afterFunc instead of a watcher goroutine, and stops it when the child is canceled", async () => {
    const calls: string[] = [];
    let registered: (() => void) | null = null;
    const donec = chan<void>();
    const custom: Context & { afterFunc(f: () => void): () => boolean } = {
      deadline: () => context.background().deadline(),
      done: () => donec,
      err: () => null,
      value: () => null,
      afterFunc(f) {
        calls.push("afterFunc");
        registered = f;
        return () => {
          calls.push("stop");
          return true;
        };
      },
    };
    const [child, cancel] = context.withCancel(custom);
    expect(calls).toEqual(["afterFunc"]);
    expect(registered).not.toBe(null);
    cancel();
    expect(calls).toEqual(["afterFunc", "stop"]);
    expect(child.err()).toBe(context.Canceled);
  });
});

describe("afterFunc", () => {
  test("runs f in a new goroutine (it may block) and does not hold up cancel", async () => {
    await onSim(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const gate = chan<void>();
      const ran = chan<number>(1);
      context.afterFunc(ctx, async () => {
        await gate.recv();
        await ran.send(1);
      });
      cancel();
      await gate.send();
      expect(await ran.recv()).toBe(1);
    });
  });
});
