// expect: fail "several items throw: the first error thrown is the one reported"
// Keeps every item's outcome in its slot and, at the end, throws the error of the first failed
// item in input order. Bounded, ordered, race-free — but that is not the error that happened
// first: when item 3 fails at 10 ms and item 0 at 40 ms, the caller hears of item 0's. The
// contract chosen here is Go's errgroup: the first error in time.
import { go, chan, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>();
  const results = shared<R[]>([]);
  const failures = shared<{ err: unknown }[]>([]);
  const wg = new WaitGroup();

  for (let w = 0; w < n; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const i of jobs) {
        try {
          results[i] = await fn(items[i]!);
        } catch (err) {
          failures[i] = { err };
        }
      }
    });
  }

  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();
  await wg.wait();
  for (let i = 0; i < items.length; i++) {
    const failed = failures[i];
    if (failed) throw failed.err;
  }
  return [...results];
}
