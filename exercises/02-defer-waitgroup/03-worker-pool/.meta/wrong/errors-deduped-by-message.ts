// expect: fail "reports every error, even two with the same message"
// The errors are kept in a Map keyed by their message ("no duplicates"), under a lock. Nothing
// races and nothing hangs, but two tasks that fail alike are reported as one failure: the
// caller cannot tell how many tasks failed.
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
  const byMessage = shared(new Map<string, Error>());
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
          const e = err instanceof Error ? err : new Error(String(err));
          using _ = await mu.lock();
          byMessage.set(e.message, e);
        }
      }
    });
  }

  for (let i = 0; i < tasks.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait();
  return { results: [...results], errors: [...byMessage.values()] };
}
