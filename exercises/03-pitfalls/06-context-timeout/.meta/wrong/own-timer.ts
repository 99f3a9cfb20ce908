// expect: fail "the work sees its context end at the deadline, with DeadlineExceeded"
// Times out with its own timer and a cancellable context. The caller gets DeadlineExceeded at
// the right moment, but the work's context is merely cancelled: the work sees Canceled, not
// DeadlineExceeded, and ctx.deadline() tells it nothing. withTimeout puts the deadline where
// the work can see it.
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
  const [ctx, cancel] = context.withCancel(parent);
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
    recv(ctx.done(), () => {
      result = [undefined, ctx.err()];
    }),
  ]);
  return result;
}
