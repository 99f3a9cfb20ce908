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
  test("returns the answer of the fastest replica", async () => {
    const got = await firstResult([replica(30, "slow"), replica(10, "fast"), replica(20, "medium")]);
    expect(got, "answer from replicas taking 30, 10 and 20 ms").toBe("fast");
    await settle();
  });

  test("returns as soon as the fastest replica answers", async () => {
    const start = time.now();
    await firstResult([replica(50, "a"), replica(40, "b"), replica(15, "c")]);
    const elapsed = time.since(start);
    expect(elapsed, `returned after ${elapsed} ms of virtual time; the fastest replica answers after 15 ms`).toBe(15);
    await settle();
  });

  test("leaves no goroutine behind once every replica has finished", async () => {
    const got = await firstResult([replica(5, "a"), replica(10, "b"), replica(10, "c"), replica(40, "d"), replica(50, "e")]);
    expect(got, "answer from five replicas, the fastest taking 5 ms").toBe("a");
    await settle();
  });

  test("accepts any of the replicas that answer at the same instant", async () => {
    const start = time.now();
    const got = await firstResult([replica(20, "x"), replica(10, "y"), replica(10, "z")]);
    expect(["y", "z"], `answer ${got}: one of the two replicas answering after 10 ms`).toContain(got);
    expect(time.since(start), "virtual time taken").toBe(10);
    await settle();
  });

  test("does not lose an answer that arrives before the caller waits for it", async () => {
    // A replica answering from a cache never blocks: it may answer before firstResult has
    // started to receive. Its answer must still be the one returned.
    const cached: Replica<string> = async () => "cached";
    const got = await firstResult([replica(20, "slow"), cached, replica(30, "slower")]);
    expect(got, "answer from replicas taking 20 ms, 0 ms (a cache hit) and 30 ms").toBe("cached");
    await settle();
  });

  test("works with a single replica", async () => {
    expect(await firstResult([replica(10, "only")]), "answer from one replica").toBe("only");
    await settle();
  });
});
