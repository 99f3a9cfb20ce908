// expect: fail "returns every item's result in input order"
// Bounded, closes jobs, waits for the workers — but each result is appended as it arrives,
// so the results come back in the order the calls finished, not in the order of the items.
// The caller cannot tell which result belongs to which item.
import { go, chan, shared, DisposableStack } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<T>();
  const mu = new Mutex();
  const results = shared<R[]>([]);
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });
  const wg = new WaitGroup();

  for (let w = 0; w < n; w++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      for await (const it of jobs) {
        try {
          const r = await fn(it);
          using _ = await mu.lock();
          results.push(r);
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

  for (const it of items) await jobs.send(it);
  jobs.close();
  await wg.wait();
  if (first.failed) throw first.err;
  return [...results];
}
