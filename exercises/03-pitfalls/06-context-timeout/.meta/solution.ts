import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";

/** Work is an operation that honours ctx: it should stop soon after ctx.done() is closed. */
export type Work<T> = (ctx: context.Context) => Promise<T>;

/** Outcome is Go's (value, error) pair: exactly one of the two is set. */
export type Outcome<T> = [value: T | undefined, err: Error | null];

/**
 * callWithTimeout runs work in a new goroutine under a context that ends after `timeout` ms (or
 * earlier, if parent ends first) and returns what happens first:
 *
 *   - work resolves: [value, null];
 *   - work throws: [undefined, the error];
 *   - the context ends: [undefined, ctx.err()] — DeadlineExceeded at the deadline, Canceled if
 *     parent was cancelled — at that very moment, without waiting for work.
 *
 * Before returning it cancels the context, so work still running learns at once that nobody
 * wants its result, and the context's timer is released. The work goroutine never blocks on
 * the way out: its outcome goes into a one-slot buffer whether or not anyone still listens.
 */
export async function callWithTimeout<T>(
  parent: context.Context,
  timeout: number,
  work: Work<T>,
): Promise<Outcome<T>> {
  const [ctx, cancel] = context.withTimeout(parent, timeout);
  using _cancel = { [Symbol.dispose]: cancel }; // Go: defer cancel()

  // One slot: after a timeout nobody receives, and an unbuffered send would block the work
  // goroutine forever — a leak.
  const outcome = chan<Outcome<T>>(1);
  go(async () => {
    try {
      await outcome.send([await work(ctx), null]);
    } catch (err) {
      await outcome.send([undefined, err instanceof Error ? err : new Error(String(err))]);
    }
  });

  // Block on both at once — no `default`, no polling: whichever is ready first wins.
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
