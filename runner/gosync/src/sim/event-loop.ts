/**
 * event-loop.ts — the simulator's plumbing on the host's event loop: how a scheduling point
 * hands off (a microtask), how a finished run waits for the code its end interrupted (drained),
 * and the stall watchdog that turns a run stuck on something foreign into "foreign-wait".
 *
 * The whole simulation advances as one chain of microtasks, so any macrotask that runs while a
 * simulation is in force and unfinished means that chain has stalled. Everything here uses the
 * host's timers captured when gosync loaded (commons.ts): a program cannot replace them.
 */
import { HostMessageChannel, RESOLVED, hostPostTask, hostSetImmediate, hostSetTimeout } from "../commons.ts";

/** macrotask schedules cb after every pending microtask (the stall detector), with the host's timers captured at load (commons.ts). */
export const macrotask: (cb: () => void) => void = hostSetImmediate ?? ((cb) => void hostSetTimeout(cb, 0));

/**
 * drained calls cb once every microtask pending now (and those they queue) has run: a task posted
 * with scheduler.postTask where there is one, else a message on a channel of its own (browsers
 * clamp nested zero-delay timeouts to 4 ms), else macrotask. Captured at load, before a sandbox
 * removes them from the realm. Every explored schedule ends with one: in a Chromium worker a
 * postTask hop measured 3.5 µs, a channel's message 5–6.5 µs.
 */
export const drained: (cb: () => void) => void = (() => {
  if (hostSetImmediate !== undefined) return macrotask;
  if (hostPostTask !== undefined) {
    const post = hostPostTask;
    // postTask settles a promise with what cb threw: thrown again from a task of its own, it stays
    // an uncaught error of the realm, as from a channel's message.
    const rethrow = (e: unknown) => void hostSetTimeout(() => {
      throw e;
    }, 0);
    return (cb: () => void) => void (post(cb) as Promise<unknown>).then(undefined, rethrow);
  }
  if (HostMessageChannel === undefined) return macrotask;
  const channel = new HostMessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (cb: () => void) => {
    queue.push(cb);
    channel.port2.postMessage(null);
  };
})();

/**
 * microtask queues cb as a microtask. A reaction on an already-resolved promise is used rather
 * than `queueMicrotask`, which in Node wraps every callback in an AsyncResource and a bound
 * function: this runs once per scheduling point. RESOLVED is made at load (commons.ts); `then` is
 * looked up on it, a prototype method: in the sandbox Promise.prototype is frozen, and see
 * commons.ts for why gosync's hot paths keep such lookups.
 */
export function microtask(cb: () => void): void {
  void RESOLVED.then(cb);
}

/**
 * The stall detector. One macrotask armed by the first run of a turn watches every run that
 * turn: arming one per run would keep each finished run (and everything it references) alive
 * until the event loop turned, which is exactly when back-to-back runs (explore) never let it
 * turn. The run in force registers itself with a function that ends it as a foreign wait.
 */
let inForce: object | null = null;
let onStall: (() => void) | null = null;
let watchdogArmed = false;
function watchdog(): void {
  watchdogArmed = false;
  if (inForce !== null) onStall!();
}

/** watchStalls makes run the run in force: a macrotask that runs before unwatchStalls(run) calls stall. */
export function watchStalls(run: object, stall: () => void): void {
  inForce = run;
  onStall = stall;
  if (watchdogArmed) return;
  watchdogArmed = true;
  macrotask(watchdog);
}

/** unwatchStalls ends the watch of run, if it is the run in force. */
export function unwatchStalls(run: object): void {
  if (inForce !== run) return;
  inForce = null;
  onStall = null;
}

/**
 * The promise executor every yield and park share: it stores the new promise's resolve
 * function, which the caller moves into the goroutine's `resume` at once (no closure per step).
 */
export let captured: ((v?: unknown) => void) | null = null;
export function capture<T>(resolve: (v: T) => void): void {
  captured = resolve as (v?: unknown) => void;
}
