// expect: fail "returns the value of work that finishes without ever blocking"
// Defers cancel in the work goroutine instead of the caller. Work that finishes before the
// caller waits leaves its value in the buffer and the context cancelled, both ready at once:
// select picks either, and half the time the caller reports Canceled for work that succeeded.
// The caller owns the context: cancel it when callWithTimeout returns (Go: defer cancel()).
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

export type Work<T> = (ctx: context.Context) => Promise<T>;
export type Outcome<T> = [value: T | undefined, err: Error | null];

export async function callWithTimeout<T>(parent: context.Context, timeout: number, work: Work<T>): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(parent, timeout);
  const done = chan<Outcome<T>>(1);
  go(async () => {
    using _cancel = { [Symbol.dispose]: cancel };
    try {
      await done.send([await work(ctx), null]);
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
