// expect: race "several items throw: the first error thrown is the one reported"
// Remembers the first error without the lock: "only the first failure writes it, so there is
// nothing to guard". But every failing worker reads `failed` to find out whether it is first,
// and two workers whose items fail at the same instant read and write it with nothing ordering
// them — a data race, and on some schedules both think they are first.
import { go, chan, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>();
  const results = shared<R[]>([]);
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });
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
          if (!first.failed) {
            first.failed = true;
            first.err = err;
          }
        }
      }
    });
  }

  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();
  await wg.wait();
  if (first.failed) throw first.err;
  return [...results];
}
