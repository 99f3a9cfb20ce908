import { go, chan, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

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
 * have finished. At most `workers` tasks run at the same time.
 *
 * A task that throws does not stop its worker: the error is recorded and the worker takes the
 * next task. runPool returns only after every worker has exited, so no goroutine outlives it.
 */
export async function runPool<T>(tasks: Task<T>[], workers: number): Promise<PoolResult<T>> {
  // jobs carries task indices from the feeder (this function) to the workers; closing it tells
  // the workers that no more work is coming, which ends their `for await` loops.
  const jobs = chan<number>();
  // Each worker writes only its own tasks' slots, so results needs no lock: different
  // elements are different memory locations, as in Go.
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
  // mu guards errors: several workers may append at the same moment.
  const mu = new Mutex();
  const errors = shared<Error[]>([]);
  const wg = new WaitGroup();

  for (let w = 0; w < workers; w++) {
    wg.add(1); // before `go`, never inside the goroutine (see chapter 3)
    go(async () => {
      // Go: defer wg.Done(). The stack is disposed however this function ends — the loop
      // finishing, an early return, or an exception nobody caught — so Wait always returns.
      using d = new DisposableStack();
      d.defer(() => wg.done());

      for await (const i of jobs) {
        try {
          results[i] = await tasks[i]!();
        } catch (err) {
          // Go: recover() in a deferred func. Without it the exception would end the worker —
          // and, like an unrecovered panic, the whole program.
          using _ = await mu.lock();
          errors.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait(); // every Done happens before Wait returns: results and errors are complete
  return { results: [...results], errors: [...errors] };
}
