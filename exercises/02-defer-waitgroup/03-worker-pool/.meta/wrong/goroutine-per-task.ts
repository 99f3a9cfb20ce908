// expect: fail "never runs more than `workers` tasks at once"
// One goroutine per task, with Done deferred and errors collected under a lock: correct and
// race-free, but `workers` is ignored, so every task runs at once. A pool exists to bound
// concurrency (connections, memory, a rate limit); this one bounds nothing.
import { go, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Task<T> = () => Promise<T>;

export interface PoolResult<T> {
  results: (T | undefined)[];
  errors: Error[];
}

export async function runPool<T>(tasks: Task<T>[], _workers: number): Promise<PoolResult<T>> {
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
  const mu = new Mutex();
  const errors = shared<Error[]>([]);
  const wg = new WaitGroup();

  for (let i = 0; i < tasks.length; i++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      try {
        results[i] = await tasks[i]!();
      } catch (err) {
        using _ = await mu.lock();
        errors.push(err as Error);
      }
    });
  }

  await wg.wait();
  return { results: [...results], errors: [...errors] };
}
