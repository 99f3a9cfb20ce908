// Hidden tests for "build-waitgroup". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so the times below are exact.
//
// Most tests run one program twice — with gosync's sync.WaitGroup (Go's semantics) and with
// yours — and expect the same result. add and done are always awaited, so a WaitGroup whose
// add and done are synchronous passes as well as one whose are async.
import { test, expect, describe } from "vitest";
import { go, shared } from "gosync";
import * as sync from "gosync/sync";
import * as sim from "gosync/sim";
import * as time from "gosync/time";
import { WaitGroup } from "./solution.ts";

/** Group is what the programs below use of a WaitGroup: yours or sync.WaitGroup. */
interface Group {
  add(delta: number): unknown;
  done(): unknown;
  wait(): Promise<unknown>;
}

const REUSED = "sync: WaitGroup is reused before previous Wait has returned";

/** messageOf is the text of a thrown value: an Error's message, else the value as a string. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** sameAsGo runs `program` with sync.WaitGroup, then with yours, and expects the same result. */
async function sameAsGo<R>(what: { en: string; zh: string }, program: (wg: Group) => Promise<R>): Promise<void> {
  const want = await program(new sync.WaitGroup());
  const got = await program(new WaitGroup());
  expect(got, { en: `${what.en}: your WaitGroup (received) must give what sync.WaitGroup gives (expected) on the same program`, zh: `${what.zh}：同一个程序上，你的 WaitGroup（received）必须给出 sync.WaitGroup 给出的结果（expected）` }).toEqual(want);
}

/** spawn runs fn in a new goroutine counted by `join`, gosync's own WaitGroup, so the test can wait for it. */
function spawn(join: sync.WaitGroup, fn: () => Promise<void>): void {
  join.add(1);
  go(async () => {
    try {
      await fn();
    } finally {
      join.done();
    }
  });
}

describe("WaitGroup", () => {
  test({ en: "wait returns at once when the counter is zero", zh: "计数器为 0 时 wait 立即返回" }, async () => {
    await sameAsGo({ en: "virtual time taken by wait on a new group, and on a group whose counter went 0 → 2 → 0", zh: "新 WaitGroup 上的 wait，以及计数器经历 0 → 2 → 0 的 WaitGroup 上的 wait，各用了多少虚拟时间" }, async (wg) => {
      const start = time.now();
      await wg.wait();
      await wg.add(2);
      await wg.done();
      await wg.done();
      await wg.wait();
      return { elapsedMs: time.since(start) };
    });
  });

  test({ en: "wait blocks until the last done, and returns the moment it comes", zh: "wait 阻塞到最后一次 done，并在那一刻返回" }, async () => {
    // The workers write shared state before done; main reads it after wait. Done must happen
    // before wait returns: otherwise the reads race with the writes.
    await sameAsGo({ en: "when wait returned, and what it saw, with workers finishing at 10, 20 and 30 ms", zh: "worker 分别在 10、20、30 ms 完成时，wait 何时返回、看到了什么" }, async (wg) => {
      const start = time.now();
      const finished = shared([false, false, false]);
      await wg.add(3);
      [20, 30, 10].forEach((ms, i) => {
        go(async () => {
          await time.sleep(ms * time.Millisecond);
          finished[i] = true; // each worker writes its own element
          await wg.done();
        });
      });
      await wg.wait();
      return { waitReturnedAtMs: time.since(start), finished: [...finished] };
    });
  });

  test({ en: "every waiter is released when the counter reaches zero", zh: "计数器归零时，每个等待者都被放行" }, async () => {
    await sameAsGo({ en: "when each of 5 waiting goroutines returned (the one task ends at 10 ms)", zh: "5 个等待的 goroutine 各自何时返回（唯一的任务在 10 ms 结束）" }, async (wg) => {
      const start = time.now();
      const join = new sync.WaitGroup();
      const returnedAt = shared<number[]>([]);
      const m = new sync.Mutex();
      await wg.add(1);
      for (let i = 0; i < 5; i++) {
        spawn(join, async () => {
          await wg.wait();
          using _ = await m.lock();
          returnedAt.push(time.since(start));
        });
      }
      await time.sleep(10 * time.Millisecond);
      await wg.done();
      await join.wait();
      return { returnedAtMs: [...returnedAt] };
    });
  });

  test({ en: "the counter may go up and down while a goroutine waits", zh: "有 goroutine 等待时，计数器可以增也可以减" }, async () => {
    await sameAsGo({ en: "when wait returned: counter 1, a waiter, add(2) at 5 ms, done at 10, 20 and 30 ms", zh: "wait 何时返回：计数器为 1，有一个等待者，5 ms 时 add(2)，10、20、30 ms 时 done" }, async (wg) => {
      const start = time.now();
      await wg.add(1);
      go(async () => {
        await time.sleep(5 * time.Millisecond);
        await wg.add(2);
        for (let i = 0; i < 3; i++) {
          await time.sleep((i === 0 ? 5 : 10) * time.Millisecond);
          await wg.done();
        }
      });
      await wg.wait();
      return { waitReturnedAtMs: time.since(start) };
    });
  });

  test({ en: "loses no done when many goroutines call it at the same moment", zh: "许多 goroutine 同时调用 done 时不丢失任何一次" }, async () => {
    await sameAsGo({ en: "when wait returned: add(8), then 8 goroutines each call done at 10 ms", zh: "wait 何时返回：add(8) 之后，8 个 goroutine 都在 10 ms 时调用 done" }, async (wg) => {
      const start = time.now();
      await wg.add(8);
      for (let i = 0; i < 8; i++) {
        go(async () => {
          await time.sleep(10 * time.Millisecond);
          await wg.done();
        });
      }
      await wg.wait();
      return { waitReturnedAtMs: time.since(start) };
    });
  });

  test({ en: "a negative counter panics with Go's message", zh: "计数器为负时以 Go 的消息 panic" }, async () => {
    await sameAsGo({ en: "what done() on a new group threw", zh: "在新 WaitGroup 上调用 done() 抛出了什么" }, async (wg) => {
      try {
        await wg.done();
        return "no panic";
      } catch (e) {
        return messageOf(e);
      }
    });
    await sameAsGo({ en: "what add(-3) on a group whose counter is 2 threw", zh: "在计数器为 2 的 WaitGroup 上调用 add(-3) 抛出了什么" }, async (wg) => {
      await wg.add(2);
      try {
        await wg.add(-3);
        return "no panic";
      } catch (e) {
        return messageOf(e);
      }
    });
  });

  test({ en: "can be reused once every wait of the previous round has returned", zh: "上一轮的每个 wait 都返回后可以重用" }, async () => {
    await sameAsGo({ en: "when the two waiters of each round returned (round 1 ends at 10 ms, round 2 at 30 ms)", zh: "每一轮的两个等待者何时返回（第 1 轮在 10 ms 结束，第 2 轮在 30 ms）" }, async (wg) => {
      const start = time.now();
      const returnedAt = shared<string[]>([]);
      const m = new sync.Mutex();
      for (const [round, lastsMs] of [[1, 10], [2, 20]] as const) {
        const join = new sync.WaitGroup();
        await wg.add(1);
        for (let w = 0; w < 2; w++) {
          spawn(join, async () => {
            await time.sleep(w * time.Millisecond); // the second waiter comes 1 ms later
            await wg.wait();
            using _ = await m.lock();
            returnedAt.push(`round ${round}: ${time.since(start)} ms`);
          });
        }
        await time.sleep(lastsMs * time.Millisecond);
        await wg.done();
        await join.wait(); // every wait of this round has returned: the group may be reused
      }
      return [...returnedAt];
    });
  });

  test({ en: "a woken wait that finds the group reused panics with Go's message", zh: "被唤醒的 wait 发现 WaitGroup 已被重用时，以 Go 的消息 panic" }, async () => {
    // A goroutine waits; at 10 ms main calls done (the counter reaches zero, the waiter is
    // woken) and at once add(1): the group is in use again before the woken wait has returned.
    // Go's wait panics when it finds that. The only other thing Go allows is a wait that had
    // already returned before the add(1) did. Going back to sleep until the next round ends
    // (20 ms) is not one of them.
    const program = async (wg: Group) => {
      const start = time.now();
      const join = new sync.WaitGroup();
      let addReturned = false;
      let waiter = "";
      await wg.add(1);
      spawn(join, async () => {
        try {
          await wg.wait();
          waiter = `returned at ${time.since(start)} ms${addReturned ? ", after the add(1) that reused the group had returned" : ""}`;
        } catch (e) {
          waiter = `panicked at ${time.since(start)} ms: ${messageOf(e)}`;
        }
      });
      await time.sleep(10 * time.Millisecond); // the waiter is blocked in wait by now
      await wg.done();
      await wg.add(1);
      addReturned = true;
      await time.sleep(10 * time.Millisecond);
      await wg.done();
      await join.wait();
      return waiter;
    };
    const goes = await program(new sync.WaitGroup());
    expect(goes, { en: "what sync.WaitGroup's woken waiter did", zh: "sync.WaitGroup 被唤醒的等待者做了什么" }).toBe(`panicked at 10 ms: ${REUSED}`);
    const yours = await program(new WaitGroup());
    // Expected: Go's panic, unless your waiter returned before the add(1) did (Go allows that too).
    const early = "returned at 10 ms";
    expect(yours, { en: "what your woken waiter did (it must not sleep on into the next round, nor return after the group was reused without panicking)", zh: "你的 WaitGroup 被唤醒的等待者做了什么（它不能一直睡到下一轮，也不能在 WaitGroup 被重用后不 panic 就返回）" }).toBe(yours === early ? early : goes);
  });

  test({ en: "keeps its state in shared(), where the race detector sees it", zh: "状态放在 shared() 里，竞态检测器才看得到" }, async () => {
    const SHARE = {
      en: "the state add, done and wait share must be kept in shared(), as the starter has it, so that the race detector can see every read and write of it",
      zh: "add、done 和 wait 共享的状态必须像初始代码那样放在 shared() 里，竞态检测器才能看到对它的每一次读写",
    };
    const wg = new WaitGroup();
    const add = await sim.trackedAccessesOf(() => wg.add(2));
    expect(add.writes, { en: `writes of shared() state made by add(2): ${SHARE.en}`, zh: `add(2) 对 shared() 状态的写入次数：${SHARE.zh}` }).toBeGreaterThan(0);
    await wg.done();
    const done = await sim.trackedAccessesOf(() => wg.done());
    const wait = await sim.trackedAccessesOf(() => wg.wait());
    const seen = done.written.filter((a) => wait.read.includes(a));
    expect(seen, {
      en: `shared() state that done() wrote (${done.written.join(", ")}) and wait() then read (${wait.read.join(", ")}): ${SHARE.en}, and wait must read the counter done wrote`,
      zh: `done() 写入（${done.written.join(", ")}）且随后 wait() 读取（${wait.read.join(", ")}）的 shared() 状态：${SHARE.zh}，而且 wait 必须读取 done 写入的计数器`,
    }).not.toEqual([]);
  });
});
