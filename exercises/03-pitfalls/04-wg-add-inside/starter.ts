import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

/**
 * processAll calls work(item) for every item, each in its own goroutine, and returns the
 * results in item order once every call has finished.
 *
 * TODO: this passes on many schedules and fails on others. The hidden tests explore 200
 * schedules per test; find out why some of them return too early, and fix it.
 */
export async function processAll<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = shared<(R | undefined)[]>(new Array<R | undefined>(items.length).fill(undefined));
  const wg = new WaitGroup();

  for (let i = 0; i < items.length; i++) {
    go(async () => {
      wg.add(1);
      using d = new DisposableStack();
      d.defer(() => wg.done());
      results[i] = await work(items[i]!);
    });
  }

  await wg.wait();
  return [...results] as R[];
}
