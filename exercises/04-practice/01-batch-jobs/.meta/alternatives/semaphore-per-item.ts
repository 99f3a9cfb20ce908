// A correct solution in another style: a goroutine per item behind a semaphore, a buffered channel
// of n tokens that the caller fills before starting each item (so items start in input order).
// Each item sends its outcome back on a channel with room for the whole batch, so no item waits
// for the caller; only the caller writes the results.
import { go, chan, shared } from "gosync";

export type Job<T, R> = (item: T) => Promise<R>;

type Outcome<R> = { i: number; ok: true; value: R } | { i: number; ok: false; err: unknown };

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const tokens = chan<void>(n);
  const outcomes = chan<Outcome<R>>(items.length); // never blocks a finished item
  const results = shared<R[]>([]);
  for (let i = 0; i < items.length; i++) {
    await tokens.send(undefined); // take a slot before starting the item
    go(async () => {
      let o: Outcome<R>;
      try {
        o = { i, ok: true, value: await fn(items[i]!) };
      } catch (err) {
        o = { i, ok: false, err };
      }
      await tokens.recv(); // give the slot back
      await outcomes.send(o);
    });
  }
  let first: { err: unknown } | null = null;
  for (let k = 0; k < items.length; k++) {
    const o = await outcomes.recv();
    if (o.ok) results[o.i] = o.value;
    else if (first === null) first = { err: o.err };
  }
  if (first !== null) throw first.err;
  return [...results];
}
