import { describe, expect, test } from "vitest";
import { go } from "./go.ts";
import { WaitGroup } from "./waitgroup.ts";
import { both, expectOutcome, onSim, panicMessage } from "../test/support.ts";
import { gosched } from "./goruntime.ts";
import * as sim from "./sim/index.ts";
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

  describe("the release of the waiters (the tail of the add that reaches zero)", () => {
    test("the adder goes on before the waiters are released; its own next operation on the group finds them released", async () => {
      await onSim(async () => {
        const wg = new WaitGroup();
        wg.add(1);
        let woke = false;
        go(async () => {
          await wg.wait();
          woke = true;
        });
        await time.sleep(1); // the waiter is parked
        wg.done(); // counter 0 with a waiter: the release is now a pending step
        expect(woke).toBe(false);
        wg.add(1); // the adder's own later add follows its done in Go: no misuse panic
        wg.done();
        await time.sleep(1);
      }, { detectLeaks: false });
    });

    test("a wait that starts while the release is pending returns at once, as Go's Wait seeing counter 0", async () => {
      const r = await sim.explore(
        async () => {
          const wg = new WaitGroup();
          wg.add(1);
          go(() => wg.wait());
          go(() => wg.wait());
          await time.sleep(1);
          wg.done();
          await wg.wait();
        },
        { runs: 200 },
      );
      expect(r.ok).toBe(true);
    });

    test("on the real runtime the release happens inside add, so nothing can overtake it", async () => {
      const wg = new WaitGroup();
      wg.add(1);
      let woke = false;
      const waiting = wg.wait().then(() => (woke = true));
      await Promise.resolve();
      wg.done();
      wg.add(1); // would panic if the waiter were still registered
      wg.done();
      await waiting;
      expect(woke).toBe(true);
    });

    test("the trace shows every add, every done, the pending release step and the wake-up", async () => {
      const r = await sim.run(
        async () => {
          const wg = new WaitGroup();
          wg.add(2);
          for (let i = 0; i < 2; i++) {
            go(async () => {
              await time.sleep(1); // main is waiting by then
              wg.done();
            });
          }
          await wg.wait();
        },
        { trace: true },
      );
      expect(r.outcome).toBe("ok");
      const details = r.trace!.map((e) => `${e.g} ${e.kind} ${e.detail ?? ""}`);
      expect(details).toContain("1 add WaitGroup.add(2): counter 2");
      expect(details.filter((d) => / done WaitGroup counter [10]$/.test(d))).toHaveLength(2);
      const pending = details.findIndex((d) => /note runtime step -1 pending/.test(d));
      const runs = details.findIndex((d) => /note runtime step -1 runs/.test(d));
      const woken = details.indexOf("1 unblock sync.WaitGroup.Wait");
      expect(pending).toBeGreaterThan(0);
      expect(runs).toBeGreaterThan(pending);
      expect(woken).toBeGreaterThan(runs);
    });
  });
});
