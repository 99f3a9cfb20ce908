// expect: fail "cancels the work's context as soon as the call returns"
// Forgets cancel, and hides it: the work gets a view of ctx whose err() says Canceled once the
// call has returned, though ctx itself lives on until the deadline with its timer armed (found
// by a red-team round: it passed). The work must be given the context withTimeout made.
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
  // The work gets a view of ctx whose err() says Canceled once the call has returned (cancel is never called).
  let returned = false;
  const view: context.Context = { deadline: () => ctx.deadline(), done: () => ctx.done(), err: () => ctx.err() ?? (returned ? context.Canceled : null), value: (k: unknown) => ctx.value(k) } as context.Context;

  const outcome = chan<Outcome<T>>(1);
  go(async () => {
    try {
      await outcome.send([await work(view), null]);
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
  returned = true;
  return result;
}
