// expect: leak "returns every item's result in input order"
// Collects one result per item from a results channel (buffered, so no worker ever blocks on
// it) and returns them in order — but never closes jobs. When the input ends, every worker is
// still waiting in its `for await` for an item that will never come: n goroutines leaked per
// batch, each blocked in [chan receive].
import { go, chan } from "gosync";

export type Job<T, R> = (item: T) => Promise<R>;

type Outcome<R> = { i: number; ok: true; value: R } | { i: number; ok: false; err: unknown };

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const jobs = chan<number>(items.length);
  const outcomes = chan<Outcome<R>>(items.length);

  for (let w = 0; w < n; w++) {
    go(async () => {
      for await (const i of jobs) {
        try {
          await outcomes.send({ i, ok: true, value: await fn(items[i]!) });
        } catch (err) {
          await outcomes.send({ i, ok: false, err });
        }
      }
    });
  }
  for (let i = 0; i < items.length; i++) await jobs.send(i);

  const results: R[] = [];
  let first: { err: unknown } | null = null;
  for (let k = 0; k < items.length; k++) {
    const o = await outcomes.recv();
    if (o.ok) results[o.i] = o.value;
    else first ??= { err: o.err };
  }
  if (first) throw first.err;
  return results;
}
