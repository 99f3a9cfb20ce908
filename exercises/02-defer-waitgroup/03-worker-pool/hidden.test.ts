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
    expect(got.results, { en: "results of 5 tasks on 2 workers", zh: "2 个 worker 运行 5 个任务的结果" }).toEqual(["a", "b", "c", "d", "e"]);
    expect(messages(got.errors), { en: "errors when no task throws", zh: "没有任务抛出时的错误" }).toEqual([]);
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
    expect(most, { en: "most tasks running at the same time with 3 workers", zh: "3 个 worker 时同时运行的任务数的最大值" }).toBeLessThanOrEqual(3);
    expect(got.results, { en: "results of the 8 tasks", zh: "8 个任务的结果" }).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test({ en: "keeps every worker busy: 6 tasks of 100 ms on 3 workers take 200 ms", zh: "每个 worker 都不闲着：3 个 worker 运行 6 个 100 ms 的任务用时 200 ms" }, async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => sleeper(100, i));
    const start = time.now();
    await runPool(tasks, 3);
    const elapsed = time.since(start);
    expect(elapsed, { en: `6 tasks of 100 ms on 3 workers took ${elapsed} ms of virtual time`, zh: `3 个 worker 运行 6 个 100 ms 的任务，用了 ${elapsed} ms 虚拟时间` }).toBe(200);
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
    expect(got.results, { en: "results of tasks of 100, 10, 10, 10 ms on 2 workers", zh: "2 个 worker 运行 100、10、10、10 ms 的任务的结果" }).toEqual(["long", "b", "c", "d"]);
    expect(elapsed, { en: `tasks of 100, 10, 10, 10 ms on 2 workers took ${elapsed} ms of virtual time; a free worker must take the next task at once`, zh: `2 个 worker 运行 100、10、10、10 ms 的任务，用了 ${elapsed} ms 虚拟时间；空闲的 worker 必须立即接手下一个任务` }).toBe(100);
  });

  test({ en: "still returns when a task throws, and reports its error", zh: "任务抛出时仍会返回，并报告它的错误" }, async () => {
    const tasks = [sleeper(10, "a"), sleeper(20, "b"), failing(5, "task 2 failed"), sleeper(10, "d")];
    const got = await runPool<string>(tasks, 2);
    expect(got.results, { en: "results; the failed task's slot stays undefined", zh: "结果；失败任务的位置保持 undefined" }).toEqual(["a", "b", undefined, "d"]);
    expect(messages(got.errors), { en: "errors of the failing tasks", zh: "失败任务的错误" }).toEqual(["task 2 failed"]);
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
    expect([...ran].sort(), { en: "tasks that ran", zh: "运行过的任务" }).toEqual([0, 1, 2, 3, 4, 5]);
    expect(got.results, { en: "results; failed tasks' slots stay undefined", zh: "结果；失败任务的位置保持 undefined" }).toEqual([undefined, undefined, 2, 3, undefined, undefined]);
    expect(messages(got.errors), { en: "errors of the failing tasks", zh: "失败任务的错误" }).toEqual(["task 0 failed", "task 1 failed", "task 4 failed", "task 5 failed"]);
  });

  test({ en: "reports every error, even two with the same message", zh: "报告每个错误，即使两个错误消息相同" }, async () => {
    // Two tasks that fail alike are still two failures: errors holds one entry per failing
    // task, not one per distinct message.
    const tasks = [failing(10, "disk full"), sleeper(5, "b"), failing(10, "disk full")];
    const got = await runPool<string>(tasks, 2);
    expect(got.results, { en: "results; the failed tasks' slots stay undefined", zh: "结果；失败任务的位置保持 undefined" }).toEqual([undefined, "b", undefined]);
    expect(messages(got.errors), { en: 'errors of tasks 0 and 2, which both threw Error("disk full")', zh: '任务 0 和 2 的错误，两者都抛出了 Error("disk full")' }).toEqual(["disk full", "disk full"]);
  });

  test({ en: "returns at once when there are more workers than tasks, or no tasks", zh: "worker 比任务多或没有任务时立即返回" }, async () => {
    const start = time.now();
    const none = await runPool<string>([], 4);
    expect(none, { en: "runPool([], 4)", zh: "runPool([], 4) 的结果" }).toEqual({ results: [], errors: [] });
    const two = await runPool([sleeper(10, "x"), sleeper(10, "y")], 5);
    expect(two.results, { en: "results of 2 tasks on 5 workers", zh: "5 个 worker 运行 2 个任务的结果" }).toEqual(["x", "y"]);
    expect(time.since(start), { en: "virtual time taken by both calls", zh: "两次调用所用的虚拟时间" }).toBe(10);
  });
});
