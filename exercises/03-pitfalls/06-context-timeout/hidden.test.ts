// Hidden tests for "context-timeout". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so "exactly at the deadline" is exact.
import { test, expect, describe } from "vitest";
import { go, chan, select, recv } from "gosync";
import type { Chan } from "gosync";
import * as context from "gosync/context";
import * as time from "gosync/time";
import { isGosyncObject } from "gosync/sim";
import { callWithTimeout, type Work } from "./solution.ts";

/** Seen is what a cooperative work function observed when its context ended. */
interface Seen {
  at: number; // ms after the test started
  err: Error | null;
}

/**
 * cooperative returns work that takes `ms` unless its context ends first; then it reports what
 * it saw on `seen` (if given) and throws ctx.err(), as Go code returns ctx.Err().
 */
function cooperative<T>(ms: number, value: T, start: ReturnType<typeof time.now>, seen?: Chan<Seen>): Work<T> {
  return async (ctx) => {
    let ended = false;
    await select([
      recv(time.after(ms * time.Millisecond), () => {}),
      recv(ctx.done(), () => {
        ended = true;
      }),
    ]);
    if (!ended) return value;
    if (seen) await seen.send({ at: time.since(start), err: ctx.err() });
    throw ctx.err()!;
  };
}

/** stubborn returns work that ignores its context and resolves to `value` after `ms`. */
function stubborn<T>(ms: number, value: T): Work<T> {
  return async () => {
    await time.sleep(ms * time.Millisecond);
    return value;
  };
}

/**
 * settle sleeps until every work function in these tests has finished (the slowest takes
 * 500 ms). A work goroutine still alive after it is blocked forever: a leak.
 */
async function settle(): Promise<void> {
  await time.sleep(1 * time.Second);
}

describe("callWithTimeout", () => {
  test({ en: "returns the work's value when it finishes before the deadline", zh: "工作在截止时间之前完成时返回它的值" }, async () => {
    const start = time.now();
    const [value, err] = await callWithTimeout(context.background(), 100, stubborn(30, 42));
    expect({ value, err }, "outcome of 30 ms of work with a 100 ms timeout").toEqual({ value: 42, err: null });
    expect(time.since(start), "virtual time taken").toBe(30);
    await settle();
  });

  test({ en: "returns the value of work that finishes without ever blocking", zh: "返回从不阻塞就完成的工作的值" }, async () => {
    // Such work may be done before callWithTimeout starts to wait: its value is then ready
    // together with anything else the caller waits on (a context cancelled when the work
    // ended, say), and it must still be the answer.
    const [value, err] = await callWithTimeout(context.background(), 100, async () => "at once");
    expect({ value, err }, "outcome of work that returns at once, with a 100 ms timeout").toEqual({ value: "at once", err: null });
    await settle();
  });

  test({ en: "returns DeadlineExceeded exactly at the deadline", zh: "恰好在截止时间返回 DeadlineExceeded" }, async () => {
    const start = time.now();
    const [value, err] = await callWithTimeout(context.background(), 100, cooperative(500, "late", start));
    const elapsed = time.since(start);
    expect(err, `error after ${elapsed} ms; want context.DeadlineExceeded ("context deadline exceeded")`).toBe(context.DeadlineExceeded);
    expect(value, "value when the deadline passed").toBeUndefined();
    expect(elapsed, "virtual time taken with a 100 ms timeout").toBe(100);
    await settle();
  });

  test({ en: "gives up at the deadline even if the work ignores its context", zh: "即使工作忽略它的上下文，也在截止时间放弃" }, async () => {
    const start = time.now();
    const [value, err] = await callWithTimeout(context.background(), 100, stubborn(300, "late"));
    const elapsed = time.since(start);
    expect({ value, err: err?.message ?? null }, `outcome after ${elapsed} ms`).toEqual({ value: undefined, err: "context deadline exceeded" });
    expect(elapsed, "virtual time taken with a 100 ms timeout, work taking 300 ms").toBe(100);
    await settle(); // the work finishes at 300 ms; its goroutine must then be able to exit
  });

  test({ en: "the work sees its context end at the deadline, with DeadlineExceeded", zh: "工作在截止时间看到它的上下文结束，错误为 DeadlineExceeded" }, async () => {
    const start = time.now();
    const seen = chan<Seen>(1);
    await callWithTimeout(context.background(), 100, cooperative(500, "late", start, seen));
    // Wait a bounded time for what the work saw: work whose context never ends (given the
    // parent instead of the context with the deadline) reports nothing, which fails here
    // instead of blocking the test forever.
    let got: Seen | null = null;
    await select([
      recv(seen, (s) => {
        got = s ?? null;
      }),
      recv(time.after(1 * time.Second), () => {}),
    ]);
    expect(got, "what the work saw: its ctx.done() must close at the 100 ms deadline (was the work given the context with the deadline?)").toBeTruthy();
    const { err, at } = got as unknown as Seen;
    expect(err, "ctx.err() seen by the work when its ctx.done() closed").toBe(context.DeadlineExceeded);
    expect(at, "when the work's ctx.done() closed (ms)").toBe(100);
    await settle();
  });

  test({ en: "cancels the work's context as soon as the call returns", zh: "调用一返回就取消工作的上下文" }, async () => {
    let workCtx: context.Context | undefined;
    const [value] = await callWithTimeout(context.background(), 100, async (ctx) => {
      workCtx = ctx;
      await time.sleep(10 * time.Millisecond);
      return "quick";
    });
    expect(value, "value of 10 ms of work").toBe("quick");
    expect(isGosyncObject(workCtx), "the work was given the context context.withTimeout made (not an object of its own standing in for it)").toBe(true);
    expect(workCtx?.err() ?? null, "err() of the work's context right after callWithTimeout returned").toBe(context.Canceled);
    await settle();
  });

  test({ en: "a cancelled parent ends the call at once with Canceled", zh: "父上下文被取消时，调用立即以 Canceled 结束" }, async () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    go(async () => {
      await time.sleep(30 * time.Millisecond);
      cancelParent();
    });
    const start = time.now();
    // The work ignores its context: the call itself must see the parent end (on ctx.done()).
    const [, err] = await callWithTimeout(parent, 100, stubborn(500, "late"));
    expect(err, "error when the parent is cancelled after 30 ms; want context.Canceled").toBe(context.Canceled);
    expect(time.since(start), "virtual time taken").toBe(30);
    await settle();
  });

  test({ en: "an earlier deadline of the parent wins over the timeout", zh: "父上下文更早的截止时间优先于超时" }, async () => {
    const [parent, cancelParent] = context.withTimeout(context.background(), 40 * time.Millisecond);
    try {
      const start = time.now();
      const [, err] = await callWithTimeout(parent, 100, stubborn(500, "late"));
      expect(err, "error with a 40 ms parent deadline and a 100 ms timeout").toBe(context.DeadlineExceeded);
      expect(time.since(start), "virtual time taken").toBe(40);
      await settle();
    } finally {
      cancelParent();
    }
  });

  test({ en: "reports the error the work throws", zh: "报告工作抛出的错误" }, async () => {
    let workCtx: context.Context | undefined;
    const [value, err] = await callWithTimeout(context.background(), 100, async (ctx) => {
      workCtx = ctx;
      await time.sleep(10 * time.Millisecond);
      throw new Error("backend unavailable");
    });
    expect({ value, err: err?.message ?? null }, "outcome of work that throws after 10 ms").toEqual({ value: undefined, err: "backend unavailable" });
    expect(isGosyncObject(workCtx), "the work was given the context context.withTimeout made (not an object of its own standing in for it)").toBe(true);
    expect(workCtx?.err() ?? null, "err() of the work's context right after callWithTimeout returned the error").toBe(context.Canceled);
    await settle();
  });
});
