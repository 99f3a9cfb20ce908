// Conformance: Go's context/x_test.go and afterfunc behaviour, ported as behaviour (not code).
// Each case runs on the simulator across seeds; cases that need no virtual time or scheduling
// also run on the real runtime.
import { describe, expect, test } from "vitest";
import { both, onSim, panicMessage } from "../test/support.ts";
import * as context from "../src/context.ts";
import type { Context } from "../src/context.ts";
import { chan, type Chan } from "../src/chan.ts";
import { go } from "../src/go.ts";
import { recv, select } from "../src/select.ts";
import * as time from "../src/time.ts";
import { WaitGroup } from "../src/waitgroup.ts";
import { gosched } from "../src/goruntime.ts";
import * as sim from "../src/sim/index.ts";

const shortDuration = 1 * time.Millisecond;
// Go's tests use 1000 h; host timers cannot wait longer than 2^31-1 ms (about 24.8 days), and the
// real-runtime runs of these cases use host timers, so the bound here is 20 days.
const veryLongDuration = 20 * 24 * time.Hour;

/** otherContext wraps a Context in a type context.ts does not know (Go's otherContext). */
class OtherContext implements Context {
  readonly inner: Context;
  constructor(inner: Context) {
    this.inner = inner;
  }
  deadline(): [Date, boolean] {
    return this.inner.deadline();
  }
  done(): Chan<void> {
    return this.inner.done();
  }
  err(): Error | null {
    return this.inner.err();
  }
  value(key: unknown): unknown {
    return this.inner.value(key);
  }
}

/** isDone is Go's `select { case <-c.Done(): true; default: false }`. */
async function isDone(c: Context): Promise<boolean> {
  return (await select([recv(c.done(), () => true)], () => false)) === true;
}

/** waitDone waits for c.Done() with a (virtual) time bound and fails if it does not close. */
async function waitDone(c: Context, what: string): Promise<void> {
  const ok = await select([recv(c.done(), () => true), recv(time.after(veryLongDuration), () => false)]);
  if (!ok) throw new Error(`${what}: context not done after ${veryLongDuration} ms`);
}

describe("context: Background and TODO (TestBackground, TestTODO)", () => {
  both("no context takes own methods: background() is shared by everyone, and a derived context's err() or done() cannot be redefined to lie", async () => {
    const lie = (c: object, name: string) => () => Object.defineProperty(c, name, { value: () => context.Canceled });
    expect(lie(context.background(), "err")).toThrow(TypeError);
    expect(lie(context.todo(), "done")).toThrow(TypeError);
    const [ctx, cancel] = context.withCancel(context.background());
    const [timed, stop] = context.withTimeout(ctx, 1000);
    for (const c of [ctx, timed, context.withValue(ctx, "k", 1), context.withoutCancel(ctx)]) expect(lie(c, "err")).toThrow(TypeError);
    expect(timed.err()).toBe(null);
    stop();
    cancel();
  });

  both("background and todo are never done, have a nil done channel, and name themselves", async () => {
    for (const [c, name] of [
      [context.background(), "context.Background"],
      [context.todo(), "context.TODO"],
    ] as const) {
      expect(c.done().isNil).toBe(true);
      expect(await isDone(c)).toBe(false);
      expect(c.err()).toBe(null);
      expect(String(c)).toBe(name);
      expect(c.deadline()[1]).toBe(false);
    }
  });
});

describe("context.withCancel (TestWithCancel, TestCanceledTimeout)", () => {
  both("cancel propagates synchronously to the context, a wrapper and a child of the wrapper", async () => {
    const [c1, cancel] = context.withCancel(context.background());
    expect(String(c1)).toBe("context.Background.WithCancel");
    const o = new OtherContext(c1);
    const [c2] = context.withCancel(o);
    const contexts = [c1, o, c2];
    for (const c of contexts) {
      expect(c.done().isNil).toBe(false);
      expect(c.err()).toBe(null);
      expect(await isDone(c)).toBe(false);
    }
    cancel();
    // c2 hangs off a context type the package does not know, so Go (and gosync) watch it with
    // a goroutine; give it its turn before checking, as Go's test does with a blocking receive.
    await c2.done().recv();
    for (const c of contexts) {
      expect(await isDone(c)).toBe(true);
      expect(c.err()).toBe(context.Canceled);
    }
  });

  both("canceling a timeout context under a wrapper cancels it at once with Canceled", async () => {
    const [c0, cancel0] = context.withTimeout(context.background(), time.Second);
    const [c, cancel] = context.withTimeout(new OtherContext(c0), veryLongDuration);
    cancel();
    expect(await isDone(c)).toBe(true);
    expect(c.err()).toBe(context.Canceled);
    cancel0();
  });

  both("a child of an already-canceled parent is done at construction, with the parent's cause", async () => {
    const [parent, pcancel] = context.withCancelCause(context.background());
    const because = new Error("Because!");
    pcancel(because);
    const [c] = context.withCancel(parent);
    expect(await isDone(c)).toBe(true);
    expect(c.err()).toBe(context.Canceled);
    expect(context.cause(c)).toBe(because);
  });

  test("a child created while the parent is being canceled concurrently ends canceled with the cause (simulator)", async () => {
    await onSim(async () => {
      const [parent, pcancel] = context.withCancelCause(context.background());
      const because = new Error("Because!");
      go(() => pcancel(because));
      const [c] = context.withCancel(parent);
      await c.done().recv();
      expect(c.err()).toBe(context.Canceled);
      expect(context.cause(c)).toBe(because);
    });
  });

  test("a tree of 100 contexts canceled from 100 goroutines in any order ends fully canceled (TestSimultaneousCancels)", async () => {
    await onSim(async () => {
      const [root, cancelRoot] = context.withCancel(context.background());
      const all: [Context, () => void][] = [[root, cancelRoot]];
      const q: Context[] = [root];
      while (q.length > 0 && all.length < 100) {
        const parent = q.shift()!;
        for (let i = 0; i < 4; i++) {
          const [c, cancel] = context.withCancel(parent);
          all.push([c, cancel]);
          q.push(c);
        }
      }
      const wg = new WaitGroup();
      wg.add(all.length);
      for (const [, cancel] of all) {
        go(() => {
          cancel();
          wg.done();
        });
      }
      for (const [c] of all) await waitDone(c, "tree node");
      await wg.wait();
    });
  });

  test("a child canceled by a goroutine watching its parent does not deadlock (TestInterlockedCancels)", async () => {
    await onSim(async () => {
      const [parent, cancelParent] = context.withCancel(context.background());
      const [child, cancelChild] = context.withCancel(parent);
      go(async () => {
        await parent.done().recv();
        cancelChild();
      });
      cancelParent();
      await waitDone(child, "child");
    });
  });
});

describe("context.withDeadline and withTimeout (TestDeadline, TestTimeout)", () => {
  test("a 50 ms timeout reports DeadlineExceeded at exactly +50 ms of virtual time", async () => {
    await onSim(async () => {
      const start = time.now();
      const [ctx, cancel] = context.withTimeout(context.background(), 50 * time.Millisecond);
      try {
        expect(ctx.deadline()).toEqual([new Date(start.getTime() + 50), true]);
        await ctx.done().recv();
        expect(time.since(start)).toBe(50);
        expect(ctx.err()).toBe(context.DeadlineExceeded);
        expect(ctx.err()!.message).toBe("context deadline exceeded");
      } finally {
        cancel();
      }
    });
  });

  both("deadlines in the future, under wrappers, in the past and now all end with DeadlineExceeded", async () => {
    const [c1] = context.withDeadline(context.background(), Date.now() + shortDuration);
    expect(String(c1).startsWith("context.Background.WithDeadline(")).toBe(true);
    await waitDone(c1, "WithDeadline");
    expect(c1.err()).toBe(context.DeadlineExceeded);

    const [c2] = context.withDeadline(context.background(), time.now().getTime() + shortDuration);
    const o2 = new OtherContext(c2);
    await waitDone(o2, "WithDeadline+otherContext");
    expect(o2.err()).toBe(context.DeadlineExceeded);

    const [c3] = context.withDeadline(context.background(), time.now().getTime() + shortDuration);
    const [c3b] = context.withDeadline(new OtherContext(c3), time.now().getTime() + veryLongDuration);
    await waitDone(c3b, "WithDeadline+otherContext+WithDeadline");
    expect(c3b.err()).toBe(context.DeadlineExceeded);

    const [past] = context.withDeadline(context.background(), new Date(time.now().getTime() - shortDuration));
    expect(past.err()).toBe(context.DeadlineExceeded); // at once, before any wait
    const [nowCtx] = context.withDeadline(context.background(), time.now());
    expect(nowCtx.err()).toBe(context.DeadlineExceeded);
  });

  both("withTimeout is withDeadline(now + d) and names itself WithDeadline", async () => {
    const [c, cancel] = context.withTimeout(context.background(), shortDuration);
    expect(String(c).startsWith("context.Background.WithDeadline(")).toBe(true);
    await waitDone(c, "WithTimeout");
    expect(c.err()).toBe(context.DeadlineExceeded);
    cancel();
    expect(c.err()).toBe(context.DeadlineExceeded); // a later cancel changes nothing
  });

  both("a child whose parent's deadline is earlier behaves as withCancel: it keeps the parent's deadline", async () => {
    const [parent, cancelParent] = context.withTimeout(context.background(), 10 * time.Second);
    const [pd] = parent.deadline();
    const [child, cancelChild] = context.withTimeout(parent, time.Hour);
    expect(child.deadline()).toEqual([pd, true]);
    expect(String(child).endsWith("]).WithCancel")).toBe(true);
    cancelChild();
    expect(child.err()).toBe(context.Canceled);
    expect(parent.err()).toBe(null);
    cancelParent();
  });

  test("the parent's earlier deadline ends the child with DeadlineExceeded at the parent's time (simulator)", async () => {
    await onSim(async () => {
      const start = time.now();
      const [parent, cancelParent] = context.withTimeout(context.background(), 20);
      const [child, cancelChild] = context.withTimeout(parent, 1000);
      await child.done().recv();
      expect(time.since(start)).toBe(20);
      expect(child.err()).toBe(context.DeadlineExceeded);
      cancelChild();
      cancelParent();
    });
  });

  test("DeadlineExceeded says it is a timeout, like Go's Timeout() bool (TestDeadlineExceededSupportsTimeout)", () => {
    expect(context.DeadlineExceeded.timeout()).toBe(true);
    expect(context.DeadlineExceeded.message).toBe("context deadline exceeded");
    expect(context.Canceled.message).toBe("context canceled");
  });
});

describe("context.withValue (TestValues, TestWithValueChecksKey, TestInvalidDerivedFail)", () => {
  both("values are found through layers, shadowed by nearer keys, and cleared by a nil value", () => {
    class Key1 {
      toString(): string {
        return "key1";
      }
    }
    const k1 = new Key1();
    const k2 = Symbol("k2");
    const k3 = {};
    const c1 = context.withValue(context.background(), k1, "c1k1");
    expect(c1.value(k1)).toBe("c1k1");
    expect(c1.value(k2)).toBe(null);
    expect(String(c1)).toBe("context.Background.WithValue(key1, c1k1)");
    const c2 = context.withValue(c1, k2, "c2k2");
    const c3 = context.withValue(c2, k3, "c3k3");
    expect([c3.value(k1), c3.value(k2), c3.value(k3)]).toEqual(["c1k1", "c2k2", "c3k3"]);
    const c4 = context.withValue(c3, k1, null);
    expect([c4.value(k1), c4.value(k2), c4.value(k3)]).toEqual([null, "c2k2", "c3k3"]);
    const o = new OtherContext(c4);
    const o4 = context.withValue(o, k3, null);
    expect([o4.value(k1), o4.value(k2), o4.value(k3)]).toEqual([null, "c2k2", null]);
  });

  both("a nil key panics with Go's message `nil key`", async () => {
    expect(await panicMessage(() => context.withValue(context.background(), null, "bar"))).toBe("nil key");
  });

  both("every constructor panics `cannot create context from nil parent` for a nil parent", async () => {
    const nil = null as unknown as Context;
    const want = "cannot create context from nil parent";
    expect(await panicMessage(() => context.withCancel(nil))).toBe(want);
    expect(await panicMessage(() => context.withCancelCause(nil))).toBe(want);
    expect(await panicMessage(() => context.withDeadline(nil, Date.now()))).toBe(want);
    expect(await panicMessage(() => context.withTimeout(nil, 1))).toBe(want);
    expect(await panicMessage(() => context.withValue(nil, "foo", "bar"))).toBe(want);
    expect(await panicMessage(() => context.withoutCancel(nil))).toBe(want);
  });
});

describe("context.cause (TestCause)", () => {
  const forever = 1e6 * time.Second;
  const parentCause = new Error("parentCause");
  const childCause = new Error("childCause");
  const tooSlow = new Error("tooSlow");
  const finishedEarly = new Error("finishedEarly");
  const cases: [string, () => Context, Error | null, Error | null][] = [
    ["Background", () => context.background(), null, null],
    ["TODO", () => context.todo(), null, null],
    ["WithCancel", () => { const [c, cancel] = context.withCancel(context.background()); cancel(); return c; }, context.Canceled, context.Canceled],
    ["WithCancelCause", () => { const [c, cancel] = context.withCancelCause(context.background()); cancel(parentCause); return c; }, context.Canceled, parentCause],
    ["WithCancelCause nil", () => { const [c, cancel] = context.withCancelCause(context.background()); cancel(null); return c; }, context.Canceled, context.Canceled],
    ["parent cause before child", () => {
      const [p, cancelParent] = context.withCancelCause(context.background());
      const [c, cancelChild] = context.withCancelCause(p);
      cancelParent(parentCause);
      cancelChild(childCause);
      return c;
    }, context.Canceled, parentCause],
    ["parent cause after child", () => {
      const [p, cancelParent] = context.withCancelCause(context.background());
      const [c, cancelChild] = context.withCancelCause(p);
      cancelChild(childCause);
      cancelParent(parentCause);
      return c;
    }, context.Canceled, childCause],
    ["parent cause before nil", () => {
      const [p, cancelParent] = context.withCancelCause(context.background());
      const [c, cancelChild] = context.withCancel(p);
      cancelParent(parentCause);
      cancelChild();
      return c;
    }, context.Canceled, parentCause],
    ["parent cause after nil", () => {
      const [p, cancelParent] = context.withCancelCause(context.background());
      const [c, cancelChild] = context.withCancel(p);
      cancelChild();
      cancelParent(parentCause);
      return c;
    }, context.Canceled, context.Canceled],
    ["child cause after nil", () => {
      const [p, cancelParent] = context.withCancel(context.background());
      const [c, cancelChild] = context.withCancelCause(p);
      cancelParent();
      cancelChild(childCause);
      return c;
    }, context.Canceled, context.Canceled],
    ["child cause before nil", () => {
      const [p, cancelParent] = context.withCancel(context.background());
      const [c, cancelChild] = context.withCancelCause(p);
      cancelChild(childCause);
      cancelParent();
      return c;
    }, context.Canceled, childCause],
    ["WithTimeout", () => { const [c, cancel] = context.withTimeout(context.background(), 0); cancel(); return c; }, context.DeadlineExceeded, context.DeadlineExceeded],
    ["WithTimeout canceled", () => { const [c, cancel] = context.withTimeout(context.background(), forever); cancel(); return c; }, context.Canceled, context.Canceled],
    ["WithTimeoutCause", () => { const [c, cancel] = context.withTimeoutCause(context.background(), 0, tooSlow); cancel(); return c; }, context.DeadlineExceeded, tooSlow],
    ["WithTimeoutCause canceled", () => { const [c, cancel] = context.withTimeoutCause(context.background(), forever, tooSlow); cancel(); return c; }, context.Canceled, context.Canceled],
    ["WithTimeoutCause stacked", () => {
      const [p, cancel] = context.withCancelCause(context.background());
      const [c] = context.withTimeoutCause(p, 0, tooSlow);
      cancel(finishedEarly);
      return c;
    }, context.DeadlineExceeded, tooSlow],
    ["WithTimeoutCause stacked canceled", () => {
      const [p, cancel] = context.withCancelCause(context.background());
      const [c] = context.withTimeoutCause(p, forever, tooSlow);
      cancel(finishedEarly);
      return c;
    }, context.Canceled, finishedEarly],
    ["WithoutCancel", () => context.withoutCancel(context.background()), null, null],
    ["WithoutCancel canceled", () => {
      const [p, cancel] = context.withCancelCause(context.background());
      const c = context.withoutCancel(p);
      cancel(finishedEarly);
      return c;
    }, null, null],
    ["WithoutCancel timeout", () => {
      const [p, cancel] = context.withTimeoutCause(context.background(), 0, tooSlow);
      const c = context.withoutCancel(p);
      cancel();
      return c;
    }, null, null],
  ];
  for (const [name, make, err, why] of cases) {
    both(`${name}: err is ${err?.message ?? "null"} and cause is ${why?.message ?? "null"}`, () => {
      const c = make();
      expect(c.err()).toBe(err);
      expect(context.cause(c)).toBe(why);
    });
  }

  test("cause polled from another goroutine sees the cause once set (TestCauseRace)", async () => {
    await onSim(async () => {
      const because = new Error("TestCauseRace");
      const [ctx, cancel] = context.withCancelCause(context.background());
      go(() => cancel(because));
      for (;;) {
        const err = context.cause(ctx);
        if (err !== null) {
          expect(err).toBe(because);
          break;
        }
        await gosched();
      }
    });
  });
});

describe("context.withoutCancel (TestWithoutCancel)", () => {
  both("keeps values but has no deadline, a nil done channel and no error, even after the parent is canceled", () => {
    const [p, cancel] = context.withTimeout(context.withValue(context.background(), "key", "value"), time.Hour);
    const ctx = context.withoutCancel(p);
    cancel();
    const [d, ok] = ctx.deadline();
    expect(ok).toBe(false);
    expect(d.toISOString()).toBe("0001-01-01T00:00:00.000Z"); // Go's zero time
    expect(ctx.done().isNil).toBe(true);
    expect(ctx.err()).toBe(null);
    expect(ctx.value("key")).toBe("value");
  });
});

describe("custom contexts (TestCustomContextPropagation, TestCustomContextCause)", () => {
  test("a child of a context with its own done channel is canceled through it, with the inner cause", async () => {
    await onSim(async () => {
      const because = new Error("TestCustomContextPropagation");
      const donec = chan<void>();
      const [ctx1, cancel1] = context.withCancelCause(context.background());
      const ctx2: Context = {
        deadline: () => ctx1.deadline(),
        done: () => donec,
        err: () => ctx1.err(),
        value: (k) => ctx1.value(k),
      };
      const [ctx3, cancel3] = context.withCancel(ctx2);
      try {
        cancel1(because);
        donec.close();
        await ctx3.done().recv();
        expect(ctx3.err()).toBe(context.Canceled);
        expect(context.cause(ctx3)).toBe(because);
      } finally {
        cancel3();
      }
    });
  });

  both("cause of a foreign context is its err; a cause-canceled child does not cancel the foreign parent", () => {
    let err: Error | null = null;
    const ccc: Context = { deadline: () => [new Date(0), false], done: () => donec, err: () => err, value: () => null };
    const donec = chan<void>();
    const [ctx, cancel] = context.withCancelCause(ccc);
    const because = new Error("TestCustomContextCause");
    cancel(because);
    expect(ctx.err()).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(because);
    expect(ccc.err()).toBe(null);
    expect(context.cause(ccc)).toBe(null);
    err = context.Canceled;
    donec.close();
    expect(context.cause(ccc)).toBe(context.Canceled);
    expect(context.cause(ctx)).toBe(because);
  });
});

describe("context.afterFunc (TestAfterFunc*)", () => {
  both("f runs after cancel, not before; stop afterwards reports false", async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const donec = chan<void>();
    const stop = context.afterFunc(ctx, () => donec.close());
    expect(await select([recv(donec, () => "called"), recv(time.after(shortDuration), () => "not yet")])).toBe("not yet");
    cancel();
    await donec.recv();
    expect(stop()).toBe(false);
  });

  both("f runs after a timeout", async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), shortDuration);
    const donec = chan<void>();
    context.afterFunc(ctx, () => donec.close());
    await donec.recv();
    cancel();
  });

  both("f runs at once for an already-canceled context", async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    const donec = chan<void>();
    context.afterFunc(ctx, () => donec.close());
    await donec.recv();
  });

  both("stop before cancel prevents the call and reports true once, then false", async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const donec = chan<void>();
    const stop = context.afterFunc(ctx, () => donec.close());
    expect(stop()).toBe(true);
    cancel();
    expect(await select([recv(donec, () => "called"), recv(time.after(shortDuration), () => "not called")])).toBe("not called");
    expect(stop()).toBe(false);
  });

  both("cancel does not wait for f: f runs in its own goroutine (TestAfterFuncCalledAsynchronously)", async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const donec = chan<void>();
    const stop = context.afterFunc(ctx, async () => {
      await donec.send(); // blocks until the receive below
    });
    cancel();
    await donec.recv();
    stop();
  });
});

describe("context: happens-before", () => {
  test("a write before cancel is visible, race-free, to a goroutine that saw done()", async () => {
    const { shared } = await import("../src/shared.ts");
    await onSim(async () => {
      const s = shared({ result: 0 });
      const [ctx, cancel] = context.withCancel(context.background());
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await ctx.done().recv();
        expect(s.result).toBe(42);
        wg.done();
      });
      s.result = 42;
      cancel();
      await wg.wait();
    });
  });
});

describe("context: the nil done channel of a context that is never canceled", () => {
  test("receiving from background's done channel blocks forever, shown as a nil-channel receive in the deadlock dump", async () => {
    const report = await sim.run(async () => {
      await context.background().done().recv();
    }, { seed: 1 });
    expect(report.outcome).toBe("deadlock");
    expect(report.message).toContain("fatal error: all goroutines are asleep - deadlock!");
    expect(report.dump).toContain("goroutine 1 [chan receive (nil chan)]:");
  });

  test("a select case on withoutCancel's done channel never becomes ready", async () => {
    const [p, cancel] = context.withCancel(context.background());
    const ctx = context.withoutCancel(p);
    cancel();
    let fired = "";
    await select([recv(ctx.done(), () => (fired = "done"))], () => (fired = "default"));
    expect(fired).toBe("default");
  });
});
