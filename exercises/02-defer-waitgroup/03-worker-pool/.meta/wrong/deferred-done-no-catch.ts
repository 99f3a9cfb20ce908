// expect: panic "still returns when a task throws, and reports its error"
// wg.done() is deferred, but nothing catches the task's exception. Deferring Done does not
// make a throw harmless: an exception that leaves a goroutine is an unrecovered panic, and it
// ends the whole program — in Go and in the simulator alike.
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
  const wg = new WaitGroup();

  for (let w = 0; w < workers; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const i of jobs) {
        results[i] = await tasks[i]!();
      }
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait();
  return { results: [...results], errors: [] };
}
