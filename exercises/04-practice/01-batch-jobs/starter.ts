import { go, chan, shared } from "gosync";

/** Job processes one item of a batch; it resolves to the item's result or throws. */
export type Job<T, R> = (item: T) => Promise<R>;

/**
 * processBatch calls fn once on every item, at most n calls at a time, and returns the results
 * in the items' order.
 *
 * This is the source's done-channel pool, ported as it is. It works while the batch is no
 * larger than n; with more items it hangs, and an item whose fn throws ends the whole program.
 * See the instructions for what it must do.
 */
export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>();
  const done = chan<boolean>();
  const results = shared<R[]>([]);

  for (let w = 0; w < n; w++) {
    go(async () => {
      for await (const i of jobs) {
        results[i] = await fn(items[i]!);
        await done.send(true); // signal completion
      }
    });
  }

  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();

  for (let i = 0; i < items.length; i++) await done.recv();
  return [...results];
}
