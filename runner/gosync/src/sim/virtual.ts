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
 *
 * The replacements are made once, at module load, and read the clock of the run in force
 * (`clock`), so installing them costs a few assignments per run and no allocation.
 *
 * Two ways to reach simulated code, one set of functions:
 *  - in a plain realm (gosync as a library, its README examples, the chapters' Output checks),
 *    `install` assigns them over the realm's globals for the run and puts the host's back;
 *  - in a hardened realm (the judge's sandbox, after ses `lockdown()`), the shared intrinsics are
 *    frozen and must stay so: `install` then only sets the clock in force, and the code under
 *    test reaches the same functions as its own globals — `virtualGlobals`, which the sandbox
 *    endows the learner's Compartment with (runner/core/compartment.ts).
 */
import { Rng } from "./strategies.ts";
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
const hostRandom = Math.random;
const perf: { now?: unknown } | undefined = typeof performance !== "undefined" ? (performance as unknown as { now?: unknown }) : undefined;
const hostPerfNow = perf !== undefined ? Object.getOwnPropertyDescriptor(perf, "now") : undefined;
const hostProtoNow = perf?.now;
const host = { setTimeout: g.setTimeout, clearTimeout: g.clearTimeout, setInterval: g.setInterval, clearInterval: g.clearInterval };

/**
 * clock is the run in force; random its seeded generator, made at the run's first Math.random
 * call (most runs never call it) from randomSeed; timers its pending virtual timers.
 */
let clock: Clock | null = null;
let random: Rng | null = null;
let randomSeed = 0;
/** drew tells whether the run in force, or the last one, drew from Math.random (its generator outlives neither). */
let drew = false;
/**
 * OUTSIDE_SEED seeds Math.random outside any run, and OUTSIDE_EPOCH is the stopped clock there
 * (EPOCH, scheduler.ts): a program's top level, run while its files load, must draw the same
 * numbers and read the same time on every load and machine (found by a red-team round: a file
 * that chose locked or racy code by Math.random() at load got a different verdict each time).
 */
const OUTSIDE_SEED = 0x5eed;
const OUTSIDE_EPOCH = 946684800000;
let outside = new Rng(OUTSIDE_SEED);
const timers = new Map<number, RuntimeTimer>();
let nextId = 1;

function now(): number {
  return clock === null ? OUTSIDE_EPOCH : clock.now();
}

function VirtualDate(this: unknown, ...args: unknown[]): unknown {
  if (new.target === undefined) return new HostDate(now()).toString();
  return Reflect.construct(HostDate, args.length === 0 ? [now()] : args, new.target);
}
VirtualDate.prototype = HostDate.prototype;
Object.assign(VirtualDate, { now, parse: HostDate.parse, UTC: HostDate.UTC });

function virtualRandom(): number {
  if (clock === null) return outside.next();
  drew = true;
  return (random ??= new Rng(randomSeed)).next();
}

/**
 * drewRandom tells whether the last run (or the one in force) drew from the virtual Math.random:
 * a run that did is not a function of its decisions alone, and another seed may change it.
 */
export function drewRandom(): boolean {
  return drew;
}

/**
 * reseedOutsideRuns restarts the generator virtualGlobals' Math.random draws from outside any
 * run. A sandbox calls it before each load of a Run's files, so the numbers a program's top
 * level draws do not depend on how many loads its sandbox made before (its shard).
 */
export function reseedOutsideRuns(): void {
  outside = new Rng(OUTSIDE_SEED);
}

function virtualPerfNow(): number {
  if (clock === null) return 0;
  return clock.now() - clock.startedAt;
}

/** inRun returns the run in force, or throws: outside a run a timer would outlive it on the host's clock. */
function inRun(name: string): Clock {
  if (clock !== null) return clock;
  throw new TypeError(`${name} is only available while a simulated run is in force (the sandbox's timers are virtual: start timers from a goroutine or a test, or use gosync/time)`);
}

function vSetTimeout(cb: unknown, ms?: number, ...args: unknown[]): number {
  const c = inRun("setTimeout");
  const id = nextId++;
  const fn = typeof cb === "function" ? cb : () => {};
  timers.set(
    id,
    c.startTimer(c.now() + Math.max(0, Number(ms) || 0), () => {
      timers.delete(id);
      c.go(() => fn(...args));
    }),
  );
  return id;
}

function vSetInterval(cb: unknown, ms?: number, ...args: unknown[]): number {
  const c = inRun("setInterval");
  const id = nextId++;
  const fn = typeof cb === "function" ? cb : () => {};
  const every = Math.max(1, Number(ms) || 0);
  const t = c.startTimer(c.now() + every, () => {
    t.reset(c.now() + every);
    c.go(() => fn(...args));
  });
  timers.set(id, t);
  return id;
}

function vClear(id: unknown): void {
  const t = timers.get(id as number);
  if (t !== undefined) {
    t.stop();
    timers.delete(id as number);
  }
}

/**
 * VirtualGlobals are the globals a simulated program sees: the clock, randomness and timers of
 * the run in force. Between runs the clock stands at EPOCH (performance.now() 0), Math.random
 * draws from a fixed seed (reseedOutsideRuns) and the timer functions throw: nothing a program
 * reads outside a run depends on the host.
 */
export interface VirtualGlobals {
  readonly Date: DateConstructor;
  readonly Math: Math;
  readonly performance: { readonly now: () => number; readonly timeOrigin: number };
  readonly setTimeout: (handler: unknown, timeout?: number, ...args: unknown[]) => number;
  readonly clearTimeout: (id?: unknown) => void;
  readonly setInterval: (handler: unknown, timeout?: number, ...args: unknown[]) => number;
  readonly clearInterval: (id?: unknown) => void;
}

const mathCopy: Record<PropertyKey, unknown> = {};
for (const key of Reflect.ownKeys(Math)) {
  const d = Object.getOwnPropertyDescriptor(Math, key)!;
  Object.defineProperty(mathCopy, key, key === "random" ? { ...d, value: virtualRandom } : d);
}

/**
 * virtualGlobals are the same functions `install` puts on a plain realm's globals, as one
 * frozen table for a realm whose globals must not change: a sandbox gives them to the code under
 * test as that code's own `Date`, `Math` (every Math function, with a seeded `random`),
 * `performance`, `setTimeout`/`clearTimeout` and `setInterval`/`clearInterval`.
 */
export const virtualGlobals: VirtualGlobals = Object.freeze({
  Date: Object.freeze(VirtualDate) as unknown as DateConstructor,
  Math: Object.freeze(mathCopy) as unknown as Math,
  performance: Object.freeze({ now: virtualPerfNow, timeOrigin: typeof performance !== "undefined" ? performance.timeOrigin : 0 }),
  setTimeout: vSetTimeout,
  clearTimeout: vClear,
  setInterval: vSetInterval,
  clearInterval: vClear,
});

/**
 * hardened tells whether this realm's intrinsics are frozen (ses lockdown): then the globals are
 * left alone and only virtualGlobals, which read the clock in force, are virtual.
 */
const hardened = (): boolean => Object.isFrozen(Math);

/** install makes the run's clock and randomness current (and, in a plain realm, the globals virtual); it returns the restorer. */
export function install(c: Clock, seed: number): () => void {
  clock = c;
  random = null;
  drew = false;
  randomSeed = seed ^ 0x5bd1e995;
  if (hardened()) return restoreClock;
  g.Date = VirtualDate;
  Math.random = virtualRandom;
  g.setTimeout = vSetTimeout;
  g.clearTimeout = vClear;
  g.setInterval = vSetInterval;
  g.clearInterval = vClear;
  if (perf !== undefined) perf.now = virtualPerfNow;
  return restore;
}

function restoreClock(): void {
  clock = null;
  random = null;
  if (timers.size > 0) timers.clear();
}

function restore(): void {
  clock = null;
  random = null;
  g.Date = HostDate;
  Math.random = hostRandom;
  g.setTimeout = host.setTimeout;
  g.clearTimeout = host.clearTimeout;
  g.setInterval = host.setInterval;
  g.clearInterval = host.clearInterval;
  // Put the host's function back by assignment: deleting the own property (Node keeps `now`
  // on Performance.prototype) would turn `performance` into a dictionary-mode object on
  // every run. An own `now` that is the host's function behaves exactly like the inherited one.
  if (perf !== undefined) {
    if (hostPerfNow !== undefined) Object.defineProperty(perf, "now", hostPerfNow);
    else perf.now = hostProtoNow;
  }
  if (timers.size > 0) timers.clear();
}
