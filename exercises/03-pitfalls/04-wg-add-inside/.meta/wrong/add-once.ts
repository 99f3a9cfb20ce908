// expect: deadlock "returns an empty array for no items"
// Add(1) once for the whole batch, before the loop: the count no longer matches the number of
// goroutines. With several items the first Done brings the counter to zero, Wait returns while
// the other items are still running, and the next Done panics with "sync: negative WaitGroup
// counter". With no items nobody ever calls Done, and Wait blocks forever. Add must count
// every goroutine: Add(1) per go statement, or Add(items.length) once.
import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function processAll<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = shared<(R | undefined)[]>(new Array<R | undefined>(items.length).fill(undefined));
  const wg = new WaitGroup();

  wg.add(1);
  for (let i = 0; i < items.length; i++) {
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      results[i] = await work(items[i]!);
    });
  }

  await wg.wait();
  return [...results] as R[];
}
