// expect: fail "runs the items concurrently: 3 items of 100 ms take 100 ms"
// Add is in the right place, but Wait is inside the loop: each item is waited for before the
// next one starts. Always correct, never concurrent — three 100 ms items take 300 ms.
import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function processAll<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = shared<(R | undefined)[]>(new Array<R | undefined>(items.length).fill(undefined));
  const wg = new WaitGroup();

  for (let i = 0; i < items.length; i++) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      results[i] = await work(items[i]!);
    });
    await wg.wait();
  }

  return [...results] as R[];
}
