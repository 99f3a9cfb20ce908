// expect: fail "reports the error the work throws"
// Calls cancel by hand, and only when the work returned a value. When the work throws, the
// function returns without cancelling: the context lives on until its deadline, and anything
// the work left running under it is not told to stop. Go's `defer cancel()` (here `using`)
// covers every way out — a value, an error, the deadline.
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
  if (result[1] === null) cancel(); // the work succeeded: it no longer needs its context
  return result;
}
