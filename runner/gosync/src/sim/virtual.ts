/**
 * virtual.ts — inside a simulation, the clock and the randomness that simulated code can see
 * are the simulator's: `Date` (constructor and `Date.now`), `performance.now`, `Math.random`,
 * `setTimeout`/`clearTimeout` and `setInterval`/`clearInterval`. They are installed when a run
 * starts and the host's are put back when it ends, so a seed replays a run exactly.
 *
 * A virtual setTimeout/setInterval callback runs in a new goroutine when virtual time reaches
 * it (as time.afterFunc does), and a pending one keeps the program from being reported as
 * deadlocked, like any timer. Awaiting a promise that such a callback resolves is not a gosync
 * operation, so a goroutine doing that is reported as a foreign wait: use time.sleep.
 */
import { rng } from "./strategies.ts";
import type { RuntimeTimer } from "../runtime.ts";

/** Clock is what the virtual globals need from the simulator. */
export interface Clock {
  now(): number;
  /** startedAt is the virtual time at which the run began (performance.now's origin) */
  readonly startedAt: number;
  startTimer(when: number, fn: () => void): RuntimeTimer;
  go(fn: () => unknown): void;
}

const g = globalThis as unknown as Record<string, unknown>;
const HostDate = Date;

interface Saved {
  Date: unknown;
  random: () => number;
  setTimeout: unknown;
  clearTimeout: unknown;
  setInterval: unknown;
  clearInterval: unknown;
  perfNow: PropertyDescriptor | undefined;
}

/** install replaces the globals with ones driven by clock and seed; it returns the restorer. */
export function install(clock: Clock, seed: number): () => void {
  const saved: Saved = {
    Date: g.Date,
    random: Math.random,
    setTimeout: g.setTimeout,
    clearTimeout: g.clearTimeout,
    setInterval: g.setInterval,
    clearInterval: g.clearInterval,
    perfNow: typeof performance !== "undefined" ? Object.getOwnPropertyDescriptor(performance, "now") : undefined,
  };

  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) return new HostDate(clock.now()).toString();
    return Reflect.construct(HostDate, args.length === 0 ? [clock.now()] : args, new.target);
  }
  VirtualDate.prototype = HostDate.prototype;
  Object.assign(VirtualDate, { now: () => clock.now(), parse: HostDate.parse, UTC: HostDate.UTC });

  const timers = new Map<number, RuntimeTimer>();
  let nextId = 1;
  const vSetTimeout = (cb: unknown, ms?: number, ...args: unknown[]): number => {
    const id = nextId++;
    const fn = typeof cb === "function" ? cb : () => {};
    timers.set(
      id,
      clock.startTimer(clock.now() + Math.max(0, Number(ms) || 0), () => {
        timers.delete(id);
        clock.go(() => fn(...args));
      }),
    );
    return id;
  };
  const vSetInterval = (cb: unknown, ms?: number, ...args: unknown[]): number => {
    const id = nextId++;
    const fn = typeof cb === "function" ? cb : () => {};
    const every = Math.max(1, Number(ms) || 0);
    const t = clock.startTimer(clock.now() + every, function tick() {
      t.reset(clock.now() + every);
      clock.go(() => fn(...args));
    });
    timers.set(id, t);
    return id;
  };
  const vClear = (id: unknown): void => {
    const t = timers.get(id as number);
    if (t !== undefined) {
      t.stop();
      timers.delete(id as number);
    }
  };

  g.Date = VirtualDate;
  Math.random = rng(seed ^ 0x5bd1e995);
  g.setTimeout = vSetTimeout;
  g.clearTimeout = vClear;
  g.setInterval = vSetInterval;
  g.clearInterval = vClear;
  if (typeof performance !== "undefined") {
    try {
      Object.defineProperty(performance, "now", { configurable: true, writable: true, value: () => clock.now() - clock.startedAt });
    } catch {
      // a host whose performance.now cannot be replaced keeps the real one
    }
  }

  return function restore(): void {
    g.Date = saved.Date;
    Math.random = saved.random;
    g.setTimeout = saved.setTimeout;
    g.clearTimeout = saved.clearTimeout;
    g.setInterval = saved.setInterval;
    g.clearInterval = saved.clearInterval;
    if (typeof performance !== "undefined") {
      try {
        if (saved.perfNow !== undefined) Object.defineProperty(performance, "now", saved.perfNow);
        else delete (performance as unknown as Record<string, unknown>).now;
      } catch {
        // nothing was replaced
      }
    }
    for (const t of timers.values()) t.stop();
    timers.clear();
  };
}
