// expect: leak "gives up at the deadline even if the work ignores its context"
// Returns at the deadline, cancels, selects without polling — but the outcome channel is
// unbuffered. When the deadline wins, nobody will ever receive, and work that finishes late
// blocks forever on its send: one leaked goroutine per timed-out call.
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(
  parent: context.Context,
  timeout: number,
  work: Work<T>,
): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(parent, timeout);
  using _cancel = { [Symbol.dispose]: cancel };

  const outcome = chan<Outcome<T>>();
  go(async () => {
    try {
      await outcome.send([await work(ctx), null]);
    } catch (err) {
      await outcome.send([undefined, err as Error]);
    }
  });

  let result: Outcome<T> = [undefined, null];
  await select([
    recv(outcome, (o) => {
      result = o;
    }),
    recv(ctx.done(), () => {
      result = [undefined, ctx.err()];
    }),
  ]);
  return result;
}
