import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { Mutex } from "../mutex.ts";
import { RWMutex } from "../rwmutex.ts";
import { Chan } from "../chan.ts";
import { recv, select, send } from "../select.ts";
import { WaitGroup } from "../waitgroup.ts";
import { shared } from "../shared.ts";
import * as time from "../time.ts";
import { run } from "./explore.ts";
import type { TraceEvent } from "./schema.ts";

/** lineOf is the line of this file that holds `marker` (a comment at the end of the line). */
function lineOf(marker: string): number {
  const lines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(`// ${marker}`) && !l.includes("lineOf("));
  if (i < 0) throw new Error(`no line of trace-at.spec.ts ends with // ${marker}`);
  return i + 1;
}

/** lineOfAt reads the line of an event's `file:line:col`, or undefined. */
function lineOfAt(e: TraceEvent | undefined): number | undefined {
  const m = e?.at === undefined ? null : /:(\d+):\d+$/.exec(e.at);
  return m ? Number(m[1]) : undefined;
}

/**
 * A goroutine that blocks in an operation finishes it later, when the scheduler picks it again:
 * its trace event is written then, from the scheduler, while the JavaScript stack is another
 * goroutine's. Its location is where it called the operation.
 */
describe("trace events of an operation that blocked", () => {
  for (const [name, make] of [["Mutex", () => new Mutex()], ["RWMutex", () => new RWMutex()]] as const) {
    test(`a ${name} lock taken after waiting is where the waiter called lock, not missing or where the goroutine before it stood`, async () => {
      const r = await run(
        async () => {
          const mu = make();
          const wg = new WaitGroup();
          await mu.lock();
          wg.add(1);
          go(async () => {
            await mu.lock(); // waiter's lock
            mu.unlock();
            wg.done();
          });
          await time.sleep(10);
          mu.unlock();
          await wg.wait();
        },
        { trace: true, stacks: true, seed: 1 },
      );
      const taken = r.trace!.filter((e) => e.kind === "lock" && e.g === 2);
      expect(taken).toHaveLength(1);
      expect(lineOfAt(taken[0]), `goroutine 2's lock event is at ${taken[0]?.at}`).toBe(lineOf("waiter's lock"));
    });
  }

  test("a receive from a buffered channel, picked after another goroutine ran, is where the receiver called recv", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = await run(
        async () => {
          const ch = new Chan<number>(2);
          await ch.send(1);
          await ch.send(2);
          const wg = new WaitGroup();
          wg.add(2);
          go(async () => {
            await ch.recv(); // first receiver
            wg.done();
          });
          go(async () => {
            await ch.recv(); // second receiver
            wg.done();
          });
          await wg.wait();
        },
        { trace: true, stacks: true, seed },
      );
      const want = [lineOf("first receiver"), lineOf("second receiver")];
      const recvs = r.trace!.filter((e) => e.kind === "recv");
      expect(recvs).toHaveLength(2);
      for (const e of recvs) expect(lineOfAt(e), `seed ${seed}: goroutine ${e.g}'s recv event is at ${e.at}`).toBe(want[e.g - 2]);
    }
  });

  /**
   * wokenReceive runs a program in which goroutine 2 blocks in `receive` on channel `ch` (and
   * `other`, for a select) until main, 10 virtual ms later, calls `wake`; it returns the trace
   * and goroutine 2's recv events.
   */
  async function wokenReceive(cap: number, receive: (ch: Chan<number>, other: Chan<number>) => Promise<unknown>, wake: (ch: Chan<number>) => Promise<void> | void) {
    const r = await run(
      async () => {
        const ch = new Chan<number>(cap);
        const other = new Chan<number>();
        const wg = new WaitGroup();
        wg.add(1);
        go(async () => {
          await receive(ch, other);
          wg.done();
        });
        await time.sleep(10);
        await wake(ch);
        await wg.wait();
      },
      { trace: true, stacks: true, seed: 1 },
    );
    const trace = r.trace!;
    return { trace, seen: JSON.stringify(trace), recvs: trace.filter((e) => e.kind === "recv" && e.g === 2) };
  }

  for (const [kind, cap] of [["an unbuffered", 0], ["an empty buffered", 1]] as const) {
    test(`a receive from ${kind} channel that blocked, completed by a later send, is traced where the receiver called recv`, async () => {
      const { trace, seen, recvs } = await wokenReceive(
        cap,
        (ch) => ch.recv(), // woken receiver
        (ch) => ch.send(1),
      );
      expect(trace.find((e) => e.kind === "block" && e.g === 2)?.detail, "goroutine 2 blocked in its receive").toBe("chan receive");
      expect(recvs, `goroutine 2's recv events in ${seen}`).toHaveLength(1);
      expect(lineOfAt(recvs[0]), `goroutine 2's recv event is at ${recvs[0]?.at}`).toBe(lineOf("woken receiver"));
      const send = trace.find((e) => e.kind === "send")!;
      expect(recvs[0]!.step, "the receive completes after the send that woke it").toBeGreaterThan(send.step);
      expect(recvs[0]!.obj, "on the same channel").toBe(send.obj);
    });
  }

  test("a select's receive case that blocked, completed by a later send, is traced where the goroutine called select", async () => {
    const { trace, seen, recvs } = await wokenReceive(
      0,
      async (ch, other) => await select([recv(other), recv(ch)]), // selecting receiver (async: its line is on the stack when select resumes)
      (ch) => ch.send(1),
    );
    expect(recvs, `goroutine 2's recv events in ${seen}`).toHaveLength(1);
    expect(lineOfAt(recvs[0]), `goroutine 2's recv event is at ${recvs[0]?.at}`).toBe(lineOf("selecting receiver"));
    expect(recvs[0]!.obj, "on the channel that was sent on").toBe(trace.find((e) => e.kind === "send")!.obj);
  });

  test("a receive woken by a close is traced, closed, where the receiver called recv", async () => {
    const { seen, recvs } = await wokenReceive(
      0,
      (ch) => ch.recvOk(), // receiver woken by close
      (ch) => ch.close(),
    );
    expect(recvs.map((e) => e.detail), `goroutine 2's recv events in ${seen}`).toEqual(["closed"]);
    expect(lineOfAt(recvs[0]), `goroutine 2's recv event is at ${recvs[0]?.at}`).toBe(lineOf("receiver woken by close"));
  });

  /**
   * blockedSend runs a program in which goroutine 2 fills channel `ch` (capacity `cap`) and then
   * blocks in `sending` on it (and `other`, for a select) until main, 10 virtual ms later,
   * receives with `take`, as often as goroutine 2 sent; it returns the trace, goroutine 2's send
   * events, and the report.
   */
  async function blockedSend(cap: number, sending: (ch: Chan<number>, other: Chan<number>) => Promise<unknown>, take: (ch: Chan<number>) => Promise<unknown>) {
    const r = await run(
      async () => {
        const ch = new Chan<number>(cap);
        const other = new Chan<number>();
        const wg = new WaitGroup();
        wg.add(1);
        go(async () => {
          for (let i = 0; i < cap; i++) await ch.send(i);
          await sending(ch, other);
          wg.done();
        });
        await time.sleep(10);
        for (let i = 0; i <= cap; i++) await take(ch);
        await wg.wait();
      },
      { trace: true, stacks: true, seed: 1 },
    );
    const trace = r.trace!;
    return { r, trace, seen: JSON.stringify(trace), sends: trace.filter((e) => e.kind === "send" && e.g === 2) };
  }

  test("a send that blocked on an unbuffered channel, completed by a later receive, is the sender's, where it called send, in the receiver's step just before that receive", async () => {
    const { trace, seen, sends } = await blockedSend(
      0,
      async (ch) => await ch.send(1), // blocked sender (async: its line is on the stack when send resumes)
      (ch) => ch.recv(),
    );
    expect(trace.find((e) => e.kind === "block" && e.g === 2)?.detail, "goroutine 2 blocked in its send").toBe("chan send");
    expect(sends, `goroutine 2's send events in ${seen}`).toHaveLength(1);
    const sent = sends[0]!;
    expect(lineOfAt(sent), `goroutine 2's send event is at ${sent.at}`).toBe(lineOf("blocked sender"));
    expect(sent.by, "done in main's step, which took the value").toBe(1);
    const received = trace.find((e) => e.kind === "recv" && e.g === 1)!;
    expect(received.step, "at the step main receives").toBe(sent.step);
    expect(trace.indexOf(sent), "traced before the receive it happens before").toBeLessThan(trace.indexOf(received));
    expect(received.obj, "on the same channel").toBe(sent.obj);
  });

  test("a send that blocked on a full buffered channel is done, and traced as the sender's, when a receive frees a slot: after that receive", async () => {
    const { trace, seen, sends } = await blockedSend(
      1,
      async (ch) => await ch.send(1), // sender blocked on a full buffer
      (ch) => ch.recv(),
    );
    expect(sends.map((e) => e.by), `goroutine 2's sends in ${seen}: the first into room, the second done by main`).toEqual([undefined, 1]);
    const [freed, taken] = trace.filter((e) => e.kind === "recv" && e.g === 1);
    const moved = sends[1]!;
    expect(lineOfAt(moved), `goroutine 2's second send is at ${moved.at}`).toBe(lineOf("sender blocked on a full buffer"));
    expect(moved.step, "at the step main's first receive freed the slot").toBe(freed!.step);
    expect(trace.indexOf(moved), "after that receive, before the one that takes its value").toBeGreaterThan(trace.indexOf(freed!));
    expect(trace.indexOf(moved)).toBeLessThan(trace.indexOf(taken!));
  });

  test("a select's send case that blocked, completed by a receive, is traced where the goroutine called select, before the receive", async () => {
    const { trace, seen, sends } = await blockedSend(
      0,
      async (ch, other) => await select([recv(other), send(ch, 1)]), // selecting sender (async: its line is on the stack when select resumes)
      (ch) => ch.recv(),
    );
    expect(sends, `goroutine 2's send events in ${seen}`).toHaveLength(1);
    expect(lineOfAt(sends[0]), `goroutine 2's send event is at ${sends[0]?.at}`).toBe(lineOf("selecting sender"));
    expect(sends[0]!.by).toBe(1);
    expect(trace.indexOf(sends[0]!)).toBeLessThan(trace.findIndex((e) => e.kind === "recv" && e.g === 1));
  });

  test("a blocked send taken by a select's receive case is traced the same way, done by the selecting goroutine", async () => {
    const { trace, seen, sends } = await blockedSend(
      0,
      async (ch) => await ch.send(1), // sender taken by a select
      (ch) => select([recv(ch), recv(null)]),
    );
    expect(sends.map((e) => [e.by, lineOfAt(e)]), `goroutine 2's send events in ${seen}`).toEqual([[1, lineOf("sender taken by a select")]]);
    expect(trace.indexOf(sends[0]!)).toBeLessThan(trace.findIndex((e) => e.kind === "recv" && e.g === 1));
  });

  test("a send that blocked and was woken by close is no send: the sender panics", async () => {
    const { r, seen, sends } = await blockedSend(
      0,
      (ch) => ch.send(1),
      async (ch) => ch.close(),
    );
    expect(r.outcome).toBe("panic");
    expect(r.message).toMatch(/send on closed channel/);
    expect(sends, `goroutine 2's send events in ${seen}`).toEqual([]);
  });

  test("a send done by the sender itself, to a receiver that waited, is main's own and carries no by", async () => {
    const { trace, seen } = await wokenReceive(
      0,
      (ch) => ch.recv(),
      (ch) => ch.send(1),
    );
    expect(trace.filter((e) => e.kind === "send").map((e) => [e.g, e.by]), seen).toEqual([[1, undefined]]);
  });

  test("a lock taken at once by a goroutine picked after another one ran is still where it called lock", async () => {
    // Goroutine 2 and 3 both start lock; whichever the scheduler runs second performs its lock
    // from the first one's stack. Every seed: every lock event is on one of the two lines.
    for (let seed = 1; seed <= 20; seed++) {
      const r = await run(
        async () => {
          const mu = new Mutex();
          const wg = new WaitGroup();
          wg.add(2);
          go(async () => {
            await mu.lock(); // first locker
            mu.unlock();
            wg.done();
          });
          go(async () => {
            await mu.lock(); // second locker
            mu.unlock();
            wg.done();
          });
          await wg.wait();
        },
        { trace: true, stacks: true, seed },
      );
      const want = [lineOf("first locker"), lineOf("second locker")];
      for (const e of r.trace!.filter((e) => e.kind === "lock")) {
        expect(want, `seed ${seed}: goroutine ${e.g}'s lock event is at ${e.at}`).toContain(lineOfAt(e));
        expect(lineOfAt(e), `seed ${seed}: goroutine ${e.g} locks on its own line`).toBe(want[e.g - 2]);
      }
    }
  });
});

describe("a data race's accesses", () => {
  test("carry the step they were made at, a step at which their goroutine ran in the trace", async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = await run(
        async () => {
          const s = shared({ n: 0 });
          const wg = new WaitGroup();
          wg.add(2);
          for (let i = 0; i < 2; i++) {
            go(async () => {
              await time.sleep(1);
              s.n = s.n + 1;
              wg.done();
            });
          }
          await wg.wait();
        },
        { trace: true, stacks: true, seed },
      );
      expect(r.races.length, `seed ${seed}`).toBeGreaterThan(0);
      for (const race of r.races) {
        for (const a of [race.previous, race.current]) {
          expect(a.step, `seed ${seed}: goroutine ${a.g}'s ${a.kind} has a step`).toBeTypeOf("number");
          expect(r.trace!.some((e) => e.g === a.g && e.step === a.step), `seed ${seed}: goroutine ${a.g} ran at step ${a.step}`).toBe(true);
        }
        expect(race.current.step!, "the access that found the race comes no earlier than the one before").toBeGreaterThanOrEqual(race.previous.step!);
      }
    }
  });

  test("carry no step when stacks are off (exploration's fast path)", async () => {
    const r = await run(async () => {
      const s = shared({ n: 0 });
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        s.n++;
        wg.done();
      });
      s.n++;
      await wg.wait();
    });
    expect(r.races.length).toBeGreaterThan(0);
    expect(r.races[0]!.current.step).toBeUndefined();
  });
});
