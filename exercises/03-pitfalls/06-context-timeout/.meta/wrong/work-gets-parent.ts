// expect: fail "the work sees its context end at the deadline, with DeadlineExceeded"
// Makes the context with the deadline, and then hands the work the parent instead. The caller
// still gets DeadlineExceeded on time (it watches the right context), but the work's context
// never ends: work that honours its context never learns the caller gave up, and keeps going
// to the end. Pass ctx, the context with the deadline, to the work.
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(parent: context.Context, timeout: number, work: Work<T>): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(parent, timeout);
  using _cancel = { [Symbol.dispose]: cancel };
  const done = chan<Outcome<T>>(1);
  go(async () => {
    try {
      await done.send([await work(parent), null]);
    } catch (e) {
      await done.send([undefined, e as Error]);
    }
  });
  let outcome: Outcome<T> = [undefined, null];
  await select([
    recv(done, (o) => {
      outcome = o!;
    }),
    recv(ctx.done(), () => {
      outcome = [undefined, ctx.err()];
    }),
  ]);
  return outcome;
}
