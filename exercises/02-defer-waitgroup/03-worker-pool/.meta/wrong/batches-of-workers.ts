// expect: fail "hands the next task to whichever worker is free: 100, 10, 10, 10 ms on 2 workers take 100 ms"
// The tasks run in batches of `workers`, each batch waited for with its own WaitGroup before the
// next one starts. Concurrency is bounded and nothing races, but a batch lasts as long as its
// slowest task: the workers that finish early sit idle while tasks still wait.
import { go, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Task<T> = () => Promise<T>;

export interface PoolResult<T> {
  results: (T | undefined)[];
  errors: Error[];
}

export async function runPool<T>(tasks: Task<T>[], workers: number): Promise<PoolResult<T>> {
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
  const mu = new Mutex();
  const errors = shared<Error[]>([]);

  for (let start = 0; start < tasks.length; start += workers) {
    const wg = new WaitGroup();
    for (let i = start; i < Math.min(start + workers, tasks.length); i++) {
      wg.add(1);
      go(async () => {
        using d = new DisposableStack();
        d.defer(() => wg.done());
        try {
          results[i] = await tasks[i]!();
        } catch (err) {
          using _ = await mu.lock();
          errors.push(err instanceof Error ? err : new Error(String(err)));
        }
      });
    }
    await wg.wait();
  }

  return { results: [...results], errors: [...errors] };
}
