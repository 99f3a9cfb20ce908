/**
 * runtime.ts — the small interface every gosync primitive is written against.
 *
 * Two implementations exist: the real runtime (real.ts: the JavaScript event loop and real
 * timers, so gosync works in any app) and the simulator (sim/scheduler.ts: one goroutine at a
 * time, a seeded strategy picks who runs at every scheduling point, virtual time, detectors).
 * Primitives never look at which one is active; they call `rt()` and use this interface.
 *
 * Contract for primitive authors:
 *  - Every public blocking or synchronising operation starts with `await rt().yield()` (a
 *    scheduling point), then does its bookkeeping synchronously, then, if it must block,
 *    `await rt().park(reason, where)`; whoever makes it runnable calls `rt().unpark(g)`.
 *    Between two awaits, code runs without interruption: the check-then-act inside one
 *    operation is atomic with respect to other goroutines, as inside Go's runtime locks.
 *  - Happens-before: before an operation that publishes (Unlock, send, close, Done, cancel,
 *    atomic store…) call `rt().release(obj)`; after an operation that observes it (Lock returns,
 *    receive completes, Wait returns, Done observed, atomic load…) call `rt().acquire(obj)`.
 *    `obj` is any object standing for the synchronisation point (the mutex, a channel slot…).
 *    Both are no-ops in the real runtime and when race detection is off.
 *  - An operation Go performs in several atomic moves, whose tail other goroutines can
 *    overtake (WaitGroup.Add's release of the waiters), hands that tail to `rt().later(fn)`
 *    instead of awaiting: the caller does not block, and the simulator schedules the tail.
 *  - Go's panics are thrown as `GoPanic` (panic.ts) with Go's exact text. Go's fatal errors
 *    (unlock of unlocked mutex…) go through `rt().fatal(text)`, which ends the simulated
 *    program (in the real runtime it throws a `GoFatalError`).
 */
import { realRuntime } from "./real.ts";

/**
 * WaitReason and TraceEvent are declared once, as the report's schema (sim/schema.ts): a type
 * import, so the runtime never loads zod.
 */
import type { TraceEvent, WaitReason } from "./sim/schema.ts";
export type { TraceEvent, WaitReason };

/** PARK is what a ResumeOp's `run` returns when the goroutine must block (see Runtime.perform). */
export const PARK: unique symbol = Symbol("gosync.park");

/**
 * ResumeOp is a blocking operation that costs one promise (Runtime.perform): `run` is its body
 * after the scheduling point — it returns the operation's result, or queues `g` where the
 * party that will wake it finds it and returns PARK; `woken` is the result once g has been
 * unparked. Neither may throw, await or call a synchronous gosync operation (it runs inside the
 * scheduler); both may call acquire, release and event.
 */
export interface ResumeOp<T> {
  readonly reason: WaitReason;
  run(g: Goroutine): T | typeof PARK;
  woken(g: Goroutine): T;
}

/** Goroutine is a handle on one goroutine; ids start at 1 (main) as in Go. */
export interface Goroutine {
  readonly id: number;
}

/** Timer is a pending call registered with `startTimer`. */
export interface RuntimeTimer {
  /** stop cancels the call; it reports true if it prevented the call, false if it already ran or was stopped. */
  stop(): boolean;
  /** reset moves the call to absolute time `when` (ms, as `now()`); it reports true if the timer was pending. */
  reset(when: number): boolean;
}

/** Runtime is implemented by the real runtime and by the simulator. */
export interface Runtime {
  readonly kind: "real" | "sim";
  /** go starts fn in a new goroutine; it returns at once, as Go's go statement does. */
  go(fn: () => unknown): void;
  /** current returns the goroutine running now. */
  current(): Goroutine;
  /**
   * yield is a scheduling point: the simulator's strategy may run another goroutine first. `op`
   * names the operation it starts (`WaitGroup.wait`), for the missing-await message.
   */
  yield(op?: string): Promise<void>;
  /**
   * park blocks the current goroutine until some other party calls unpark on it.
   * `reason` appears in deadlock and leak dumps; `obj` names the primitive for the trace.
   */
  park(reason: WaitReason, obj?: object): Promise<void>;
  /**
   * perform is `await yield()`, then op.run(g), then (if it returned PARK) `await park(op.reason,
   * obj)` and op.woken(g), as one promise that resolves to the result: the simulator runs the
   * body as it picks the goroutine, so a hot operation (Mutex.lock) allocates no async frame.
   */
  perform<T>(op: ResumeOp<T>, obj?: object): Promise<T>;
  /** unpark makes g runnable again; it is an error to unpark a goroutine that is not parked. */
  unpark(g: Goroutine): void;
  /** now is the current time in ms since the Unix epoch (virtual inside the simulator). */
  now(): number;
  /** startTimer calls fn (outside any goroutine) once the clock reaches `when` (ms, as now()). */
  startTimer(when: number, fn: () => void): RuntimeTimer;
  /** release records that the current goroutine publishes through obj (happens-before source). */
  release(obj: object): void;
  /** acquire records that the current goroutine observes what was released through obj. */
  acquire(obj: object): void;
  /** fatal ends the program with Go's `fatal error: <text>`; it never returns. */
  fatal(text: string): never;
  /** id returns a small stable number for a primitive object, used in traces and dumps. */
  id(obj: object): number;
  /** event appends to the trace when tracing is on (cheap no-op otherwise). */
  event(kind: TraceEvent["kind"], detail?: string, obj?: object, child?: number): void;
  /**
   * eventOf appends, when tracing is on, an event of parked goroutine g that the current
   * goroutine's step completes for it (a receiver taking a blocked sender's value: the send is
   * done then, before the sender runs again). The event is g's, located where g blocked, and
   * names the current goroutine as `by`. Call it before unpark(g).
   */
  eventOf(g: Goroutine, kind: TraceEvent["kind"], detail?: string, obj?: object): void;
  /** numGoroutine is the number of goroutines that exist now. */
  numGoroutine(): number;
  /**
   * op marks a synchronous gosync operation (unlock, done, close, tryLock…). In the simulator
   * it checks that the calling goroutine really is the one running, which catches a
   * forgotten `await` on the goroutine's previous operation; it is a no-op in the real runtime.
   * `name` (e.g. "Mutex.unlock") appears in that error.
   */
  op(name: string): void;
  /**
   * choose returns an integer in [0, n): the simulator's strategy picks it (and records it in
   * the schedule, so a replay makes the same choice); the real runtime picks at random.
   * `select` uses it to choose uniformly among ready cases.
   */
  choose(n: number): number;
  /**
   * later runs fn as the separately scheduled tail of the current operation. In the simulator
   * it is a runtime step the strategy schedules among the goroutines (other goroutines may run
   * first), run at the latest before the caller's next synchronous gosync operation; a throw
   * from fn panics the caller's goroutine. The real runtime calls fn at once.
   */
  later(fn: () => void): void;
  /** tracing is true when the event trace is being recorded (callers may skip building details). */
  readonly tracing: boolean;
}

/** disposeSymbol is the key guards answer to; it is defined once, in disposable.ts. */
export { disposeSymbol } from "./disposable.ts";

let active: Runtime | undefined;
/**
 * between is the runtime in force outside any simulation when it is not the real one (after
 * refuseOutsideRuns). Not initialised to realRuntime: real.ts imports this module, so that
 * binding may not exist yet while this one loads.
 */
let between: Runtime | undefined;

/** rt returns the runtime in force: the simulator during sim.run/explore/replay, else the real runtime. */
export function rt(): Runtime {
  return active ?? between ?? realRuntime;
}

/** REFUSED_OUTSIDE is what every operation but the clock says outside a run once refuseOutsideRuns was called. */
const REFUSED_OUTSIDE =
  "only runs inside a simulated run here: in the judge's sandbox, goroutines, timers and blocking operations belong to a test (one started while solution.ts loads would outlive the run on the host's real clock)";

/**
 * refuseOutsideRuns makes every gosync operation that would start a goroutine, arm a timer or
 * block throw outside a simulation, in this realm, for good; `now()` stands still at EPOCH
 * (2000-01-01, where every run's virtual time starts), as virtualGlobals' Date does then. A judge's sandbox calls it once: the real runtime's host timers, armed by
 * a program's top level, woke up during later runs and ended them (found by a red-team round).
 */
export function refuseOutsideRuns(): void {
  const real = realRuntime as unknown as Record<PropertyKey, unknown>;
  between = new Proxy(realRuntime, {
    get(_target, key) {
      if (key === "kind" || key === "tracing") return real[key];
      if (key === "now") return () => 946_684_800_000; // EPOCH (sim/scheduler.ts)
      return () => {
        throw new Error(`gosync: ${String(key)} ${REFUSED_OUTSIDE}`);
      };
    },
  });
}

/** setRuntime installs r as the runtime in force (undefined: the real one) and returns the previous one; the simulator uses it around a run. */
export function setRuntime(r: Runtime | undefined): Runtime | undefined {
  const prev = active;
  active = r;
  return prev;
}
