/**
 * real.ts — the real runtime: goroutines are ordinary async functions on the JavaScript event
 * loop and timers are the host's timers, so gosync's primitives work in any app.
 *
 * There is no scheduler to ask: a scheduling point is a microtask turn, park is a promise that
 * unpark resolves, and the detectors (races, deadlocks, leaks) do not exist here — they live in
 * the simulator. The host's `setTimeout` and `Date.now` are captured when this module loads, so
 * the real runtime keeps real time even while a simulation has virtualised the globals.
 */
import { PARK, type Goroutine, type ResumeOp, type Runtime, type RuntimeTimer, type TraceEvent, type WaitReason } from "./runtime.ts";
import { GoFatalError } from "./panic.ts";
import { NativeDate, NativePromise, NativeWeakMap, RESOLVED, floor, hostClearTimeout, hostRandom, hostSetTimeout, max, min } from "./commons.ts";

const hostNow = NativeDate.now.bind(NativeDate);
/** MAX_HOST_DELAY is the longest delay setTimeout honours; longer ones fire after 1 ms. */
const MAX_HOST_DELAY = 2 ** 31 - 1;

/** RealG is a goroutine handle in the real runtime: `wake` is set while it is parked. */
interface RealG extends Goroutine {
  wake: (() => void) | null;
  /** woken records an unpark that arrived before the park promise was created. */
  woken: boolean;
}

let nextId = 1;
/** live counts goroutines started with go() that have not ended, plus the program itself. */
let live = 1;
/** handle is the handle returned by the latest current(); park() binds to it. */
let handle: RealG | null = null;
const ids = new NativeWeakMap<object, number>();
let nextObjId = 1;

const resolved: Promise<void> = RESOLVED;

class RealRuntime implements Runtime {
  readonly kind = "real" as const;
  readonly tracing = false;

  go(fn: () => unknown): void {
    live++;
    // Like Go, the go statement returns at once; the goroutine starts on a later turn. An
    // uncaught throw in it is left unhandled, as an uncaught panic crashes a Go program.
    resolved
      .then(fn)
      .finally(() => {
        live--;
      });
  }

  current(): Goroutine {
    // The event loop does not tell us which async function is running, so every call hands
    // out a fresh handle; a primitive queues it and then parks on it before its next await.
    handle = { id: nextId++, wake: null, woken: false };
    return handle;
  }

  yield(_op?: string): Promise<void> {
    return resolved;
  }

  park(_reason: WaitReason, _obj?: object): Promise<void> {
    const g = handle;
    handle = null;
    if (g === null) throw new Error("gosync: park called without a preceding current() in the same operation");
    if (g.woken) return resolved;
    return new NativePromise<void>((resolve) => {
      g.wake = resolve;
    });
  }

  perform<T>(op: ResumeOp<T>, obj?: object): Promise<T> {
    return resolved.then(() => {
      const g = this.current();
      const v = op.run(g);
      if (v !== PARK) return v;
      return this.park(op.reason, obj).then(() => op.woken(g));
    });
  }

  unpark(g: Goroutine): void {
    const r = g as RealG;
    if (r.wake !== null) {
      const w = r.wake;
      r.wake = null;
      w();
    } else {
      r.woken = true;
    }
  }

  now(): number {
    return hostNow();
  }

  startTimer(when: number, fn: () => void): RuntimeTimer {
    let pending = true;
    let due = when;
    let handle: ReturnType<typeof hostSetTimeout> = arm();
    // Hosts clamp delays above 2^31-1 ms (about 24.8 days) to 1 ms, so a long timer is armed in
    // steps no longer than that and re-armed until its due time has really come.
    function arm(): ReturnType<typeof hostSetTimeout> {
      return hostSetTimeout(fire, min(MAX_HOST_DELAY, max(0, due - hostNow())));
    }
    function fire(): void {
      if (due - hostNow() > 0) {
        handle = arm();
        return;
      }
      pending = false;
      fn();
    }
    return {
      stop(): boolean {
        if (!pending) return false;
        pending = false;
        hostClearTimeout(handle);
        return true;
      },
      reset(at: number): boolean {
        const was = pending;
        if (pending) hostClearTimeout(handle);
        pending = true;
        due = at;
        handle = arm();
        return was;
      },
    };
  }

  release(_obj: object): void {}
  acquire(_obj: object): void {}

  fatal(text: string): never {
    throw new GoFatalError(text);
  }

  id(obj: object): number {
    let n = ids.get(obj);
    if (n === undefined) {
      n = nextObjId++;
      ids.set(obj, n);
    }
    return n;
  }

  event(_kind: TraceEvent["kind"], _detail?: string, _obj?: object, _child?: number): void {}

  eventOf(_g: Goroutine, _kind: TraceEvent["kind"], _detail?: string, _obj?: object): void {}

  numGoroutine(): number {
    return live;
  }

  op(_name: string): void {}

  choose(n: number): number {
    return floor(hostRandom() * n);
  }

  later(fn: () => void): void {
    fn();
  }
}

/** realRuntime is the runtime in force outside any simulation. */
export const realRuntime: Runtime = new RealRuntime();
