// expect: error "returns the work's value when it finishes before the deadline"
// Polls with `select … default` and yields in between, instead of blocking on both channels.
// That is a busy loop: it burns a CPU while waiting, and in the simulator — where time moves
// only when every goroutine is blocked — it never lets time move at all, so neither the work
// nor the deadline ever arrives. The test ends at the step limit (maxSteps), reported as an
// error: "did not finish within 20000 scheduling steps".
import { go, chan, select, recv } from "gosync";
import * as context from "gosync/context";
import * as runtime from "gosync/runtime";

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

  for (;;) {
    let result: Outcome<T> | undefined;
    await select(
      [
        recv(outcome, (o) => {
          result = o;
        }),
      ],
      () => {},
    );
    if (result) return result;
    if (ctx.err() !== null) return [undefined, ctx.err()];
    await runtime.gosched();
  }
}
