// Hidden tests for "worker-pool". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so durations below are exact.
import { test, expect, describe } from "vitest";
import * as time from "gosync/time";
import { runPool, type Task } from "./solution.ts";

/** sleeper returns a task that sleeps `ms` of virtual time and then resolves to `value`. */
function sleeper<T>(ms: number, value: T): Task<T> {
  return async () => {
    await time.sleep(ms * time.Millisecond);
    return value;
  };
}

/** failing returns a task that sleeps `ms` and then throws Error(message). */
function failing(ms: number, message: string): Task<never> {
  return async () => {
    await time.sleep(ms * time.Millisecond);
    throw new Error(message);
  };
}

/** messages lists the errors' messages, sorted, for order-independent comparison. */
function messages(errors: Error[]): string[] {
  return errors.map((e) => e.message).sort();
}

describe("runPool", () => {
  test({ en: "returns every task's result in task order", zh: "按任务顺序返回每个任务的结果" }, async () => {
    const tasks = [sleeper(50, "a"), sleeper(10, "b"), sleeper(40, "c"), sleeper(20, "d"), sleeper(30, "e")];
    const got = await runPool(tasks, 2);
    expect(got.results, "results of 5 tasks on 2 workers").toEqual(["a", "b", "c", "d", "e"]);
    expect(messages(got.errors), "errors when no task throws").toEqual([]);
  });

  test({ en: "never runs more than `workers` tasks at once", zh: "同时运行的任务从不超过 workers 个" }, async () => {
    let running = 0;
    let most = 0;
    const tasks: Task<number>[] = [];
    for (let i = 0; i < 8; i++) {
      tasks.push(async () => {
        running++;
        most = Math.max(most, running);
        await time.sleep(10 * time.Millisecond);
        running--;
        return i;
      });
    }
    const got = await runPool(tasks, 3);
    expect(most, "most tasks running at the same time with 3 workers").toBeLessThanOrEqual(3);
    expect(got.results, "results of the 8 tasks").toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test({ en: "keeps every worker busy: 6 tasks of 100 ms on 3 workers take 200 ms", zh: "每个 worker 都不闲着：3 个 worker 运行 6 个 100 ms 的任务用时 200 ms" }, async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => sleeper(100, i));
    const start = time.now();
    await runPool(tasks, 3);
    const elapsed = time.since(start);
    expect(elapsed, `6 tasks of 100 ms on 3 workers took ${elapsed} ms of virtual time`).toBe(200);
  });

  test({ en: "hands the next task to whichever worker is free: 100, 10, 10, 10 ms on 2 workers take 100 ms", zh: "下一个任务交给空闲的 worker：2 个 worker 运行 100、10、10、10 ms 的任务用时 100 ms" }, async () => {
    // While one worker runs the 100 ms task, the other runs the three short ones back to back,
    // so the pool takes as long as the long task. A pool that waits for a whole batch of
    // `workers` tasks before starting the next, or deals out tasks to workers in advance
    // (stripes), leaves a worker idle while a task waits, and takes 110 ms.
    const tasks = [sleeper(100, "long"), sleeper(10, "b"), sleeper(10, "c"), sleeper(10, "d")];
    const start = time.now();
    const got = await runPool(tasks, 2);
    const elapsed = time.since(start);
    expect(got.results, "results of tasks of 100, 10, 10, 10 ms on 2 workers").toEqual(["long", "b", "c", "d"]);
    expect(elapsed, `tasks of 100, 10, 10, 10 ms on 2 workers took ${elapsed} ms of virtual time; a free worker must take the next task at once`).toBe(100);
  });

  test({ en: "still returns when a task throws, and reports its error", zh: "任务抛出时仍会返回，并报告它的错误" }, async () => {
    const tasks = [sleeper(10, "a"), sleeper(20, "b"), failing(5, "task 2 failed"), sleeper(10, "d")];
    const got = await runPool<string>(tasks, 2);
    expect(got.results, "results; the failed task's slot stays undefined").toEqual(["a", "b", undefined, "d"]);
    expect(messages(got.errors), "errors of the failing tasks").toEqual(["task 2 failed"]);
  });

  test({ en: "runs every task even when several throw", zh: "即使多个任务抛出，也运行每个任务" }, async () => {
    // Tasks 0, 1, 4 and 5 throw; 0 and 1 fail at the same instant on different workers.
    const ran: number[] = [];
    const tasks: Task<number>[] = [];
    for (let i = 0; i < 6; i++) {
      tasks.push(async () => {
        ran.push(i);
        await time.sleep(10 * time.Millisecond);
        if (i % 4 < 2) throw new Error(`task ${i} failed`);
        return i;
      });
    }
    const got = await runPool(tasks, 2);
    expect([...ran].sort(), "tasks that ran").toEqual([0, 1, 2, 3, 4, 5]);
    expect(got.results, "results; failed tasks' slots stay undefined").toEqual([undefined, undefined, 2, 3, undefined, undefined]);
    expect(messages(got.errors), "errors of the failing tasks").toEqual(["task 0 failed", "task 1 failed", "task 4 failed", "task 5 failed"]);
  });

  test({ en: "reports every error, even two with the same message", zh: "报告每个错误，即使两个错误消息相同" }, async () => {
    // Two tasks that fail alike are still two failures: errors holds one entry per failing
    // task, not one per distinct message.
    const tasks = [failing(10, "disk full"), sleeper(5, "b"), failing(10, "disk full")];
    const got = await runPool<string>(tasks, 2);
    expect(got.results, "results; the failed tasks' slots stay undefined").toEqual([undefined, "b", undefined]);
    expect(messages(got.errors), 'errors of tasks 0 and 2, which both threw Error("disk full")').toEqual(["disk full", "disk full"]);
  });

  test({ en: "returns at once when there are more workers than tasks, or no tasks", zh: "worker 比任务多或没有任务时立即返回" }, async () => {
    const start = time.now();
    const none = await runPool<string>([], 4);
    expect(none, "runPool([], 4)").toEqual({ results: [], errors: [] });
    const two = await runPool([sleeper(10, "x"), sleeper(10, "y")], 5);
    expect(two.results, "results of 2 tasks on 5 workers").toEqual(["x", "y"]);
    expect(time.since(start), "virtual time taken by both calls").toBe(10);
  });
});
