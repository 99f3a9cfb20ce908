// expect: fail "a cancelled parent ends the call at once with Canceled"
// Derives the timeout from context.background() instead of parent. The call still times out,
// but the caller's own cancellation and deadline no longer reach the work: a request that was
// abandoned keeps its work running for the full timeout.
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(
  _parent: context.Context,
  timeout: number,
  work: Work<T>,
): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(context.background(), timeout);
  using _cancel = { [Symbol.dispose]: cancel };

  const outcome = chan<Outcome<T>>(1);
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
