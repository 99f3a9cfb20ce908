// Conformance: Go's sync/once_test.go and oncefunc_test.go, ported as behaviour (not code).
import { describe, expect, test } from "vitest";
import { both, expectOutcome, onSim } from "../test/support.ts";
import { go } from "../src/go.ts";
import { chan } from "../src/chan.ts";
import { Once } from "../src/once.ts";
import { onceFunc, onceValue, onceValues } from "../src/oncefunc.ts";
import { shared } from "../src/shared.ts";
import * as time from "../src/time.ts";

describe("Once (once_test.go)", () => {
  both("ten goroutines calling do run f exactly once, and each sees f's effect when do returns (TestOnce)", async () => {
    const o = { n: 0 };
    const once = new Once();
    const c = chan<boolean>();
    for (let i = 0; i < 10; i++) {
      go(async () => {
        await once.do(() => {
          o.n++;
        });
        // Every do returns only after the one call of f has returned.
        if (o.n !== 1) throw new Error(`once failed inside run: ${o.n} is not 1`);
        await c.send(true);
      });
    }
    for (let i = 0; i < 10; i++) await c.recv();
    expect(o.n).toBe(1);
  });

  both("a panicking f counts as done: the panic reaches its caller and later do calls skip f (TestOncePanic)", async () => {
    const once = new Once();
    const boom = new Error("failed");
    await expect(once.do(() => { throw boom; })).rejects.toBe(boom);
    await once.do(() => {
      throw new Error("Once.Do called twice");
    });
  });

  test("a caller arriving while f is still running waits for f to return (simulator)", async () => {
    await onSim(async () => {
      const start = time.now();
      const once = new Once();
      let ready = false;
      const done = chan<void>();
      go(async () => {
        await once.do(async () => {
          await time.sleep(10); // f blocks; the other caller must not return meanwhile
          ready = true;
        });
        await done.send();
      });
      await time.sleep(1);
      await once.do(() => {
        throw new Error("f ran twice");
      });
      expect(ready).toBe(true);
      expect(time.since(start)).toBe(10);
      await done.recv();
    });
  });

  test("f's writes are ordered before every do return, so the race detector stays quiet (happens-before)", async () => {
    await onSim(async () => {
      const cfg = shared({ addr: "" });
      const once = new Once();
      const done = chan<void>();
      for (let i = 0; i < 3; i++) {
        go(async () => {
          await once.do(() => {
            cfg.addr = "127.0.0.1:8080";
          });
          expect(cfg.addr).toBe("127.0.0.1:8080");
          await done.send();
        });
      }
      for (let i = 0; i < 3; i++) await done.recv();
    });
  });

  test("do called from inside f waits for itself: a deadlock, as in Go", async () => {
    await expectOutcome(async () => {
      const once = new Once();
      await once.do(() => once.do(() => {}));
    }, "deadlock", "fatal error: all goroutines are asleep - deadlock!");
  });
});

describe("onceFunc, onceValue, onceValues (oncefunc_test.go)", () => {
  both("onceFunc calls f once however often the result is called (TestOnceFunc)", async () => {
    let calls = 0;
    const f = onceFunc(() => {
      calls++;
    });
    for (let i = 0; i < 3; i++) await f();
    expect(calls).toBe(1);
  });

  both("onceValue returns f's one result to every caller (TestOnceValue)", async () => {
    let calls = 0;
    const f = onceValue(() => {
      calls++;
      return calls;
    });
    for (let i = 0; i < 3; i++) expect(await f()).toBe(1);
    expect(calls).toBe(1);
  });

  both("onceValues returns f's two results to every caller (TestOnceValues)", async () => {
    let calls = 0;
    const f = onceValues(async () => {
      calls++;
      return [calls, calls + 1] as const;
    });
    for (let i = 0; i < 3; i++) expect(await f()).toEqual([1, 2]);
    expect(calls).toBe(1);
  });

  both("onceFunc, onceValue and onceValues re-throw the very same panic value on every call (TestOnceXPanic)", async () => {
    for (const make of [
      (g: () => never) => onceFunc(g),
      (g: () => never) => onceValue(g),
      (g: () => never) => onceValues(g),
    ]) {
      let calls = 0;
      const boom = new Error("x");
      const f = make(() => {
        calls++;
        throw boom;
      });
      for (let i = 0; i < 3; i++) await expect(f()).rejects.toBe(boom);
      expect(calls).toBe(1);
    }
  });

  test("an unrecovered panic from onceFunc's first call prints [recovered, repanicked], a later call's plain (Go 1.25)", async () => {
    await expectOutcome(async () => {
      const f = onceFunc(() => {
        throw new Error("boom");
      });
      await f();
    }, "panic", "panic: boom [recovered, repanicked]");
    await expectOutcome(async () => {
      const f = onceFunc(() => {
        throw new Error("boom");
      });
      await f().catch(() => undefined);
      await f();
    }, "panic", "panic: boom");
  });

  test("concurrent callers all wait for the one call and get the same value (simulator)", async () => {
    await onSim(async () => {
      let calls = 0;
      const get = onceValue(async () => {
        calls++;
        await time.sleep(5);
        return { addr: "127.0.0.1:8080" };
      });
      const out = chan<object>(5);
      for (let i = 0; i < 5; i++) go(async () => void (await out.send(await get())));
      const first = await out.recv();
      for (let i = 1; i < 5; i++) expect(await out.recv()).toBe(first);
      expect(calls).toBe(1);
    });
  });
});
