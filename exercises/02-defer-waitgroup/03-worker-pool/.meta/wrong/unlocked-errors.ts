// expect: race "runs every task even when several throw"
// Two workers whose tasks fail at the same moment both append to errors with nothing ordering
// the two appends: a data race on the array (in Go, an append to a shared slice from two
// goroutines can lose one of the elements).
import { go, chan, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export type Task<T> = () => Promise<T>;

export interface PoolResult<T> {
  results: (T | undefined)[];
  errors: Error[];
}

export async function runPool<T>(tasks: Task<T>[], workers: number): Promise<PoolResult<T>> {
  const jobs = chan<number>();
  const results = shared<(T | undefined)[]>(new Array<T | undefined>(tasks.length).fill(undefined));
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
          errors.push(err as Error);
        }
      }
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait();
  return { results: [...results], errors: [...errors] };
}
