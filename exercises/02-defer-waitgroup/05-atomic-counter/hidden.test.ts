// Hidden tests for "atomic-counter". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so "five requests of 10 ms take 10 ms" is
// exact. gosync's atomic store lands in a step of its own, which other goroutines may overtake:
// a load followed by a store can lose an update here, as it can in Go.
import { test, expect, describe } from "vitest";
import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
import { RequestStats } from "./solution.ts";

/** spawn runs fn in a new goroutine counted by wg (Go: wg.Add(1); go func() { defer wg.Done(); fn() }()). */
function spawn(wg: WaitGroup, fn: () => Promise<void>): void {
  wg.add(1);
  go(async () => {
    try {
      await fn();
    } finally {
      wg.done();
    }
  });
}

/** request returns a handler that takes `ms` of virtual time and resolves to `value`. */
function request<T>(ms: number, value: T): () => Promise<T> {
  return async () => {
    await time.sleep(ms * time.Millisecond);
    return value;
  };
}

/** Counts is what the three getters read; each getter may return a number or a Promise of one. */
interface Counts {
  served: number;
  inFlight: number;
  peak: number;
}

/**
 * seen polls `read` every millisecond of virtual time until it returns at least 1, for at most
 * 100 ms, and tells whether it did (a bounded wait: a getter that never says so fails the test
 * instead of polling forever).
 */
async function seen(read: () => number | Promise<number>): Promise<boolean> {
  for (let ms = 0; ms < 100; ms++) {
    if ((await read()) >= 1) return true;
    await time.sleep(1 * time.Millisecond);
  }
  return false;
}

/** counts reads the three getters. */
async function counts(s: RequestStats): Promise<Counts> {
  return { served: await s.served(), inFlight: await s.inFlight(), peak: await s.peak() };
}

describe("RequestStats", () => {
  test({ en: "a new RequestStats reads zero everywhere", zh: "新的 RequestStats 各项都读作 0" }, async () => {
    expect(await counts(new RequestStats()), { en: "counts of a new RequestStats", zh: "新 RequestStats 的各项计数" }).toEqual({ served: 0, inFlight: 0, peak: 0 });
  });

  test({ en: "track returns what the handler returns, and counts the request once it has finished", zh: "track 返回处理函数的返回值，并在请求结束后计入它" }, async () => {
    const s = new RequestStats();
    const got = await s.track(request(10, "hello"));
    expect(got, { en: "what track returned for a handler resolving to \"hello\"", zh: "处理函数解析为 \"hello\" 时 track 返回了什么" }).toBe("hello");
    expect(await counts(s), { en: "counts after one request", zh: "一个请求之后的各项计数" }).toEqual({ served: 1, inFlight: 0, peak: 1 });
  });

  test({ en: "counts every request served by many goroutines: no update is lost", zh: "统计多个 goroutine 处理的每个请求：不丢失任何更新" }, async () => {
    const s = new RequestStats();
    const wg = new WaitGroup();
    for (let g = 0; g < 4; g++) {
      spawn(wg, async () => {
        // a request of 1 ms, then a pause of 1 ms, ten times: the four goroutines' requests
        // start and finish at the same instants
        for (let i = 0; i < 10; i++) {
          await s.track(request(1, i));
          await time.sleep(1 * time.Millisecond);
        }
      });
    }
    await wg.wait();
    const got = await counts(s);
    expect(got.served, { en: "served after 4 goroutines made 10 requests each, all finishing together", zh: "4 个 goroutine 各发出 10 个请求且同时结束之后的 served" }).toBe(40);
    expect(got.inFlight, { en: "in flight after every request finished", zh: "每个请求都结束之后的在途数" }).toBe(0);
  });

  test({ en: "the peak is exact: five requests in flight at once give a peak of 5", zh: "峰值是精确的：同时有 5 个在途请求，峰值就是 5" }, async () => {
    const s = new RequestStats();
    const wg = new WaitGroup();
    for (let g = 0; g < 5; g++) spawn(wg, async () => void (await s.track(request(10, g))));
    await wg.wait();
    expect(await counts(s), { en: "counts after 5 requests of 10 ms, all started at 0 ms", zh: "5 个都在 0 ms 开始的 10 ms 请求之后的各项计数" }).toEqual({ served: 5, inFlight: 0, peak: 5 });
  });

  test({ en: "requests run side by side: five requests of 10 ms take 10 ms", zh: "请求并行运行：5 个 10 ms 的请求用时 10 ms" }, async () => {
    // Counting must not make requests wait for each other: a lock held while the handler runs
    // serves them one at a time.
    const s = new RequestStats();
    const start = time.now();
    const wg = new WaitGroup();
    for (let g = 0; g < 5; g++) spawn(wg, async () => void (await s.track(request(10, g))));
    await wg.wait();
    const elapsed = time.since(start);
    expect(elapsed, { en: `5 requests of 10 ms started together took ${elapsed} ms of virtual time`, zh: `同时开始的 5 个 10 ms 请求用了 ${elapsed} ms 虚拟时间` }).toBe(10);
  });

  test({ en: "the peak is the most requests in flight at one moment, and stays there", zh: "峰值是某一时刻在途请求的最大数，并一直保持" }, async () => {
    // Requests in flight over [0, 30), [10, 20), [15, 40) and [35, 50) ms: three at once from
    // 15 to 20 ms, never four.
    const s = new RequestStats();
    const wg = new WaitGroup();
    const plan: [startMs: number, ms: number][] = [[0, 30], [10, 10], [15, 25], [35, 15]];
    for (const [startMs, ms] of plan) {
      spawn(wg, async () => {
        await time.sleep(startMs * time.Millisecond);
        await s.track(request(ms, startMs));
      });
    }
    await time.sleep(45 * time.Millisecond);
    expect(await counts(s), { en: "counts at 45 ms, with the request of [35, 50) ms still running", zh: "45 ms 时（[35, 50) ms 的请求仍在运行）的各项计数" }).toEqual({ served: 3, inFlight: 1, peak: 3 });
    await wg.wait();
    expect(await counts(s), { en: "counts after all four requests", zh: "四个请求全部结束之后的各项计数" }).toEqual({ served: 4, inFlight: 0, peak: 3 });
  });

  test({ en: "inFlight counts the requests running now, and peak already holds the most while they run", zh: "inFlight 统计正在运行的请求，请求运行期间 peak 已是最大值" }, async () => {
    // Three requests start at 0 ms and take 10, 20 and 30 ms. The peak is the highest inFlight
    // has ever been: 3 from the moment the third request started, not only once requests end.
    const s = new RequestStats();
    const wg = new WaitGroup();
    for (const ms of [10, 20, 30]) spawn(wg, async () => void (await s.track(request(ms, ms))));
    const seen: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < 4; i++) {
      await time.sleep((i === 0 ? 5 : 10) * time.Millisecond);
      seen.push(await s.inFlight());
      peaks.push(await s.peak());
    }
    await wg.wait();
    expect(seen, { en: "inFlight at 5, 15, 25 and 35 ms", zh: "5、15、25、35 ms 时的 inFlight" }).toEqual([3, 2, 1, 0]);
    expect(peaks, { en: "peak at 5, 15, 25 and 35 ms, while the three requests run and after", zh: "三个请求运行期间及之后，5、15、25、35 ms 时的 peak" }).toEqual([3, 3, 3, 3]);
  });

  test({ en: "a handler that throws: track throws the same error, and the request counts as finished", zh: "处理函数抛出时：track 抛出同一个错误，该请求算作已结束" }, async () => {
    const s = new RequestStats();
    const boom = new Error("handler failed");
    let thrown: unknown = "nothing was thrown";
    try {
      await s.track(async () => {
        await time.sleep(5 * time.Millisecond);
        throw boom;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown, { en: "what track threw for a handler that throws Error(\"handler failed\")", zh: "处理函数抛出 Error(\"handler failed\") 时 track 抛出了什么" }).toBe(boom);
    expect(await counts(s), { en: "counts after one request whose handler threw", zh: "处理函数抛出的一个请求之后的各项计数" }).toEqual({ served: 1, inFlight: 0, peak: 1 });
    await s.track(request(5, "next"));
    expect(await counts(s), { en: "counts after a second request", zh: "第二个请求之后的各项计数" }).toEqual({ served: 2, inFlight: 0, peak: 1 });
  });

  test({ en: "a goroutine that sees a new peak, or a request in flight, also sees what was done before that request started", zh: "看到新峰值或在途请求的 goroutine，也能看到该请求开始之前完成的操作" }, async () => {
    // Goroutine a writes `a` and starts a request; main learns of it only through peak(). Then
    // goroutine b writes `b` and starts a request; main learns of it only through inFlight().
    // Each number must synchronise as an atomic (or a lock) does: kept in a plain field, it
    // shows up here as a DATA RACE on `a` or `b`.
    const s = new RequestStats();
    const note = shared({ a: "", b: "" });
    go(async () => {
      note.a = "before request a";
      await s.track(request(5, "a"));
    });
    expect(await seen(() => s.peak()), { en: "peak() said 1 within 100 ms of request a's start", zh: "请求 a 开始后 100 ms 内 peak() 说出了 1" }).toBe(true);
    expect(note.a, { en: "what goroutine a wrote before its request, read after peak() said 1", zh: "goroutine a 在请求之前写下的内容，在 peak() 说出 1 之后读取" }).toBe("before request a");
    await time.sleep(20 * time.Millisecond); // request a has finished: nothing is in flight
    go(async () => {
      note.b = "before request b";
      await s.track(request(5, "b"));
    });
    expect(await seen(() => s.inFlight()), { en: "inFlight() said 1 while request b ran (5 ms)", zh: "请求 b 运行期间（5 ms）inFlight() 说出了 1" }).toBe(true);
    expect(note.b, { en: "what goroutine b wrote before its request, read after inFlight() said 1", zh: "goroutine b 在请求之前写下的内容，在 inFlight() 说出 1 之后读取" }).toBe("before request b");
    await time.sleep(20 * time.Millisecond);
  });

  test({ en: "a goroutine that sees a request counted as served also sees what the request did: the counts synchronise, as Go's atomics do", zh: "看到请求已计入 served 的 goroutine，也能看到该请求做过的事：计数像 Go 的原子操作一样起同步作用" }, async () => {
    // The request writes `done` and finishes; main learns of it only through served(). In Go a
    // plain counter read here is a data race, and nothing orders the write of `done` before
    // main's read; an atomic (or a lock) does. Counts kept in plain fields show up here as a
    // DATA RACE on `done`.
    const s = new RequestStats();
    const note = shared({ done: "" });
    go(async () => {
      await s.track(async () => {
        await time.sleep(5 * time.Millisecond);
        note.done = "request 1";
      });
    });
    expect(await seen(() => s.served()), { en: "served() said 1 within 100 ms", zh: "100 ms 内 served() 说出了 1" }).toBe(true);
    expect(note.done, { en: "what the served request wrote, read after served() said 1", zh: "已计入 served 的请求写下的内容，在 served() 说出 1 之后读取" }).toBe("request 1");
  });
});
