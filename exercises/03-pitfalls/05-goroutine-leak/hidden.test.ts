// Hidden tests for "goroutine-leak". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on: a goroutine still
// alive when the test body returns is reported as a leak, with where it is blocked. Time is
// virtual, so durations below are exact.
import { test, expect, describe } from "vitest";
import * as time from "gosync/time";
import { firstResult, type Replica } from "./solution.ts";

/** replica answers `answer` after `ms` of virtual time. */
function replica(ms: number, answer: string): Replica<string> {
  return async () => {
    await time.sleep(ms * time.Millisecond);
    return answer;
  };
}

/**
 * settle sleeps long enough for every replica in these tests to have finished (the slowest takes
 * 50 ms). After it, a replica goroutine that is still alive is blocked forever: a leak.
 */
async function settle(): Promise<void> {
  await time.sleep(1 * time.Second);
}

describe("firstResult", () => {
  test({ en: "returns the answer of the fastest replica", zh: "返回最快副本的答复" }, async () => {
    const got = await firstResult([replica(30, "slow"), replica(10, "fast"), replica(20, "medium")]);
    expect(got, { en: "answer from replicas taking 30, 10 and 20 ms", zh: "分别用时 30、10、20 ms 的副本给出的答复" }).toBe("fast");
    await settle();
  });

  test({ en: "returns as soon as the fastest replica answers", zh: "最快的副本一答复就返回" }, async () => {
    const start = time.now();
    await firstResult([replica(50, "a"), replica(40, "b"), replica(15, "c")]);
    const elapsed = time.since(start);
    expect(elapsed, { en: `returned after ${elapsed} ms of virtual time; the fastest replica answers after 15 ms`, zh: `${elapsed} ms 虚拟时间后才返回；最快的副本在 15 ms 后答复` }).toBe(15);
    await settle();
  });

  test({ en: "leaves no goroutine behind once every replica has finished", zh: "每个副本都结束后不留下任何 goroutine" }, async () => {
    const got = await firstResult([replica(5, "a"), replica(10, "b"), replica(10, "c"), replica(40, "d"), replica(50, "e")]);
    expect(got, { en: "answer from five replicas, the fastest taking 5 ms", zh: "五个副本（最快的用时 5 ms）给出的答复" }).toBe("a");
    await settle();
  });

  test({ en: "accepts any of the replicas that answer at the same instant", zh: "同一时刻答复的副本，接受其中任何一个" }, async () => {
    const start = time.now();
    const got = await firstResult([replica(20, "x"), replica(10, "y"), replica(10, "z")]);
    expect(["y", "z"], { en: `answer ${got}: one of the two replicas answering after 10 ms`, zh: `答复 ${got}：应是 10 ms 后答复的两个副本之一` }).toContain(got);
    expect(time.since(start), { en: "virtual time taken", zh: "所用的虚拟时间" }).toBe(10);
    await settle();
  });

  test({ en: "does not lose an answer that arrives before the caller waits for it", zh: "调用者开始等待之前到达的答复不会丢失" }, async () => {
    // A replica answering from a cache never blocks: it may answer before firstResult has
    // started to receive. Its answer must still be the one returned.
    const cached: Replica<string> = async () => "cached";
    const got = await firstResult([replica(20, "slow"), cached, replica(30, "slower")]);
    expect(got, { en: "answer from replicas taking 20 ms, 0 ms (a cache hit) and 30 ms", zh: "分别用时 20 ms、0 ms（命中缓存）和 30 ms 的副本给出的答复" }).toBe("cached");
    await settle();
  });

  test({ en: "works with a single replica", zh: "只有一个副本时也能工作" }, async () => {
    expect(await firstResult([replica(10, "only")]), { en: "answer from one replica", zh: "唯一一个副本给出的答复" }).toBe("only");
    await settle();
  });
});
