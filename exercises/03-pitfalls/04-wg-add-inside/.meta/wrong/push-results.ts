// expect: race "returns every item's result, in item order"
// The WaitGroup is used correctly, but every goroutine appends to one shared array. Two appends
// that nothing orders are a data race (each reads and writes the array's length), and the
// results come out in completion order instead of item order.
import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function processAll<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = shared<R[]>([]);
  const wg = new WaitGroup();

  for (const item of items) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      results.push(await work(item));
    });
  }

  await wg.wait();
  return [...results];
}
