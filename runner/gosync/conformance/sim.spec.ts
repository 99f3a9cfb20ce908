// Conformance: the simulator, ported as behaviour from Go's internal/synctest tests
// (TestNow, TestTimerReset, TestDeadlockRoot, TestDeadlockChild, TestDeadlockTicker) and the
// detection-power and determinism proofs issue 3 asks for.
import { describe, expect, test } from "vitest";
import { chan, go, GoPanic, shared } from "../src/index.ts";
import { Mutex, RWMutex, WaitGroup } from "../src/sync.ts";
import { select, recv, send } from "../src/select.ts";
import * as time from "../src/time.ts";
import * as sim from "../src/sim/index.ts";
import { numGoroutine, gosched } from "../src/goruntime.ts";
import { expectOutcome, onSim, simReport, simRuns } from "../test/support.ts";

const DEADLOCK = "fatal error: all goroutines are asleep - deadlock!";

describe("internal/synctest", () => {
  test("TestNow: virtual time starts at 2000-01-01T00:00:00Z and moves only by sleeping", async () => {
    await onSim(async () => {
      expect(time.now().toISOString()).toBe("2000-01-01T00:00:00.000Z");
      expect(Date.now()).toBe(946684800000);
      expect(new Date().getTime()).toBe(946684800000);
      for (let i = 0; i < 1000; i++) void Math.sqrt(i); // work takes no virtual time
      expect(Date.now()).toBe(946684800000);
      await time.sleep(1500);
      expect(time.now().toISOString()).toBe("2000-01-01T00:00:01.500Z");
      expect(performance.now()).toBe(1500);
    });
  });

  test("TestTimerReset: a reset timer fires at its new time and leaves no stale value", async () => {
    await onSim(async () => {
      const start = time.now();
      const t = time.newTimer(1 * time.Second);
      await time.sleep(2 * time.Second); // t fired at +1 s; its value waits in the channel
      // Go 1.23: a value nobody received means the timer has not expired yet: reset reports true
      expect(t.reset(1 * time.Second)).toBe(true);
      // Go 1.23: reset drops the value from the first expiry
      expect(await t.c!.recv().then((d) => time.since(start) === 3000 && d.getTime() - start.getTime())).toBe(3000);
      t.reset(2 * time.Second);
      expect(t.stop()).toBe(true);
      expect(await select0(t.c!)).toBe("nothing"); // stopped: nothing is ever received
    });
  });

  test("TestStopResetResult: a fired timer whose value nobody received stops (or resets) with true, so the pre-1.23 drain idiom never blocks", async () => {
    await onSim(async () => {
      for (const how of ["stop", "reset"] as const) {
        const t = time.newTimer(1 * time.Second);
        await time.sleep(2 * time.Second); // fired; the value was never received
        const wasActive = how === "stop" ? t.stop() : t.reset(1 * time.Hour);
        expect(wasActive, `${how} after an undelivered expiry`).toBe(true);
        if (!wasActive) await t.c!.recv(); // the old idiom: would wait forever if stop said false
        expect(await select0(t.c!), `after ${how}, the stale value is gone`).toBe("nothing");
        expect(t.stop(), `stop after ${how}`).toBe(how === "reset");
        expect(t.stop(), "a second stop").toBe(false);
      }
    });
  });

  test("a select with one case and no default blocks as the plain channel operation, as Go compiles it", async () => {
    const [r] = await expectOutcome(async () => {
      const c = chan<number>();
      go(() => select([send(c, 1)])); // goroutine 2
      await select([recv(chan<number>())]);
    }, "deadlock", DEADLOCK);
    expect(r.dump).toMatch(/^goroutine 1 \[chan receive\]:/m);
    expect(r.dump).toMatch(/^goroutine 2 \[chan send\]:/m);
    const [nil] = await expectOutcome(async () => {
      await select([send(null as never, 1), recv(null as never)]);
    }, "deadlock", DEADLOCK);
    expect(nil.dump).toMatch(/^goroutine 1 \[select\]:/m);
  });

  test("a writer behind another writer waits in the writers' Mutex, one behind readers in RWMutex.Lock, as in Go", async () => {
    const [r] = await expectOutcome(async () => {
      const rw = new RWMutex();
      await rw.rLock(); // main reads and never leaves
      go(() => rw.lock()); // goroutine 2: waits for the reader
      go(() => rw.lock()); // goroutine 3: waits behind goroutine 2
      await chan<number>().recv();
    }, "deadlock", DEADLOCK);
    // whichever of the two writers queued first waits for the reader, the other behind it
    expect((r.dump ?? "").match(/^goroutine [23] \[sync\.RWMutex\.Lock\]:/gm)).toHaveLength(1);
    expect((r.dump ?? "").match(/^goroutine [23] \[sync\.Mutex\.Lock\]:/gm)).toHaveLength(1);
  });

  test("TestDeadlockRoot: main blocked forever is a deadlock", async () => {
    const [r] = await expectOutcome(async () => {
      await chan<number>().recv();
    }, "deadlock", DEADLOCK);
    expect(r.dump).toMatch(/^goroutine 1 \[chan receive\]:/);
  });

  test("TestDeadlockChild: main and a child blocked forever are a deadlock naming both", async () => {
    const [r] = await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.go(async () => {
        await chan<number>().send(1);
      });
      await wg.wait();
    }, "deadlock", DEADLOCK);
    expect(r.dump).toContain("goroutine 1 [sync.WaitGroup.Wait]:");
    expect(r.dump).toContain("goroutine 2 [chan send]:");
  });

  test("a forgotten ticker keeps virtual time moving, as synctest's fake timers do: the run ends at the step limit, not in a deadlock", async () => {
    await simRuns(
      async () => {
        time.newTicker(1 * time.Second); // forgotten: never stopped
        await chan<number>().recv();
      },
      (r) => {
        expect(r.outcome).not.toBe("deadlock");
        expect(r.outcome).toBe("step-limit");
        expect(r.message).toMatch(/pending timers/);
      },
      { maxSteps: 2000 },
    );
  });

  test("a stopped ticker no longer hides the deadlock", async () => {
    await expectOutcome(async () => {
      const t = time.newTicker(1 * time.Second);
      await t.c.recv();
      t.stop();
      await chan<number>().recv();
    }, "deadlock", DEADLOCK);
  });
});

async function select0(c: sim_Chan): Promise<string> {
  const { select, recv } = await import("../src/select.ts");
  return (await select([recv(c, () => "value")], () => "nothing")) as string;
}
type sim_Chan = ReturnType<typeof chan<Date>>;

describe("time on the virtual clock", () => {
  test("a program sleeping 60 s of virtual time finishes with elapsedMs 60000", async () => {
    const r = await simReport(async () => {
      await time.sleep(60 * time.Second);
    });
    expect(r.outcome).toBe("ok");
    expect(r.elapsedMs).toBe(60_000);
  });

  test("newTicker with a non-positive interval panics with Go's text", async () => {
    await expectOutcome(() => {
      time.newTicker(0);
    }, "panic", "panic: non-positive interval for NewTicker");
  });

  test("after delivers once the duration has passed; afterFunc runs f in its own goroutine", async () => {
    await onSim(async () => {
      const start = time.now();
      const at = await time.after(250).recv();
      expect(at.getTime() - start.getTime()).toBe(250);
      const ran = chan<number>(1);
      time.afterFunc(100, async () => {
        await ran.send(time.since(start));
      });
      expect(await ran.recv()).toBe(350);
    });
  });

  test("afterFunc's stop is true only if it prevented the call", async () => {
    await onSim(async () => {
      let calls = 0;
      const t = time.afterFunc(10, () => void calls++);
      expect(t.stop()).toBe(true);
      const u = time.afterFunc(10, () => void calls++);
      await time.sleep(20);
      expect(u.stop()).toBe(false);
      expect(calls).toBe(1);
    });
  });

  test("timer channels are unbuffered (len and cap 0), as in Go 1.23", async () => {
    await onSim(async () => {
      const t = time.newTimer(10);
      await time.sleep(20);
      expect([t.c!.len, t.c!.cap]).toEqual([0, 0]);
      await t.c!.recv();
    });
  });

  test("Nanosecond … Hour are durations in milliseconds", () => {
    expect([time.Nanosecond, time.Microsecond, time.Millisecond, time.Second, time.Minute, time.Hour]).toEqual([1e-6, 1e-3, 1, 1000, 60_000, 3_600_000]);
  });

  test("virtual setTimeout runs its callback at the virtual time, in a goroutine", async () => {
    await onSim(async () => {
      const c = chan<number>(1);
      setTimeout(async () => await c.send(Date.now() - 946684800000), 1234);
      expect(await c.recv()).toBe(1234);
    });
  });
});

describe("detection power", () => {
  test("a lost update on an unsynchronised shared counter is reported as a race", async () => {
    const r = await sim.explore(
      async () => {
        const s = shared({ count: 0 }, "counter");
        const wg = new WaitGroup();
        for (let i = 0; i < 2; i++) {
          wg.go(async () => {
            const v = s.count;
            await gosched();
            s.count = v + 1;
          });
        }
        await wg.wait();
      },
      { runs: 20 },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const race = r.failure.report.races[0];
    expect(race.text).toMatch(/^==================\nWARNING: DATA RACE\n(Write|Read) at counter\.count by goroutine \d+:/m);
    expect(race.text).toMatch(/Previous (write|read) at counter\.count by goroutine \d+:/);
    const again = await sim.replay(r.failure);
    expect(again.races[0].current.at).toMatch(/sim\.spec\.ts:\d+:\d+/);
    expect(again.races[0].previous.at).toMatch(/sim\.spec\.ts:\d+:\d+/);
  });

  test("a race report names goroutine 1 \"main goroutine\" with no trailer, and says whether the other goroutine is running or finished", async () => {
    const report = await simReport(async () => {
      const s = shared({ n: 0 }, "box");
      const done = chan<void>();
      go(async () => {
        s.n = 1; // goroutine 2 writes, then finishes
        done.close();
      });
      await time.sleep(1); // no happens-before edge: the sleep orders nothing
      void s.n;
      await done.recv();
    });
    expect(report.races).toHaveLength(1);
    const text = report.races[0].text;
    expect(text).toContain("Read at box.n by main goroutine:");
    expect(text).toContain("Previous write at box.n by goroutine 2:");
    expect(text).toMatch(/\nGoroutine 2 \(finished\) created at:\n/);
    expect(text).not.toMatch(/Goroutine 1 /);

    const live = await simReport(async () => {
      const s = shared({ n: 0 }, "box");
      const done = chan<void>();
      go(async () => {
        s.n = 1;
        await done.recv(); // goroutine 2 is still alive when main reads
      });
      await time.sleep(1);
      void s.n;
      done.close();
    });
    expect(live.races[0].text).toMatch(/\nGoroutine 2 \(running\) created at:\n/);
  });

  test("the same counter under a Mutex is race-free on every schedule", async () => {
    await onSim(async () => {
      const s = shared({ count: 0 });
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          using _ = await mu.lock();
          const v = s.count;
          await gosched();
          s.count = v + 1;
        });
      }
      await wg.wait();
      expect(s.count).toBe(3);
    });
  });

  test("state handed over a channel is race-free (send happens before receive)", async () => {
    await onSim(async () => {
      const s = shared({ items: [] as number[] });
      const c = chan<boolean>();
      go(async () => {
        s.items.push(1);
        await c.send(true);
      });
      await c.recv();
      s.items.push(2);
      expect(s.items.length).toBe(2);
    });
  });

  test("wg.add inside the goroutine is found by exploration within 200 runs (wait returns early)", async () => {
    const r = await sim.explore(
      async () => {
        const wg = new WaitGroup();
        let n = 0;
        for (let i = 0; i < 3; i++) {
          go(async () => {
            wg.add(1); // wrong: must happen before go
            n++;
            wg.done();
          });
        }
        await wg.wait();
        if (n !== 3) throw new Error(`wait returned after ${n} of 3 goroutines`);
      },
      { runs: 200, detectLeaks: false },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure.report.message).toMatch(/^panic: wait returned after [0-2] of 3 goroutines$/);
  });

  test("a leaking producer is reported as a leak", async () => {
    await simRuns(
      async () => {
        const c = chan<number>();
        go(async () => {
          for (let i = 0; ; i++) await c.send(i);
        });
        expect(await c.recv()).toBe(0);
      },
      (r) => {
        expect(r.outcome).toBe("ok");
        expect(r.leaks).toHaveLength(1);
        expect(r.leaks[0]).toMatchObject({ id: 2, status: "chan send", createdBy: 1 });
        expect(r.leakText).toMatch(/^goroutine 2 \[chan send\]:/);
      },
    );
  });

  test("a deadlock on an unbuffered done channel is reported with a dump naming both goroutines", async () => {
    const r = await sim.explore(async () => {
      const done = chan<boolean>();
      const results = chan<number>();
      go(async () => {
        await results.send(42);
        await done.send(true);
      });
      await done.recv(); // wrong: waits for done before taking the result
      await results.recv();
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.report.outcome).toBe("deadlock");
    const again = await sim.replay(r.failure);
    expect(again.message).toBe(DEADLOCK);
    expect(again.dump).toMatch(/goroutine 1 \[chan receive\]:\n\t.*sim\.spec\.ts:\d+:\d+/);
    expect(again.dump).toMatch(/goroutine 2 \[chan send\]:\n\t.*sim\.spec\.ts:\d+:\d+/);
    expect(again.dump).toContain("created by goroutine 1");
  });

  test("a forgotten ticker hides a deadlock, exactly as in Go", async () => {
    const r = await sim.run(
      async () => {
        const t = time.newTicker(time.Second);
        void t;
        const wg = new WaitGroup();
        wg.add(1);
        await wg.wait(); // nobody calls done
      },
      { maxSteps: 5000 },
    );
    expect(r.outcome).toBe("step-limit");
    expect(r.elapsedMs).toBeGreaterThan(1000);
  });
});

describe("determinism and replay", () => {
  const racy = async () => {
    const s = shared({ n: 0 });
    const mu = new Mutex();
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        for (let j = 0; j < 3; j++) {
          await mu.lock();
          mu.unlock();
          await time.sleep(Math.floor(Math.random() * 3));
        }
        s.n++;
      });
    }
    await wg.wait();
  };

  test("the same seed and strategy give the same run, step for step", async () => {
    for (const strategy of ["random", "pct"] as const) {
      const a = await sim.run(racy, { seed: 7, strategy, trace: true });
      const b = await sim.run(racy, { seed: 7, strategy, trace: true });
      expect(b.trace).toEqual(a.trace);
      expect(b.schedule).toEqual(a.schedule);
    }
  });

  test("a replayed failure is identical, event for event, and its report is plain JSON", async () => {
    const r = await sim.explore(racy, { runs: 50 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const one = await sim.replay(r.failure);
    expect(one.outcome, one.message).toBe(r.failure.report.outcome);
    const two = await sim.replay(JSON.parse(JSON.stringify(r.failure)), racy);
    expect(two.trace).toEqual(one.trace);
    expect(one.steps).toBe(r.failure.report.steps);
    // the first race is the same pair of accesses (replay adds their locations)
    const [a, b] = [one.races[0], r.failure.report.races[0]];
    expect([a.addr, a.current.g, a.current.kind, a.previous.g, a.previous.kind]).toEqual([b.addr, b.current.g, b.current.kind, b.previous.g, b.previous.kind]);
    expect(JSON.parse(JSON.stringify(one))).toEqual(one);
    const kinds = new Set(one.trace!.map((e) => e.kind));
    for (const k of ["go", "block", "unblock", "end", "lock", "unlock", "timer", "time"]) expect(kinds).toContain(k);
  });

  test("exhaustive exploration enumerates every interleaving of a tiny program", async () => {
    const seen = new Set<string>();
    const r = await sim.explore(
      async () => {
        const order: number[] = [];
        const wg = new WaitGroup();
        for (let i = 0; i < 2; i++) {
          wg.go(async () => {
            await gosched();
            order.push(i);
          });
        }
        await wg.wait();
        seen.add(order.join(""));
      },
      { strategy: "exhaustive", runs: 10_000 },
    );
    expect(r.ok).toBe(true);
    expect([...seen].sort()).toEqual(["01", "10"]);
  });
});

describe("when main returns", () => {
  test("the report records the step and virtual time at which main returned, and marks every later trace event", async () => {
    await simRuns(
      async () => {
        await time.sleep(5);
        go(async () => {
          await gosched(); // still runnable when main returns: the simulator lets it finish
          await time.sleep(0);
        });
      },
      (r) => {
        expect(r.outcome).toBe("ok");
        expect(r.mainReturnedAtMs).toBe(5);
        expect(r.mainReturnedAtStep).toBeGreaterThan(0);
        expect(r.steps).toBeGreaterThan(r.mainReturnedAtStep!);
        const trace = r.trace!;
        const mainEnd = trace.findIndex((e) => e.g === 1 && e.kind === "end");
        expect(mainEnd).toBeGreaterThan(0);
        expect(trace.slice(0, mainEnd + 1).every((e) => e.afterMain === undefined)).toBe(true);
        expect(trace.slice(mainEnd + 1).length).toBeGreaterThan(0);
        expect(trace.slice(mainEnd + 1).every((e) => e.afterMain === true)).toBe(true);
        expect(trace.some((e) => e.g === 2 && e.kind === "end" && e.afterMain)).toBe(true);
      },
      { trace: true },
    );
  });

  test("a run in which main never returns has no mainReturnedAtStep", async () => {
    const [r] = await expectOutcome(async () => {
      await chan<number>().recv();
    }, "deadlock", DEADLOCK);
    expect(r.mainReturnedAtStep).toBeUndefined();
    expect(r.mainReturnedAtMs).toBeUndefined();
  });
});

describe("the simulator's own errors", () => {
  test("awaiting a real timer inside the simulator is reported as a foreign wait, not a hang", async () => {
    const hostSetImmediate = globalThis.setImmediate;
    const r = await simReport(async () => {
      await new Promise((resolve) => hostSetImmediate(resolve));
    });
    expect(r.outcome).toBe("foreign-wait");
    expect(r.message).toMatch(/goroutine 1 is awaiting something that is not a gosync operation.*time\.sleep/);
  });

  test("starting an operation while the previous one is still pending names the missing await", async () => {
    await expectOutcome(async () => {
      const c = chan<number>(1);
      void c.send(1);
      await c.send(2);
    }, "fatal", /goroutine 1 .*missing await/);
  });

  test("a missing await names the operation left pending and the one started after it", async () => {
    await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => wg.done());
      void wg.wait();
      await time.sleep(1);
    }, "fatal", /goroutine 1 started \S+ while its previous gosync operation \(WaitGroup\.wait\) was still pending/);
    await expectOutcome(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      void time.sleep(5);
      wg.done();
    }, "fatal", /goroutine 1 started WaitGroup\.done while its previous gosync operation \(sleep\) was still pending/);
  });

  test("a lock released by `return fn()` inside a using block leads with that cause", async () => {
    await expectOutcome(async () => {
      const mu = new Mutex();
      const withLock = async <T>(fn: () => Promise<T>): Promise<T> => {
        using _ = await mu.lock();
        return fn(); // the block ends here and unlocks while fn still sleeps
      };
      await withLock(() => time.sleep(5));
    }, "fatal", /goroutine 1 started Mutex\.unlock while .*missing await\? Most likely `return fn\(\)` inside a `using` block/);
  });

  test("starting several operations at once (as Promise.all would) is explained with go() as the way", async () => {
    await expectOutcome(async () => {
      const a = chan<number>();
      const b = chan<number>();
      go(async () => void (await a.send(1)));
      go(async () => void (await b.send(2)));
      await Promise.all([a.recv(), b.recv()]);
    }, "fatal", /goroutine 1 .*missing await\?.*Promise\.all.*go\(\)/);
  });

  test("the dump of a missing await shows the goroutine that did not await as the one running", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = await sim.run(async () => {
        const a = chan<number>();
        go(async () => void (await a.send(1)));
        go(async () => void (await a.send(2)));
        await Promise.all([a.recv(), a.recv()]);
      }, { seed, stacks: true });
      expect(r.outcome, `seed ${seed}`).toBe("fatal");
      expect(r.goroutines?.filter((g) => g.status === "running").map((g) => g.id), `seed ${seed}: running goroutines in the dump`).toEqual([1]);
    }
  });

  test("code that a fatal error interrupts finishes inside its own run, never in the run after it", async () => {
    let ranAfter = "";
    const first = await sim.run(async () => {
      const mu = new Mutex();
      const wg = new WaitGroup();
      try {
        mu.unlock();
      } finally {
        // Go ends the process here; in JavaScript the finally block still runs, a few jobs later.
        for (let i = 0; i < 5; i++) await Promise.resolve();
        wg.add(1);
        ranAfter = "wg.add ran";
      }
    });
    expect(first.outcome).toBe("fatal");
    expect(first.message).toBe("fatal error: sync: unlock of unlocked mutex");
    expect(ranAfter, "the interrupted finally block has run by the time sim.run resolves").toBe("wg.add ran");
    const second = await sim.run(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => wg.done());
      await wg.wait();
    });
    expect(second.message).toBeUndefined();
    expect(second.outcome).toBe("ok");
  });

  test("a deadlock dump locates each goroutine the same from V8's structured frames as from a stack's text", async () => {
    const program = async () => {
      const mu = new Mutex();
      await mu.lock();
      go(async () => {
        await mu.lock();
      });
      await mu.lock();
    };
    // Vitest maps stack text through its own Error.prepareStackTrace. Structured frames are read
    // under a hook named as Node's own (which maps nothing); the text as V8 formats it natively
    // with no hook (as in Chromium).
    const E = Error as unknown as { prepareStackTrace?: unknown };
    const { prepareStackTrace } = E;
    let structured, text;
    try {
      E.prepareStackTrace = function ErrorPrepareStackTrace(error: Error) {
        return `${error.name}: ${error.message}`;
      };
      structured = await sim.run(program, { seed: 1, stacks: true });
      E.prepareStackTrace = undefined;
      text = await sim.run(program, { seed: 1, stacks: true });
    } finally {
      E.prepareStackTrace = prepareStackTrace;
    }
    expect(structured!.outcome).toBe("deadlock");
    const where = (r: Awaited<ReturnType<typeof sim.run>>) => r.goroutines?.map((g) => [g.id, g.at, g.stack]);
    expect(where(structured!)?.map(([, at]) => at)).toEqual([expect.stringMatching(/sim\.spec\.ts:\d+:\d+$/), expect.stringMatching(/sim\.spec\.ts:\d+:\d+$/)]);
    expect(where(text!)).toEqual(where(structured!));
  });

  test("the runtime never calls a learner's own properties on gosync objects, nor hands them a goroutine record", async () => {
    // Each once reached the simulator: a Mutex whose lock body was replaced got the goroutine
    // record (whose clock hides races); a channel with own recvReady/recvNow/enqueue was given
    // the runtime by select.
    await onSim(async () => {
      const m = new Mutex() as unknown as Record<string, unknown> & Mutex;
      let handed: unknown = null;
      m.lockOp = { reason: "sync.Mutex.Lock", run: (g: unknown) => (handed = g), woken: (g: unknown) => g };
      const guard = await m.lock();
      expect(handed, "the replaced lock body was never run").toBe(null);
      expect(typeof (guard as unknown as Record<symbol, unknown>)[Symbol.dispose], "lock gave its guard").toBe("function");
      m.unlock();

      const c = chan<number>(1);
      const called: string[] = [];
      for (const name of ["recvReady", "sendReady", "recvNow", "sendNow", "enqueue", "dequeueSelect", "afterRecvWake"]) {
        Object.defineProperty(c, name, { value: () => void called.push(name) });
      }
      go(() => c.send(7));
      let got = 0;
      await select([recv(c, (v) => void (got = v ?? 0))]);
      expect(got).toBe(7);
      expect(called, "own properties the runtime called").toEqual([]);
    });
  });

  test("a livelock ends at the step limit", async () => {
    await expectOutcome(async () => {
      for (;;) await gosched();
    }, "step-limit", /step limit \(500\)/, { maxSteps: 500 });
  });

  test("a Go panic in a child goroutine ends the program with panic: and Go's text", async () => {
    await expectOutcome(async () => {
      const c = chan<number>();
      c.close();
      go(() => c.close());
      await time.sleep(1);
    }, "panic", "panic: close of closed channel");
  });

  test("a panic's dump shows only the goroutine that panicked, a fatal error's every goroutine (GOTRACEBACK=single)", async () => {
    const twoBlocked = (fail: (mu: Mutex, c: ReturnType<typeof chan<number>>) => void) => async () => {
      const c = chan<number>();
      const mu = new Mutex();
      go(() => c.recv()); // goroutine 2, blocked
      go(async () => {
        await time.sleep(1);
        fail(mu, c); // goroutine 3
      });
      await c.send(1);
      await time.sleep(10);
    };
    const [panicked] = await expectOutcome(twoBlocked((_, c) => (c.close(), c.close())), "panic", "panic: close of closed channel");
    expect(panicked.dump).toMatch(/^goroutine 3 \[running\]:/);
    expect(panicked.dump).not.toMatch(/^goroutine [12] /m);
    const [fatal] = await expectOutcome(twoBlocked((mu) => mu.unlock()), "fatal", "fatal error: sync: unlock of unlocked mutex");
    expect(fatal.dump).toMatch(/^goroutine 3 \[running\]:/);
    expect(fatal.dump).toMatch(/^goroutine 1 \[sleep\]:/m);
  });

  test("numGoroutine counts main and the goroutines alive", async () => {
    await onSim(async () => {
      expect(numGoroutine()).toBe(1);
      const c = chan<number>();
      go(() => c.recv());
      go(() => c.recv());
      expect(numGoroutine()).toBe(3);
      c.close();
      await time.sleep(1);
      expect(numGoroutine()).toBe(1);
    });
  });

  test("GoPanic is catchable like recover()", async () => {
    await onSim(async () => {
      const c = chan<number>();
      c.close();
      try {
        await c.send(1);
      } catch (e) {
        expect(e).toBeInstanceOf(GoPanic);
        return;
      }
      throw new Error("no panic");
    });
  });

  test("the host's clock, randomness and timers are back after a run", async () => {
    const before = { Date, random: Math.random, setTimeout: globalThis.setTimeout };
    await sim.run(async () => {
      await time.sleep(5);
    });
    expect(Date).toBe(before.Date);
    expect(Math.random).toBe(before.random);
    expect(globalThis.setTimeout).toBe(before.setTimeout);
    expect(Date.now()).toBeGreaterThan(Date.UTC(2020, 0, 1));
  });
});
