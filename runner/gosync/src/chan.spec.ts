import { describe, expect, test } from "vitest";
import { Chan, chan } from "./chan.ts";
import { go } from "./go.ts";
import { sleep } from "./time.ts";
import { both, expectOutcome, panicMessage, simRuns } from "../test/support.ts";

describe("chan", () => {
  both("an unbuffered channel hands a value from sender to receiver", async () => {
    const c = chan<number>();
    go(async () => await c.send(42));
    expect(await c.recv()).toBe(42);
  });

  both("a buffered channel holds cap values without a receiver, and len counts them", async () => {
    const c = chan<string>(2);
    await c.send("a");
    await c.send("b");
    expect(c.len).toBe(2);
    expect(c.cap).toBe(2);
    expect(await c.recv()).toBe("a");
    expect(c.len).toBe(1);
  });

  both("a closed channel drains its buffer, then yields the zero value with ok false", async () => {
    const c = chan<number>(3);
    await c.send(1);
    await c.send(2);
    c.close();
    expect(await c.recvOk()).toEqual([1, true]);
    expect(await c.recvOk()).toEqual([2, true]);
    expect(await c.recvOk()).toEqual([undefined, false]);
    expect(await c.recvOk()).toEqual([undefined, false]);
  });

  both("for await receives until the channel is closed", async () => {
    const c = chan<number>();
    go(async () => {
      for (let i = 0; i < 5; i++) await c.send(i);
      c.close();
    });
    const got: number[] = [];
    for await (const v of c) got.push(v);
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  both("breaking out of for await takes nothing more: the next receive gets the next value", async () => {
    const c = chan<number>(3);
    for (let i = 0; i < 3; i++) await c.send(i);
    const got: number[] = [];
    for await (const v of c) {
      got.push(v);
      if (v === 1) break;
    }
    expect(got).toEqual([0, 1]);
    expect(await c.recv()).toBe(2);
  });

  both("send on a closed channel panics", async () => {
    const c = chan<number>(1);
    c.close();
    expect(await panicMessage(() => c.send(1))).toBe("send on closed channel");
  });

  both("close of a closed channel panics", async () => {
    const c = chan<number>();
    c.close();
    expect(await panicMessage(() => c.close())).toBe("close of closed channel");
  });

  both("close of a nil channel panics", async () => {
    expect(await panicMessage(() => Chan.nil<number>().close())).toBe("close of nil channel");
  });

  both("a negative buffer size panics", async () => {
    expect(await panicMessage(() => chan(-1))).toBe("makechan: size out of range");
  });

  test("a sender blocked when the channel is closed panics", async () => {
    await expectOutcome(async () => {
      const c = chan<number>();
      go(async () => {
        await c.send(1);
      });
      await sleep(1);
      c.close();
      await sleep(1);
    }, "panic", "panic: send on closed channel");
  });

  test("receiving from a nil channel blocks forever, shown as chan receive (nil chan)", async () => {
    const [r] = await expectOutcome(async () => {
      await Chan.nil<number>().recv();
    }, "deadlock");
    expect(r.dump).toContain("goroutine 1 [chan receive (nil chan)]:");
  });

  test("sending on a nil channel blocks forever, shown as chan send (nil chan)", async () => {
    const [r] = await expectOutcome(async () => {
      await Chan.nil<number>().send(1);
    }, "deadlock");
    expect(r.dump).toContain("goroutine 1 [chan send (nil chan)]:");
  });

  test("values arrive in FIFO order through a buffered channel under every schedule", async () => {
    await simRuns(
      async () => {
        const c = chan<number>(2);
        go(async () => {
          for (let i = 0; i < 6; i++) await c.send(i);
          c.close();
        });
        const got: number[] = [];
        for await (const v of c) got.push(v);
        expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      },
      (r) => expect(r.outcome).toBe("ok"),
    );
  });
});
