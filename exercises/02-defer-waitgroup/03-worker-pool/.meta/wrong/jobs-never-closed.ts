// expect: deadlock "returns at once when there are more workers than tasks, or no tasks"
// The feeder never closes jobs, so the workers' `for await` loops wait for more work forever,
// their deferred Done never runs, and Wait never returns: every goroutine is asleep.
import { go, chan, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Task<T> = () => Promise<T>;

export interface PoolResult<T> {
  results: (T | undefined)[];
  errors: Error[];
}

export async function runPool<T>(tasks: Task<T>[], workers: number): Promise<PoolResult<T>> {
  const jobs = chan<number>();
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
  const mu = new Mutex();
  const errors = shared<Error[]>([]);
  const wg = new WaitGroup();

  for (let w = 0; w < workers; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const i of jobs) {
        try {
          results[i] = await tasks[i]!();
        } catch (err) {
          using _ = await mu.lock();
          errors.push(err as Error);
        }
      }
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);

  await wg.wait();
  return { results: [...results], errors: [...errors] };
}
