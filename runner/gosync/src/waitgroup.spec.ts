import { describe, expect, test } from "vitest";
import { go } from "./go.ts";
import { WaitGroup } from "./waitgroup.ts";
import { both, expectOutcome, onSim, panicMessage } from "../test/support.ts";
import * as time from "./time.ts";

describe("WaitGroup", () => {
  both("wait returns once every task is done", async () => {
    const wg = new WaitGroup();
    const done: number[] = [];
    for (let i = 0; i < 4; i++) {
      wg.add(1);
      go(async () => {
        done.push(i);
        wg.done();
      });
    }
    await wg.wait();
    expect(done.length).toBe(4);
  });

  both("wait on a zero counter returns at once", async () => {
    await new WaitGroup().wait();
  });

  both("a counter going negative panics with Go's text", async () => {
    const wg = new WaitGroup();
    expect(await panicMessage(() => wg.done())).toBe("sync: negative WaitGroup counter");
  });

  both("go runs f and marks it done when f returns", async () => {
    const wg = new WaitGroup();
    let ran = 0;
    wg.go(async () => {
      await time.sleep(1);
      ran++;
    });
    wg.go(() => {
      ran++;
    });
    await wg.wait();
    expect(ran).toBe(2);
  });

  test("wait blocked forever is in the dump as sync.WaitGroup.Wait", async () => {
    const [r] = await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      await wg.wait();
    }, "deadlock");
    expect(r.dump).toContain("goroutine 1 [sync.WaitGroup.Wait]:");
  });

  test("adding again before a woken waiter returns panics: reused before previous Wait has returned", async () => {
    const reports = await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await wg.wait();
      });
      await time.sleep(1); // the waiter is now blocked in wait
      wg.done(); // wakes it…
      wg.add(1); // …and starts a new round before it could return
      await time.sleep(1);
      wg.done();
    }, "panic", "panic: sync: WaitGroup is reused before previous Wait has returned");
    expect(reports.length).toBeGreaterThan(0);
  });

  test("go does not mark the task done when f throws: the panic ends the program", async () => {
    await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.go(() => {
        throw new Error("boom");
      });
      await wg.wait();
    }, "panic", "panic: boom");
  });

  test("a WaitGroup can be reused once every wait has returned", async () => {
    await onSim(async () => {
      const wg = new WaitGroup();
      for (let round = 0; round < 3; round++) {
        let n = 0;
        for (let i = 0; i < 3; i++) wg.go(() => void n++);
        await wg.wait();
        expect(n).toBe(3);
      }
    });
  });
});
