// expect: fail "starts a waiting item as soon as a call ends: no slot idles while items wait"
// Runs the items n at a time, waiting for each group to finish before starting the next.
// Bounded, ordered, race-free — but a group lasts as long as its slowest item, and the slots
// whose items ended early sit idle meanwhile.
import { go, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const results = shared<R[]>([]);
  const mu = new Mutex();
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });

  for (let start = 0; start < items.length; start += n) {
    const wg = new WaitGroup();
    for (let i = start; i < Math.min(start + n, items.length); i++) {
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
  }
  if (first.failed) throw first.err;
  return [...results];
}
