// Conformance: Mutex, RWMutex and WaitGroup, ported as behaviour from Go's
// sync/mutex_test.go, sync/rwmutex_test.go and sync/waitgroup_test.go.
import { describe, expect, test } from "vitest";
import { chan, go, GoFatalError } from "../src/index.ts";
import { Mutex, RWMutex, WaitGroup } from "../src/sync.ts";
import * as time from "../src/time.ts";
import { gosched } from "../src/goruntime.ts";
import * as sim from "../src/sim/index.ts";
import { both, explorePanics, expectOutcome, onReal, onSim, panicMessage } from "../test/support.ts";

describe("mutex_test.go", () => {
  both("TestMutex: many goroutines hammering one mutex never overlap", async () => {
    const mu = new Mutex();
    const wg = new WaitGroup();
    let inside = 0;
    let maxInside = 0;
    for (let g = 0; g < 10; g++) {
      wg.go(async () => {
        for (let i = 0; i < 20; i++) {
          using _ = await mu.lock();
          inside++;
          maxInside = Math.max(maxInside, inside);
          await time.sleep(0);
          inside--;
        }
      });
    }
    await wg.wait();
    expect(maxInside).toBe(1);
  });

  test("TestMutexMisuse on the real runtime: unlock of an unlocked mutex throws GoFatalError with Go's text", async () => {
    await onReal(() => {
      expect(() => new Mutex().unlock()).toThrow(new GoFatalError("sync: unlock of unlocked mutex"));
    });
  });

  test("TestMutexMisuse (Mutex.Unlock): the fatal error text is Go's", async () => {
    await expectOutcome(() => new Mutex().unlock(), "fatal", "fatal error: sync: unlock of unlocked mutex");
  });

  test("TestMutexMisuse (Mutex.Unlock2): a second unlock is fatal", async () => {
    await expectOutcome(async () => {
      const mu = new Mutex();
      await mu.lock();
      mu.unlock();
      mu.unlock();
    }, "fatal", "fatal error: sync: unlock of unlocked mutex");
  });

  both("TestTryLock semantics: tryLock fails on a locked mutex, then succeeds after unlock", async () => {
    const mu = new Mutex();
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
    mu.unlock();
  });

  test("TestMutexFairness: a goroutine waiting for the lock gets it while another relocks in a loop", async () => {
    await onSim(async () => {
      const mu = new Mutex();
      const stop = chan<boolean>(1);
      go(async () => {
        for (;;) {
          await mu.lock();
          await time.sleep(Number(time.Microsecond) * 100);
          mu.unlock();
          const stopped = stop.len > 0;
          if (stopped) return;
        }
      });
      const done = chan<boolean>(1);
      go(async () => {
        for (let i = 0; i < 10; i++) {
          await time.sleep(Number(time.Microsecond) * 100);
          await mu.lock();
          mu.unlock();
        }
        await done.send(true);
      });
      await done.recv();
      await stop.send(true);
    }, { detectLeaks: false });
  });
});

describe("rwmutex_test.go", () => {
  test("TestParallelReaders: readers hold the lock at the same time", async () => {
    await onSim(async () => {
      const rw = new RWMutex();
      const start = time.now();
      const wg = new WaitGroup();
      for (let i = 0; i < 4; i++) {
        wg.go(async () => {
          using _ = await rw.rLock();
          await time.sleep(100);
        });
      }
      await wg.wait();
      expect(time.since(start)).toBe(100); // concurrent: 100 ms, not 400
    });
  });

  test("a writer excludes readers and other writers", async () => {
    await onSim(async () => {
      const rw = new RWMutex();
      const start = time.now();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.go(async () => {
          using _ = await rw.lock();
          await time.sleep(100);
        });
      }
      wg.go(async () => {
        using _ = await rw.rLock();
        await time.sleep(100);
      });
      await wg.wait();
      expect(time.since(start)).toBe(300);
    });
  });

  test("TestRWDoubleRLock semantics: a pending writer blocks new readers", async () => {
    await onSim(async () => {
      const rw = new RWMutex();
      await rw.rLock();
      let writerIn = false;
      go(async () => {
        await rw.lock();
        writerIn = true;
        rw.unlock();
      });
      await time.sleep(1); // the writer is now waiting for our read lock
      expect(rw.tryRLock()).toBe(false);
      let readerIn = false;
      go(async () => {
        await rw.rLock();
        readerIn = true;
        expect(writerIn).toBe(true); // the writer went first
        rw.rUnlock();
      });
      await time.sleep(1);
      expect(readerIn).toBe(false);
      rw.rUnlock();
      await time.sleep(1);
      expect(writerIn && readerIn).toBe(true);
    });
  });

  test("a recursive read lock deadlocks once a writer is waiting (as Go documents)", async () => {
    const [r] = await expectOutcome(async () => {
      const rw = new RWMutex();
      await rw.rLock();
      go(async () => {
        await rw.lock();
      });
      await time.sleep(1);
      await rw.rLock();
    }, "deadlock");
    expect(r.dump).toContain("[sync.RWMutex.RLock]:");
    expect(r.dump).toContain("[sync.RWMutex.Lock]:");
  });

  test("TestRUnlockPanic: rUnlock of an unlocked RWMutex is Go's fatal error", async () => {
    await expectOutcome(() => new RWMutex().rUnlock(), "fatal", "fatal error: sync: RUnlock of unlocked RWMutex");
  });

  test("TestUnlockPanic: unlock of an unlocked RWMutex is Go's fatal error", async () => {
    await expectOutcome(() => new RWMutex().unlock(), "fatal", "fatal error: sync: Unlock of unlocked RWMutex");
  });

  test("TestUnlockPanic2: unlock of a read-locked RWMutex is fatal", async () => {
    await expectOutcome(async () => {
      const rw = new RWMutex();
      await rw.rLock();
      rw.unlock();
    }, "fatal", "fatal error: sync: Unlock of unlocked RWMutex");
  });

  test("TestRUnlockPanic2: rUnlock of a write-locked RWMutex is fatal", async () => {
    await expectOutcome(async () => {
      const rw = new RWMutex();
      await rw.lock();
      rw.rUnlock();
    }, "fatal", "fatal error: sync: RUnlock of unlocked RWMutex");
  });

  both("the rLock guard read-unlocks on dispose", async () => {
    const rw = new RWMutex();
    {
      using _ = await rw.rLock();
      expect(rw.tryLock()).toBe(false);
    }
    expect(rw.tryLock()).toBe(true);
    rw.unlock();
  });
});

describe("waitgroup_test.go", () => {
  both("TestWaitGroup: two rounds of n goroutines released by one wait each", async () => {
    const wg1 = new WaitGroup();
    const wg2 = new WaitGroup();
    const n = 16;
    for (let round = 0; round < 2; round++) {
      wg1.add(n);
      wg2.add(n);
      const exited = chan<boolean>(n);
      for (let i = 0; i < n; i++) {
        go(async () => {
          wg1.done();
          await wg2.wait();
          await exited.send(true);
        });
      }
      await wg1.wait();
      for (let i = 0; i < n; i++) {
        expect(exited.len).toBe(0); // nobody got past wg2 early
        wg2.done();
      }
      for (let i = 0; i < n; i++) await exited.recv();
    }
  });

  both("TestWaitGroupMisuse: add(1) then done() twice panics with Go's text", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    wg.done();
    expect(await panicMessage(() => wg.done())).toBe("sync: negative WaitGroup counter");
  });

  both("add with a negative delta below zero panics", async () => {
    expect(await panicMessage(() => new WaitGroup().add(-2))).toBe("sync: negative WaitGroup counter");
  });

  test("TestWaitGroupMisuse2 (reuse): re-adding before a woken wait has returned panics", async () => {
    await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(() => wg.wait());
      go(() => wg.wait());
      await time.sleep(1);
      wg.done();
      wg.add(1);
      await time.sleep(1);
    }, "panic", "panic: sync: WaitGroup is reused before previous Wait has returned", { detectLeaks: false });
  });

  both("TestWaitGroupGo: go runs every function and wait sees them all", async () => {
    const wg = new WaitGroup();
    let n = 0;
    for (let i = 0; i < 10; i++) wg.go(() => void n++);
    await wg.wait();
    expect(n).toBe(10);
  });

  test("a blocked wait is in the dump as sync.WaitGroup.Wait", async () => {
    const [r] = await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(2);
      wg.done();
      await wg.wait();
    }, "deadlock", "fatal error: all goroutines are asleep - deadlock!");
    expect(r.dump).toContain("goroutine 1 [sync.WaitGroup.Wait]:");
  });

  describe("misuse found by exploration, with Go's texts", () => {
    const NEGATIVE = "panic: sync: negative WaitGroup counter";
    const ADD_DURING_WAIT = "panic: sync: WaitGroup misuse: Add called concurrently with Wait";
    const REUSED = "panic: sync: WaitGroup is reused before previous Wait has returned";
    /** found renders what exploration found, for a failing expectation. */
    const listed = (m: Map<string, unknown>) => JSON.stringify(Object.fromEntries(m), null, 1);

    test("wg.add inside each goroutine while main waits: an add lands in the release of the waiters, or overtakes a woken waiter", async () => {
      const found = await explorePanics(async () => {
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) {
          go(async () => {
            wg.add(1); // wrong: must happen before go, in main
            await gosched();
            wg.done();
          });
        }
        await wg.wait();
      }, 400);
      expect(found.has(ADD_DURING_WAIT), listed(found)).toBe(true);
      expect(found.has(REUSED), listed(found)).toBe(true);
    });

    test("reusing the WaitGroup in a loop before every wait of the round returned panics in the overtaken waiter", async () => {
      const found = await explorePanics(async () => {
        const wg = new WaitGroup();
        for (let round = 0; round < 3; round++) {
          wg.add(1);
          go(() => wg.done());
          go(() => wg.wait()); // a second waiter of this round
          await wg.wait();
          // wrong: the next round's add does not wait for the second waiter to return
        }
      }, 400);
      expect(found.has(REUSED), listed(found)).toBe(true);
    });

    test("an add made after handing the work over lets done run first: the counter goes negative", async () => {
      const found = await explorePanics(async () => {
        const wg = new WaitGroup();
        const work = chan<number>(); // unbuffered: the receiver may run on before the sender
        go(async () => {
          for (let i = 0; i < 3; i++) {
            await work.send(i);
            wg.add(1); // wrong: must happen before the send
          }
        });
        go(async () => {
          for (let i = 0; i < 3; i++) {
            await work.recv();
            wg.done();
          }
        });
        await time.sleep(1);
        await wg.wait();
      }, 400);
      expect(found.has(NEGATIVE), listed(found)).toBe(true);
    });

    test("the same programs written correctly never panic, over many seeds and both strategies", async () => {
      const correct = async () => {
        const wg = new WaitGroup();
        for (let round = 0; round < 3; round++) {
          const extra = new WaitGroup(); // the second waiter's own return is awaited before reuse
          wg.add(3);
          extra.add(1);
          for (let i = 0; i < 3; i++) {
            go(async () => {
              await gosched();
              wg.done();
            });
          }
          go(async () => {
            await wg.wait();
            extra.done();
          });
          await wg.wait();
          await extra.wait();
        }
      };
      for (const strategy of ["random", "pct"] as const) await onSim(correct, { strategy, seeds: 300 });
    });

    test("a replayed misuse tells the whole story: every add, the pending release and the panic are in the trace", async () => {
      const r = await sim.explore(
        async () => {
          const wg = new WaitGroup();
          for (let i = 0; i < 2; i++) {
            go(async () => {
              wg.add(1);
              await gosched();
              wg.done();
            });
          }
          await wg.wait();
          await time.sleep(1);
        },
        { runs: 400, detectLeaks: false },
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const again = await sim.replay(r.failure);
      expect(again.message).toBe(r.failure.report.message);
      const trace = again.trace!;
      expect(trace.filter((e) => e.kind === "add").map((e) => e.detail)).toContain("WaitGroup.add(1): counter 1");
      if (again.message === ADD_DURING_WAIT) {
        expect(trace.some((e) => e.kind === "note" && /runtime step -\d+ pending/.test(e.detail ?? ""))).toBe(true);
      }
      expect(trace.at(-1)).toMatchObject({ kind: "note", detail: again.message });
    });
  });
});
