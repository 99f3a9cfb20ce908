// expect: fail "never runs more than n calls of fn at once"
// One goroutine per item, results by index, errors under a lock, a WaitGroup for the end:
// correct, race-free and fast — and n is ignored, so the whole batch runs at once. A batch job
// bounds its concurrency to protect what fn talks to (a database, a service, memory); this
// one bounds nothing.
import { go, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], _n: number, fn: Job<T, R>): Promise<R[]> {
  const results = shared<R[]>([]);
  const mu = new Mutex();
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });
  const wg = new WaitGroup();

  for (let i = 0; i < items.length; i++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      try {
        results[i] = await fn(items[i]!);
      } catch (err) {
        using _ = await mu.lock();
        if (!first.failed) {
          first.failed = true;
          first.err = err;
        }
      }
    });
  }

  await wg.wait();
  if (first.failed) throw first.err;
  return [...results];
}
