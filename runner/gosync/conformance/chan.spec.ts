// Conformance: channels and select, ported as behaviour from Go's runtime/chan_test.go
// (TestChan, TestNonblockSelectRace, TestSelectFairness, TestMultiConsumer,
// TestSelectDuplicateChannel) and the contract's channel semantics.
import { describe, expect, test } from "vitest";
import { Chan, chan, go, recv, select, send } from "../src/index.ts";
import { WaitGroup } from "../src/sync.ts";
import * as time from "../src/time.ts";
import { both, expectOutcome, onSim, panicMessage, simRuns } from "../test/support.ts";

describe("TestChan", () => {
  for (const cap of [0, 1, 5]) {
    both(`cap ${cap}: a receiver blocks until a sender arrives, and vice versa`, async () => {
      const c = chan<number>(cap);
      let received = false;
      go(async () => {
        await c.recv();
        received = true;
      });
      await time.sleep(10);
      expect(received).toBe(false);
      await c.send(0);
      await time.sleep(10);
      expect(received).toBe(true);
    });

    both(`cap ${cap}: a closed channel delivers the zero value with ok false, repeatedly`, async () => {
      const c = chan<number>(cap);
      c.close();
      for (let i = 0; i < 3; i++) expect(await c.recvOk()).toEqual([undefined, false]);
    });

    both(`cap ${cap}: close unblocks a waiting receiver`, async () => {
      const c = chan<number>(cap);
      const done = chan<boolean>();
      go(async () => {
        const [, ok] = await c.recvOk();
        await done.send(ok);
      });
      await time.sleep(10);
      c.close();
      expect(await done.recv()).toBe(false);
    });

    both(`cap ${cap}: a non-blocking receive (select with default) on an empty channel takes the default`, async () => {
      const c = chan<number>(cap);
      const got = await select([recv(c, () => "value")], () => "default");
      expect(got).toBe("default");
    });

    both(`cap ${cap}: values sent by one goroutine arrive in order (FIFO)`, async () => {
      const c = chan<number>(cap);
      go(async () => {
        for (let i = 0; i < 20; i++) await c.send(i);
      });
      for (let i = 0; i < 20; i++) expect(await c.recv()).toBe(i);
    });
  }

  both("a buffered channel reports len and cap like Go", async () => {
    const c = chan<number>(4);
    expect([c.len, c.cap]).toEqual([0, 4]);
    await c.send(1);
    await c.send(2);
    expect([c.len, c.cap]).toEqual([2, 4]);
  });

  both("a non-blocking send succeeds while the buffer has room and takes the default when full", async () => {
    const c = chan<number>(1);
    expect(await select([send(c, 1, () => "sent")], () => "full")).toBe("sent");
    expect(await select([send(c, 2, () => "sent")], () => "full")).toBe("full");
  });
});

describe("TestNonblockSelectRace", () => {
  test("a select with default never misses a value that is ready", async () => {
    await onSim(async () => {
      for (let i = 0; i < 20; i++) {
        const c1 = chan<number>(1);
        const c2 = chan<number>(1);
        await c1.send(1);
        const done = chan<boolean>(1);
        go(async () => {
          await select([recv(c1), recv(c2)], () => {
            throw new Error("default fired while c1 had a value");
          });
          await done.send(true);
        });
        await c2.send(1);
        await select([recv(c1), recv(c2)], () => undefined);
        expect(await done.recv()).toBe(true);
      }
    });
  });
});

describe("TestSelectFairness", () => {
  test("select chooses uniformly among ready cases", async () => {
    await onSim(
      async () => {
        const a = chan<number>(1);
        const b = chan<number>(1);
        const counts = [0, 0];
        for (let i = 0; i < 400; i++) {
          await a.send(0);
          await b.send(1);
          const which = await select([recv(a, () => 0), recv(b, () => 1)]);
          counts[which!]++;
          // drain the other one
          await select([recv(a), recv(b)]);
        }
        // 400 fair coin flips: a split worse than 140/260 has probability < 1e-9
        expect(counts[0]).toBeGreaterThan(140);
        expect(counts[1]).toBeGreaterThan(140);
      },
      { seeds: 3 },
    );
  });

  test("default never fires while a case is ready", async () => {
    await onSim(async () => {
      const c = chan<number>(1);
      for (let i = 0; i < 50; i++) {
        await c.send(i);
        expect(await select([recv(c, (v) => v)], () => -1)).toBe(i);
      }
    });
  });
});

describe("TestMultiConsumer", () => {
  both("several consumers together receive every value exactly once", async () => {
    const work = chan<number>(5);
    const results = chan<number>(5);
    const wg = new WaitGroup();
    for (let w = 0; w < 4; w++) {
      wg.go(async () => {
        for await (const v of work) await results.send(v);
      });
    }
    let expectedSum = 0;
    go(async () => {
      for (let i = 0; i < 100; i++) {
        expectedSum += i;
        await work.send(i);
      }
      work.close();
    });
    go(async () => {
      await wg.wait();
      results.close();
    });
    let sum = 0;
    let n = 0;
    for await (const v of results) {
      sum += v;
      n++;
    }
    expect(n).toBe(100);
    expect(sum).toBe(expectedSum);
  });
});

describe("TestSelectDuplicateChannel", () => {
  both("a select listing the same channel twice completes once and leaves nothing behind", async () => {
    const c = chan<number>();
    const d = chan<number>();
    const e = chan<number>();
    go(async () => {
      await select([recv(c), recv(c), recv(d)]);
      await e.send(9);
    });
    await time.sleep(1);
    go(async () => {
      await c.recv();
    });
    await time.sleep(1);
    await c.send(8); // goes to the select or to the plain receiver
    await c.send(7); // goes to whichever did not take 8
    expect(await e.recv()).toBe(9);
  });
});

describe("select", () => {
  test("a select with no cases blocks forever, shown as select (no cases)", async () => {
    const [r] = await expectOutcome(async () => {
      await select([]);
    }, "deadlock", "fatal error: all goroutines are asleep - deadlock!");
    expect(r.dump).toContain("goroutine 1 [select (no cases)]:");
  });

  test("a select blocked on channels nobody uses is shown as select", async () => {
    const [r] = await expectOutcome(async () => {
      await select([recv(chan<number>()), send(chan<number>(), 1)]);
    }, "deadlock");
    expect(r.dump).toContain("goroutine 1 [select]:");
  });

  both("null and nil channel cases are ignored", async () => {
    const c = chan<number>(1);
    await c.send(5);
    expect(await select([recv(null, () => -1), recv(Chan.nil<number>(), () => -2), recv(c, (v) => v)])).toBe(5);
    expect(await select([send(null, 1, () => "sent")], () => "default")).toBe("default");
  });

  both("a send case on a closed channel panics when chosen", async () => {
    const c = chan<number>();
    c.close();
    expect(await panicMessage(() => select([send(c, 1)]))).toBe("send on closed channel");
  });

  both("a blocked select proceeds with the case that becomes ready", async () => {
    const a = chan<string>();
    const b = chan<string>();
    go(async () => {
      await time.sleep(5);
      await b.send("b");
    });
    expect(await select([recv(a, (v) => `a:${v}`), recv(b, (v) => `b:${v}`)])).toBe("b:b");
  });

  both("a blocked select's receive case sees a close as ok false", async () => {
    const a = chan<number>();
    go(async () => {
      await time.sleep(5);
      a.close();
    });
    expect(await select([recv(a, (v, ok) => [v, ok])])).toEqual([undefined, false]);
  });

  test("a receiver blocked forever on an unbuffered channel is reported with its wait reason", async () => {
    await simRuns(
      async () => {
        const c = chan<number>();
        await c.recv();
      },
      (r) => {
        expect(r.outcome).toBe("deadlock");
        expect(r.dump).toContain("goroutine 1 [chan receive]:");
      },
    );
  });
});
