// expect: deadlock "finishes a batch far larger than n: handing back a result never blocks a worker for good"
// The source's done-channel pool with its bugs of ordering fixed (errors caught, every result
// in its slot), but `done` still unbuffered and received only after every job was sent. Each
// worker blocks on its `done` send after one item, while the caller blocks sending the next
// item to a worker: with more items than workers, every goroutine is asleep.
import { go, chan, shared } from "gosync";
import { Mutex } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>();
  const done = chan<boolean>();
  const results = shared<R[]>([]);
  const mu = new Mutex();
  const first = shared<{ err: unknown; failed: boolean }>({ err: undefined, failed: false });

  for (let w = 0; w < n; w++) {
    go(async () => {
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
        await done.send(true);
      }
    });
  }

  for (let i = 0; i < items.length; i++) await jobs.send(i);
  jobs.close();

  for (let i = 0; i < items.length; i++) await done.recv();
  if (first.failed) throw first.err;
  return [...results];
}
