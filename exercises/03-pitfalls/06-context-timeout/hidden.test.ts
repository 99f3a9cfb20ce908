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
    expect({ value, err }, { en: "outcome of 30 ms of work with a 100 ms timeout", zh: "超时为 100 ms 时 30 ms 工作的结果" }).toEqual({ value: 42, err: null });
    expect(time.since(start), { en: "virtual time taken", zh: "所用的虚拟时间" }).toBe(30);
    await settle();
  });

  test({ en: "returns the value of work that finishes without ever blocking", zh: "返回从不阻塞就完成的工作的值" }, async () => {
    // Such work may be done before callWithTimeout starts to wait: its value is then ready
    // together with anything else the caller waits on (a context cancelled when the work
    // ended, say), and it must still be the answer.
    const [value, err] = await callWithTimeout(context.background(), 100, async () => "at once");
    expect({ value, err }, { en: "outcome of work that returns at once, with a 100 ms timeout", zh: "超时为 100 ms 时立即返回的工作的结果" }).toEqual({ value: "at once", err: null });
    await settle();
  });

  test({ en: "returns DeadlineExceeded exactly at the deadline", zh: "恰好在截止时间返回 DeadlineExceeded" }, async () => {
    const start = time.now();
    const [value, err] = await callWithTimeout(context.background(), 100, cooperative(500, "late", start));
    const elapsed = time.since(start);
    expect(err, { en: `error after ${elapsed} ms; want context.DeadlineExceeded ("context deadline exceeded")`, zh: `${elapsed} ms 后的错误；应为 context.DeadlineExceeded（"context deadline exceeded"）` }).toBe(context.DeadlineExceeded);
    expect(value, { en: "value when the deadline passed", zh: "截止时间已过时的值" }).toBeUndefined();
    expect(elapsed, { en: "virtual time taken with a 100 ms timeout", zh: "超时为 100 ms 时所用的虚拟时间" }).toBe(100);
    await settle();
  });

  test({ en: "gives up at the deadline even if the work ignores its context", zh: "即使工作忽略它的上下文，也在截止时间放弃" }, async () => {
    const start = time.now();
    const [value, err] = await callWithTimeout(context.background(), 100, stubborn(300, "late"));
    const elapsed = time.since(start);
    expect({ value, err: err?.message ?? null }, { en: `outcome after ${elapsed} ms`, zh: `${elapsed} ms 后的结果` }).toEqual({ value: undefined, err: "context deadline exceeded" });
    expect(elapsed, { en: "virtual time taken with a 100 ms timeout, work taking 300 ms", zh: "超时为 100 ms、工作需要 300 ms 时所用的虚拟时间" }).toBe(100);
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
    expect(got, { en: "what the work saw: its ctx.done() must close at the 100 ms deadline (was the work given the context with the deadline?)", zh: "工作看到了什么：它的 ctx.done() 必须在 100 ms 的截止时间关闭（交给工作的是带截止时间的那个上下文吗？）" }).toBeTruthy();
    const { err, at } = got as unknown as Seen;
    expect(err, { en: "ctx.err() seen by the work when its ctx.done() closed", zh: "ctx.done() 关闭时工作看到的 ctx.err()" }).toBe(context.DeadlineExceeded);
    expect(at, { en: "when the work's ctx.done() closed (ms)", zh: "工作的 ctx.done() 何时关闭（ms）" }).toBe(100);
    await settle();
  });

  test({ en: "cancels the work's context as soon as the call returns", zh: "调用一返回就取消工作的上下文" }, async () => {
    let workCtx: context.Context | undefined;
    const [value] = await callWithTimeout(context.background(), 100, async (ctx) => {
      workCtx = ctx;
      await time.sleep(10 * time.Millisecond);
      return "quick";
    });
    expect(value, { en: "value of 10 ms of work", zh: "10 ms 工作的值" }).toBe("quick");
    expect(isGosyncObject(workCtx), { en: "the work was given the context context.withTimeout made (not an object of its own standing in for it)", zh: "交给工作的是 context.withTimeout 创建的上下文（而不是自己造的替代对象）" }).toBe(true);
    expect(workCtx?.err() ?? null, { en: "err() of the work's context right after callWithTimeout returned", zh: "callWithTimeout 刚返回时工作上下文的 err()" }).toBe(context.Canceled);
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
    expect(err, { en: "error when the parent is cancelled after 30 ms; want context.Canceled", zh: "父上下文在 30 ms 后被取消时的错误；应为 context.Canceled" }).toBe(context.Canceled);
    expect(time.since(start), { en: "virtual time taken", zh: "所用的虚拟时间" }).toBe(30);
    await settle();
  });

  test({ en: "an earlier deadline of the parent wins over the timeout", zh: "父上下文更早的截止时间优先于超时" }, async () => {
    const [parent, cancelParent] = context.withTimeout(context.background(), 40 * time.Millisecond);
    try {
      const start = time.now();
      const [, err] = await callWithTimeout(parent, 100, stubborn(500, "late"));
      expect(err, { en: "error with a 40 ms parent deadline and a 100 ms timeout", zh: "父上下文截止时间为 40 ms、超时为 100 ms 时的错误" }).toBe(context.DeadlineExceeded);
      expect(time.since(start), { en: "virtual time taken", zh: "所用的虚拟时间" }).toBe(40);
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
    expect({ value, err: err?.message ?? null }, { en: "outcome of work that throws after 10 ms", zh: "10 ms 后抛出的工作的结果" }).toEqual({ value: undefined, err: "backend unavailable" });
    expect(isGosyncObject(workCtx), { en: "the work was given the context context.withTimeout made (not an object of its own standing in for it)", zh: "交给工作的是 context.withTimeout 创建的上下文（而不是自己造的替代对象）" }).toBe(true);
    expect(workCtx?.err() ?? null, { en: "err() of the work's context right after callWithTimeout returned the error", zh: "callWithTimeout 刚返回错误时工作上下文的 err()" }).toBe(context.Canceled);
    await settle();
  });
});
