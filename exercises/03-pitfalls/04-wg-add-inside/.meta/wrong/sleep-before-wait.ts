// expect: fail "waits for work that finishes without ever blocking"
// Still adds inside the goroutine, and "fixes" it by sleeping 1 ms before Wait so the
// goroutines "have time to start". In the simulator, as under Go's synctest, time moves only
// once every goroutine is blocked, so every Add has run by then and the results are right; on
// a real machine a sleep orders nothing and only makes the bad schedules rarer. Either way the
// caller now waits for a sleep it does not need: work that never blocks takes 1 ms, not 0.
import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as time from "gosync/time";

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

  await time.sleep(1 * time.Millisecond); // "give the goroutines time to call add"
  await wg.wait();
  return [...results] as R[];
}
