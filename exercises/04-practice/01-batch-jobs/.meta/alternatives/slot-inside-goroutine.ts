// A correct solution in another style, common in Go: a goroutine per item, started at once, each
// taking a slot of a buffered channel of n tokens as its first step and giving it back when its
// call ends. Which waiting goroutine gets a freed slot is up to the scheduler, so the items start
// in no particular order: at most n run at once, and no slot idles while an item waits.
import { chan, shared } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const slots = chan<void>(n);
  const results = shared<R[]>([]);
  const mu = new Mutex();
  const failure = shared<{ err?: unknown; failed: boolean }>({ failed: false });
  const wg = new WaitGroup();
  for (let i = 0; i < items.length; i++) {
    wg.go(async () => {
      await slots.send(undefined); // take a slot; blocks while n items run
      try {
        results[i] = await fn(items[i]!);
      } catch (err) {
        using _ = await mu.lock();
        if (!failure.failed) Object.assign(failure, { err, failed: true });
      } finally {
        await slots.recv(); // give it back: a waiting goroutine takes it at once
      }
    });
  }
  await wg.wait();
  if (failure.failed) throw failure.err;
  return [...results];
}
