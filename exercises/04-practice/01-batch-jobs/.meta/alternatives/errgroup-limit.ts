// A correct solution in another style: an errgroup with setLimit(n), whose go waits for a free
// slot. A failing item returns its error instead of throwing (a throw would end the program), so
// it stops nothing; wait returns the first error once every call has ended.
import { shared } from "gosync";
import * as errgroup from "gosync/errgroup";

export type Job<T, R> = (item: T) => Promise<R>;

export async function processBatch<T, R>(items: T[], n: number, fn: Job<T, R>): Promise<R[]> {
  const g = new errgroup.Group();
  g.setLimit(n);
  const results = shared<R[]>([]);
  for (let i = 0; i < items.length; i++) {
    await g.go(async () => {
      try {
        results[i] = await fn(items[i]!);
        return null;
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e), { cause: e });
      }
    });
  }
  const err = await g.wait();
  if (err !== null) throw err;
  return [...results];
}
