import { go, shared, DisposableStack } from "gosync";
import { WaitGroup } from "gosync/sync";

/**
 * processAll calls work(item) for every item, each in its own goroutine, and returns the
 * results in item order once every call has finished.
 *
 * The WaitGroup's Add for each goroutine happens in the caller, before the `go` statement, so
 * every Add happens before Wait: Wait cannot see the counter at zero while work is still to
 * start. (Go 1.25's `wg.Go(f)` does the Add, the go and the deferred Done in one call.)
 */
export async function processAll<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  // Each goroutine writes its own element; different elements need no lock.
  const results = shared<(R | undefined)[]>(new Array<R | undefined>(items.length).fill(undefined));
  const wg = new WaitGroup();

  for (let i = 0; i < items.length; i++) {
    wg.add(1); // here, in the goroutine that will Wait — never inside the new goroutine
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      results[i] = await work(items[i]!);
    });
  }

  await wg.wait(); // every Done happens before Wait returns, so every result is visible now
  return [...results] as R[];
}
