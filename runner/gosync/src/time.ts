/**
 * time.ts — gosync/time: Go's time package as concurrency code uses it.
 *
 * Durations are numbers of milliseconds (`2 * time.Second` is 2000; `time.Nanosecond` is
 * 1e-6). Inside the simulator the clock is virtual: it starts at 2000-01-01T00:00:00Z and
 * moves only when every goroutine is blocked, jumping to the earliest timer, so a 60-second
 * sleep takes no real time. Timer and Ticker channels behave as Go 1.23's: unbuffered
 * (len and cap are 0), and Stop or Reset guarantee that no stale value is received afterwards.
 */
import { Chan, drain, timerSend } from "./chan.ts";
import { max } from "./commons.ts";
import { go } from "./go.ts";
import { GoPanic } from "./panic.ts";
import { PARK, rt, type Goroutine, type ResumeOp, type RuntimeTimer } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

export const Nanosecond = 1e-6;
export const Microsecond = 1e-3;
export const Millisecond = 1;
export const Second = 1000;
export const Minute = 60 * Second;
export const Hour = 60 * Minute;

/** now returns the current time (virtual inside the simulator). */
export function now(): Date {
  return new Date(rt().now());
}

/** since returns the milliseconds elapsed since t (a Date or a time in ms since the epoch). */
export function since(t: Date | number): number {
  return rt().now() - (typeof t === "number" ? t : t.getTime());
}

/** until returns the milliseconds until t. */
export function until(t: Date | number): number {
  return (typeof t === "number" ? t : t.getTime()) - rt().now();
}

/** sleep pauses the current goroutine for at least d ms; d ≤ 0 returns at once (after a scheduling point). */
export function sleep(d: number): Promise<void> {
  return rt().perform(new SleepOp(d));
}

/** SleepOp is sleep's body after its scheduling point: start the wake-up timer and park. */
class SleepOp implements ResumeOp<void> {
  readonly reason = "sleep" as const;
  readonly #d: number;
  constructor(d: number) {
    this.#d = d;
  }
  run(g: Goroutine): void | typeof PARK {
    if (!(this.#d > 0)) return;
    const r = rt();
    r.startTimer(r.now() + this.#d, () => r.unpark(g));
    return PARK;
  }
  woken(): void {}
}

/**
 * Timer is a single event: after d ms the current time is delivered on `c` (newTimer) or f
 * runs in its own goroutine (afterFunc, whose `c` is null).
 */
export class Timer {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** c receives the time when the timer fires; null for a timer made by afterFunc */
  readonly c: Chan<Date> | null;
  /** #t is the runtime's timer (it leads to the simulator: #private, see commons.ts) */
  readonly #t: RuntimeTimer;
  #active = true;

  /** @internal use newTimer or afterFunc */
  constructor(d: number, f: (() => unknown) | null) {
    const r = rt();
    this.c = f === null ? new Chan<Date>(0, "timer") : null;
    this.#t = r.startTimer(r.now() + max(0, d), () => {
      this.#active = false;
      if (f !== null) go(f);
      else timerSend(this.c!, new Date(r.now()));
    });
  }

  /**
   * stop prevents the timer from firing. It returns true if the call stops the timer, false if
   * the timer has already expired or been stopped. For a channel timer, no value sent before
   * stop is received after it, and a timer whose value nobody has received yet has not expired:
   * stop takes the value back and returns true (Go 1.23's synchronous timer channels), so Go's
   * older `if (!t.stop()) await t.c.recv()` never waits for a value that is not coming. For
   * afterFunc, stop does not wait for f to finish.
   */
  stop(): boolean {
    rt().op("Timer.stop");
    const was = this.#t.stop();
    this.#active = false;
    const undelivered = this.c !== null && drain(this.c);
    return was || undelivered;
  }

  /**
   * reset changes the timer to expire after d ms; it returns true if the timer had been active,
   * which, as for stop, includes a channel timer whose value nobody has received yet (that value
   * is dropped: after reset, only the new expiry is received).
   */
  reset(d: number): boolean {
    const r = rt();
    r.op("Timer.reset");
    const undelivered = this.c !== null && drain(this.c);
    const was = this.#t.reset(r.now() + max(0, d));
    this.#active = true;
    return was || undelivered;
  }

  /** pending reports whether the timer has neither fired nor been stopped. */
  get pending(): boolean {
    return this.#active;
  }
}

/** newTimer creates a Timer that sends the current time on its channel after at least d ms. */
export function newTimer(d: number): Timer {
  return new Timer(d, null);
}

/** after waits for d ms and then sends the current time on the returned channel (newTimer(d).c). */
export function after(d: number): Chan<Date> {
  return newTimer(d).c!;
}

/** afterFunc waits for d ms and then calls f in its own goroutine; stop cancels the call. */
export function afterFunc(d: number, f: () => unknown): Timer {
  return new Timer(d, f);
}

/**
 * Ticker delivers the time on `c` every d ms. A slow receiver misses ticks (the channel holds
 * at most one). A ticker that is never stopped keeps the program's timers pending, so, as
 * with synctest's fake timers, a program blocked forever with a running ticker is not reported
 * as deadlocked (the run ends at the step limit).
 */
export class Ticker {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  readonly c: Chan<Date>;
  readonly #t: RuntimeTimer;
  #d: number;

  /** @internal use newTicker */
  constructor(d: number) {
    if (!(d > 0)) throw new GoPanic("non-positive interval for NewTicker");
    const r = rt();
    this.#d = d;
    this.c = new Chan<Date>(0, "timer");
    const t = r.startTimer(r.now() + d, () => {
      t.reset(r.now() + this.#d);
      timerSend(this.c, new Date(r.now()));
    });
    this.#t = t;
  }

  /** stop turns the ticker off; no more ticks are sent and none sent before is received after. */
  stop(): void {
    rt().op("Ticker.stop");
    this.#t.stop();
    drain(this.c);
  }

  /** reset stops the ticker and resets its period to d; d ≤ 0 panics with `non-positive interval for Ticker.Reset`. */
  reset(d: number): void {
    if (!(d > 0)) throw new GoPanic("non-positive interval for Ticker.Reset");
    const r = rt();
    r.op("Ticker.reset");
    this.#d = d;
    drain(this.c);
    this.#t.reset(r.now() + d);
  }
}

/** newTicker returns a Ticker that ticks every d ms; d ≤ 0 panics with `non-positive interval for NewTicker`. */
export function newTicker(d: number): Ticker {
  return new Ticker(d);
}

/** tick is newTicker(d).c, or null for d ≤ 0 (Go's time.Tick). */
export function tick(d: number): Chan<Date> | null {
  return d > 0 ? newTicker(d).c : null;
}
