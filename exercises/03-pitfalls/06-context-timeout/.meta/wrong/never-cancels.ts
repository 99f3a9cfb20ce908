// expect: fail "cancels the work's context as soon as the call returns"
// Forgets cancel. The call itself behaves, but when work finishes early its context lives on
// until the deadline: the timer stays armed, and anything the work left running under ctx is
// not told to stop. Go's vet reports this as "the cancel function is not used on all paths".
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(
  parent: context.Context,
  timeout: number,
  work: Work<T>,
): Promise<Outcome<T>> {
  const [ctx] = context.withTimeout(parent, timeout);

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
