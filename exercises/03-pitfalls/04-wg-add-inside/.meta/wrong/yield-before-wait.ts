// expect: fail "waits for work that finishes without ever blocking"
// Still adds inside the goroutine, and "fixes" it by yielding once before Wait so the
// goroutines "get a chance to start". A yield (like time.Sleep in Go) orders nothing: on some
// schedules a goroutine still has not run its Add when Wait sees zero and returns.
import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as runtime from "gosync/runtime";

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

  await runtime.gosched();
  await wg.wait();
  return [...results] as R[];
}
