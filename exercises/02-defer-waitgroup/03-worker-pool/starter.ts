import { go, chan, shared } from "gosync";
import { WaitGroup } from "gosync/sync";

/** Task is one unit of work; it resolves to its result or throws. */
export type Task<T> = () => Promise<T>;

/** PoolResult is what runPool returns. */
export interface PoolResult<T> {
  /** results[i] is what tasks[i] resolved to, or undefined if it threw. */
  results: (T | undefined)[];
  /** errors holds what every failing task threw, in no particular order. */
  errors: Error[];
}

/**
 * runPool runs every task exactly once on `workers` goroutines and returns when all of them
 * have finished.
 *
 * This version hangs as soon as a task throws: the worker gives up and never calls wg.done(),
 * so wg.wait() never returns.
 */
export async function runPool<T>(tasks: Task<T>[], workers: number): Promise<PoolResult<T>> {
  const jobs = chan<number>();
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
  const errors = shared<Error[]>([]);
  const wg = new WaitGroup();

  for (let w = 0; w < workers; w++) {
    wg.add(1);
    go(async () => {
      for await (const i of jobs) {
        try {
          results[i] = await tasks[i]!();
        } catch (err) {
          // TODO (task 3): a failing task must not end its worker, and its error must reach the
          // caller (several workers may fail at the same moment).
          return;
        }
      }
      // TODO (task 2): when a task throws, the `return` above skips this line, and wait() below
      // never returns.
      wg.done();
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait();
  return { results: [...results], errors: [...errors] };
}
