// expect: fail "a cancelled parent ends the call at once with Canceled"
// Gives the work a context derived from parent, but waits on its own `time.after(timeout)`
// instead of ctx.done(). The deadline still ends the call — yet when the parent is cancelled,
// or its deadline comes first, only work that watches its context notices; the caller keeps
// waiting for work that ignores it, up to the full timeout. Wait on the context you gave the
// work: ctx.done() closes for the deadline and for the parent alike.
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";
import * as time from "gosync/time";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(
  parent: context.Context,
  timeout: number,
  work: Work<T>,
): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(parent, timeout);
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
    recv(time.after(timeout), () => {
      result = [undefined, context.DeadlineExceeded];
    }),
  ]);
  return result;
}
