import { go, chan, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

/** Job processes one item of a batch; it resolves to the item's result or throws. */
export type Job<T, R> = (item: T) => Promise<R>;

/**
 * processBatch calls fn once on every item, at most n calls at a time (n ≥ 1), and returns the
 * results in the items' order. A free worker takes the next item at once, so the batch takes
 * as long as its busiest worker, not as long as its batches of n.
 *
 * An item whose fn throws does not stop the batch: every other item is still processed. Once
 * all of them are done, processBatch throws the first error fn threw (first in time; with
 * errgroup's Wait, "the first non-nil error"). It returns or throws only after every worker
 * has exited, so no goroutine outlives it.
 */
export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  // jobs carries item indices from the feeder to the workers; the feeder is the only sender,
  // so it closes jobs, which ends every worker's `for await` once the input is drained.
  const jobs = chan<number>();
  // Each worker writes only the slots of the items it took: different elements, no lock.
  const results = shared<R[]>([]);
  // mu guards first: two items may fail at the same instant on different workers.
  const mu = new Mutex();
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });
  const wg = new WaitGroup();

  for (let w = 0; w < Math.min(n, items.length); w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const i of jobs) {
        try {
          results[i] = await fn(items[i]!);
        } catch (err) {
          using _ = await mu.lock();
          if (!first.failed) {
            first.failed = true;
            first.err = err;
          }
        }
      }
    });
  }

  // The workers hand back nothing on a channel, so nothing can block them on the way out: the
  // source's unbuffered `done`, received only after every job was sent, is what deadlocked.
  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();

  await wg.wait(); // every worker's Done happens before Wait returns: results and first are final
  if (first.failed) throw first.err;
  return [...results];
}
