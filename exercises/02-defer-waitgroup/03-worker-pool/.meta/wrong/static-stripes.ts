// expect: fail "hands the next task to whichever worker is free: 100, 10, 10, 10 ms on 2 workers take 100 ms"
// Each worker is dealt a fixed stripe of tasks in advance (worker w runs tasks w, w + workers,
// …) instead of taking the next one from a shared channel. Bounded and race-free, but a worker
// whose stripe is done sits idle while another still has a queue behind a long task.
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
  const wg = new WaitGroup();

  for (let w = 0; w < workers; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for (let i = w; i < tasks.length; i += workers) {
        try {
          results[i] = await tasks[i]!();
        } catch (err) {
          using _ = await mu.lock();
          errors.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  }

  await wg.wait();
  return { results: [...results], errors: [...errors] };
}
