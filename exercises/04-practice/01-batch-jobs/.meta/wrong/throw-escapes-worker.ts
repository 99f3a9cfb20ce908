// expect: panic "an item that throws: every other item is still processed, then its error is thrown"
// A correct pool for items that succeed, with nothing around fn: when fn throws, the exception
// leaves the worker goroutine. An exception nobody catches in a goroutine is an unrecovered
// panic, and it ends the whole program — the caller never gets to throw anything.
import { go, chan, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>();
  const results = shared<R[]>([]);
  const wg = new WaitGroup();

  for (let w = 0; w < n; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const i of jobs) {
        results[i] = await fn(items[i]!);
      }
    });
  }

  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();
  await wg.wait();
  return [...results];
}
