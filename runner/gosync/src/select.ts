/**
 * select.ts — Go's select statement.
 *
 *   await select([recv(a, (v, ok) => …), send(b, x, () => …)], () => …default…)
 *
 * If one or more cases can proceed, one is chosen uniformly at random among them (in the
 * simulator the strategy makes the choice, so a replay makes the same one) and its callback
 * runs; `default` runs only when no case can proceed. Otherwise the goroutine blocks until a
 * case can proceed. A case on a `null` (or nil) channel never proceeds; a select with no cases
 * (`select([])`) blocks forever, shown as `select (no cases)`. A send case on a closed channel
 * panics with `send on closed channel` when it is chosen.
 */
import { Chan, afterRecvWake, dequeueSelect, enqueueSelect, recvNow, recvReady, sendNow, sendReady, type SelectWait, type Waiter } from "./chan.ts";
import { GoPanic } from "./panic.ts";
import { rt, type WaitReason } from "./runtime.ts";

/** SelectCase is one `case` of a select, built by `recv(…)` or `send(…)`. */
export interface SelectCase<R = unknown> {
  readonly kind: "recv" | "send";
  readonly ch: Chan<any> | null;
  readonly value?: unknown;
  readonly fn?: (...args: any[]) => R;
}

/** recv is the case `v, ok := <-ch`; fn receives the value and ok (false once ch is closed and drained). */
export function recv<T, R = void>(ch: Chan<T> | null | undefined, fn?: (v: T, ok: boolean) => R): SelectCase<R> {
  return { kind: "recv", ch: ch ?? null, fn };
}

/** send is the case `ch <- v`; fn runs after the value was sent. */
export function send<T, R = void>(ch: Chan<T> | null | undefined, v: T, fn?: () => R): SelectCase<R> {
  return { kind: "send", ch: ch ?? null, value: v, fn };
}

/**
 * select waits on several channel operations at once and runs the callback of the one that
 * proceeds (or `dflt` if given and none can proceed); it resolves to that callback's result.
 */
export async function select<R>(cases: ReadonlyArray<SelectCase<R> | null | undefined>, dflt?: () => R): Promise<Awaited<R> | undefined> {
  const r = rt();
  await r.yield("select");
  let ready: number[] | null = null;
  let active = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c == null || c.ch === null || c.ch.isNil) continue;
    active++;
    if (c.kind === "recv" ? recvReady(c.ch) : sendReady(c.ch)) (ready ??= []).push(i);
  }
  if (ready !== null) {
    const i = ready.length === 1 ? ready[0] : ready[r.choose(ready.length)];
    const c = cases[i]!;
    if (c.kind === "recv") {
      const [v, ok] = recvNow(c.ch!, r);
      return c.fn !== undefined ? await c.fn(v, ok) : undefined;
    }
    sendNow(c.ch!, c.value, r);
    return c.fn !== undefined ? await c.fn() : undefined;
  }
  if (dflt !== undefined) return await dflt();
  const reason = waitReasonOf(cases);
  if (active === 0) {
    await r.park(reason);
    return undefined;
  }
  const sel: SelectWait = { fired: -1 };
  const g = r.current();
  const waiters: (Waiter<unknown> | null)[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c == null || c.ch === null || c.ch.isNil) {
      waiters.push(null);
      continue;
    }
    const w: Waiter<unknown> = { g, v: c.kind === "send" ? c.value : undefined, ok: false, closed: false, sel, idx: i };
    waiters.push(w);
    enqueueSelect(c.ch, w, c.kind === "send", r);
  }
  await r.park(reason, cases);
  for (const c of cases) if (c != null && c.ch !== null) dequeueSelect(c.ch, sel);
  const i = sel.fired;
  const c = cases[i]!;
  const w = waiters[i]!;
  if (c.kind === "recv") {
    afterRecvWake(c.ch!, w, r);
    return c.fn !== undefined ? await c.fn(w.v, w.ok) : undefined;
  }
  if (w.closed) throw new GoPanic("send on closed channel");
  r.acquire(w);
  return c.fn !== undefined ? await c.fn() : undefined;
}

/**
 * waitReasonOf is what a goroutine blocked in select(cases) shows in a dump. Go compiles a
 * select with one case and no default into the plain channel operation, so it blocks as
 * `chan receive` / `chan send` (or their nil-channel forms), not `select`.
 */
function waitReasonOf(cases: ReadonlyArray<SelectCase<unknown> | null | undefined>): WaitReason {
  if (cases.length === 0) return "select (no cases)";
  const only = cases.length === 1 ? cases[0] : null;
  if (only == null) return "select";
  const nil = only.ch === null || only.ch.isNil;
  if (only.kind === "recv") return nil ? "chan receive (nil chan)" : "chan receive";
  return nil ? "chan send (nil chan)" : "chan send";
}
