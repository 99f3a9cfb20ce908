/**
 * private-state.spec.ts — gosync's objects keep their state in #private fields (commons.ts).
 *
 * Learner code holds Mutexes, channels, contexts, timers…: every property such an object shows
 * (its own keys and those of its prototypes up to Object.prototype) must be part of the
 * documented API, and nothing reachable through them may be the simulator, a goroutine record,
 * a simulator timer or the race detector. A TypeScript `private` field (an ordinary property)
 * or an internal method on a prototype fails the first check; an internal object left in a
 * public field fails the second.
 */
import { describe, expect, test } from "vitest";
import { chan, Chan, go } from "./index.ts";
import { Cond, Map as SyncMap, Mutex, Once, RWMutex, WaitGroup } from "./sync.ts";
import * as atomic from "./atomic.ts";
import * as time from "./time.ts";
import * as context from "./context.ts";
import * as errgroup from "./errgroup.ts";
import * as semaphore from "./semaphore.ts";
import { AsyncDisposableStackPonyfill, DisposableStackPonyfill, disposeSymbol } from "./disposable.ts";
import { rt } from "./runtime.ts";
import { Sim, SimG } from "./sim/scheduler.ts";
import { RaceDetector } from "./sim/race.ts";
import { onSim } from "../test/support.ts";

/** The documented API of each kind of object learner code holds (gosync-api.md, the README, the doc comments). */
const API: Record<string, readonly PropertyKey[]> = {
  Mutex: ["lock", "tryLock", "unlock"],
  RWMutex: ["rLock", "tryRLock", "rUnlock", "lock", "tryLock", "unlock", "rLocker"],
  Locker: ["lock", "unlock"],
  Guard: [disposeSymbol],
  WaitGroup: ["add", "done", "wait", "go"],
  Once: ["do"],
  Cond: ["L", "wait", "signal", "broadcast"],
  Map: ["load", "store", "loadOrStore", "loadAndDelete", "delete", "swap", "compareAndSwap", "compareAndDelete", "range", "clear"],
  Chan: ["isNil", "len", "cap", "send", "recv", "recvOk", "close", Symbol.asyncIterator],
  Timer: ["c", "stop", "reset", "pending"],
  Ticker: ["c", "stop", "reset"],
  Context: ["deadline", "done", "err", "value", "toString"],
  Group: ["go", "tryGo", "setLimit", "wait"],
  Weighted: ["acquire", "tryAcquire", "release"],
  AtomicInt: ["load", "store", "swap", "compareAndSwap", "add", "and", "or", "toString"],
  Bool: ["load", "store", "swap", "compareAndSwap", "toString"],
  Value: ["load", "store", "swap", "compareAndSwap"],
  DisposableStack: ["dispose", "use", "adopt", "defer", "move", "disposed", disposeSymbol, Symbol.toStringTag],
  AsyncDisposableStack: ["disposeAsync", "use", "adopt", "defer", "move", "disposed", Symbol.asyncDispose, Symbol.toStringTag],
};

/** GETTERS are the documented getters, read on the object itself to follow what they return. */
const GETTERS = new Set<PropertyKey>(["len", "cap", "pending", "disposed"]);

/** chainOf lists o and its prototypes, Object.prototype (and Function.prototype) excluded. */
function chainOf(o: object): object[] {
  const out: object[] = [];
  for (let p: object | null = o; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) out.push(p);
  return out;
}

/** undocumented returns the keys of o and its prototypes that are not in api (constructor aside). */
function undocumented(o: object, api: readonly PropertyKey[]): string[] {
  const bad: string[] = [];
  for (const p of chainOf(o)) {
    for (const k of Reflect.ownKeys(p)) {
      if (k === "constructor" && p !== o) continue;
      if (!api.includes(k)) bad.push(`${p === o ? "own" : `${(p as { constructor?: { name?: string } }).constructor?.name}.prototype`} ${String(k)}`);
    }
  }
  return bad;
}

/**
 * leads returns the paths from o, through the data properties and documented getters of o and
 * its prototypes (and of every object reached so), to an object of one of the forbidden
 * prototypes. Functions are code, not state: they are not entered.
 */
function leads(o: object, forbidden: readonly object[]): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const queue: [object, string][] = [[o, ""]];
  while (queue.length > 0) {
    const [x, path] = queue.shift()!;
    if (seen.has(x)) continue;
    seen.add(x);
    for (const f of forbidden) if (f.isPrototypeOf(x)) found.push(`${path || "(itself)"} is a ${(f as { constructor: { name: string } }).constructor.name}`);
    for (const p of chainOf(x)) {
      for (const k of Reflect.ownKeys(p)) {
        const d = Reflect.getOwnPropertyDescriptor(p, k)!;
        const v = "value" in d ? d.value : d.get !== undefined && GETTERS.has(k) ? Reflect.apply(d.get, x, []) : undefined;
        if (v !== null && typeof v === "object") queue.push([v, `${path}.${String(k)}`]);
      }
    }
  }
  return found;
}

describe("private state", () => {
  test("the walk finds the simulator wherever an object keeps it", async () => {
    const found: string[][] = [];
    await onSim(async () => {
      found.push(leads({ a: [{ r: rt() }] }, [Sim.prototype]));
    }, { seeds: 1 });
    expect(found).toEqual([[".a.0.r is a Sim"]]);
  });

  test("the classes learners hold show only their documented statics", () => {
    const statics: [string, object, PropertyKey[]][] = [
      ["Chan", Chan, ["nil"]],
      ...[Mutex, RWMutex, WaitGroup, Once, Cond, SyncMap, time.Timer, time.Ticker, errgroup.Group, semaphore.Weighted, atomic.Int32, atomic.Int64, atomic.Uint32, atomic.Uint64, atomic.Bool, atomic.Value, atomic.Pointer].map(
        (c): [string, object, PropertyKey[]] => [c.name, c, []],
      ),
    ];
    for (const [name, c, extra] of statics) {
      const keys = Reflect.ownKeys(c).filter((k) => k !== "length" && k !== "name" && k !== "prototype" && !extra.includes(k));
      expect(keys, `${name}'s own static keys`).toEqual([]);
    }
  });

  test("a learner-held object exposes only its documented API and nothing that leads to the simulator, mid-operation", async () => {
    const problems: string[] = [];
    await onSim(
      async () => {
        const r = rt();
        const probe = r.startTimer(r.now() + 1e9, () => {});
        const forbidden = [Sim.prototype, SimG.prototype, Object.getPrototypeOf(probe) as object, RaceDetector.prototype];
        probe.stop();
        const gate = chan<void>();
        const bg = context.background();

        // Each primitive with a goroutine blocked in it, so its queues hold goroutine records.
        const mu = new Mutex();
        const muGuard = await mu.lock();
        go(async () => {
          await mu.lock();
          mu.unlock();
        });
        const rw = new RWMutex();
        const rGuard = await rw.rLock();
        go(async () => {
          const g = await rw.lock();
          g[disposeSymbol]();
        });
        const wg = new WaitGroup();
        wg.add(1);
        go(() => wg.wait());
        const ch = chan<number>();
        go(() => ch.send(1));
        const buffered = chan<number>(2);
        await buffered.send(1);
        const condMu = new Mutex();
        const cond = new Cond(condMu);
        let ready = false;
        go(async () => {
          await condMu.lock();
          while (!ready) await cond.wait();
          condMu.unlock();
        });
        const once = new Once();
        go(() => once.do(() => gate.recv()));
        go(() => once.do(() => {}));
        const timer = time.newTimer(time.Hour);
        const ticker = time.newTicker(time.Hour);
        const fn = time.afterFunc(time.Hour, () => {});
        const [cctx, cancel] = context.withCancel(bg);
        const [tctx, tcancel] = context.withTimeout(cctx, time.Hour);
        const [ccctx, ccancel] = context.withCancelCause(tctx);
        const vctx = context.withValue(ccctx, "k", 1);
        const wctx = context.withoutCancel(vctx);
        const stop = context.afterFunc(vctx, () => {});
        go(() => cctx.done().recv());
        const [group, gctx] = errgroup.withContext(cctx);
        group.setLimit(1);
        await group.go(() => gate.recv().then(() => null));
        const queued = chan<void>();
        go(async () => {
          await group.go(() => null); // blocked until the first task frees the slot
          queued.close();
        });
        const plainGroup = new errgroup.Group();
        const sem = semaphore.newWeighted(1);
        await sem.acquire(bg, 1);
        go(async () => {
          if ((await sem.acquire(bg, 1)) === null) sem.release(1);
        });
        const i32 = new atomic.Int32(1);
        const m = new SyncMap<string, number>();
        m.store("a", 1);
        const stack = new DisposableStackPonyfill();
        stack.defer(() => {});
        const astack = new AsyncDisposableStackPonyfill();
        await time.sleep(1); // every goroutine above runs until it blocks

        const held: [string, object, string][] = [
          ["Mutex", mu, "Mutex"],
          ["Mutex guard", muGuard, "Guard"],
          ["RWMutex", rw, "RWMutex"],
          ["RWMutex read guard", rGuard, "Guard"],
          ["rw.rLocker()", rw.rLocker(), "Locker"],
          ["WaitGroup", wg, "WaitGroup"],
          ["unbuffered Chan", ch, "Chan"],
          ["buffered Chan", buffered, "Chan"],
          ["nil Chan", Chan.nil(), "Chan"],
          ["Cond", cond, "Cond"],
          ["Once", once, "Once"],
          ["Timer", timer, "Timer"],
          ["Timer.c", timer.c!, "Chan"],
          ["Ticker", ticker, "Ticker"],
          ["afterFunc's Timer", fn, "Timer"],
          ["background", bg, "Context"],
          ["todo", context.todo(), "Context"],
          ["withCancel", cctx, "Context"],
          ["withTimeout", tctx, "Context"],
          ["withCancelCause", ccctx, "Context"],
          ["withValue", vctx, "Context"],
          ["withoutCancel", wctx, "Context"],
          ["done()", cctx.done(), "Chan"],
          ["errgroup Group", group, "Group"],
          ["errgroup's context", gctx, "Context"],
          ["a zero Group", plainGroup, "Group"],
          ["Weighted", sem, "Weighted"],
          ["atomic.Int32", i32, "AtomicInt"],
          ["atomic.Int64", new atomic.Int64(), "AtomicInt"],
          ["atomic.Uint32", new atomic.Uint32(), "AtomicInt"],
          ["atomic.Uint64", new atomic.Uint64(), "AtomicInt"],
          ["atomic.Bool", new atomic.Bool(true), "Bool"],
          ["atomic.Value", new atomic.Value<object>(), "Value"],
          ["atomic.Pointer", new atomic.Pointer<object>(), "Value"],
          ["sync.Map", m, "Map"],
          ["DisposableStack", stack, "DisposableStack"],
          ["AsyncDisposableStack", astack, "AsyncDisposableStack"],
        ];
        for (const [name, o, api] of held) {
          for (const k of undocumented(o, API[api])) problems.push(`${name}: undocumented ${k}`);
          for (const p of leads(o, forbidden)) problems.push(`${name}: ${p}`);
        }

        // Let everything finish, so the run ends ok with no leak.
        muGuard[disposeSymbol]();
        rGuard[disposeSymbol]();
        wg.done();
        await ch.recv();
        await condMu.lock();
        ready = true;
        cond.broadcast();
        condMu.unlock();
        gate.close();
        timer.stop();
        ticker.stop();
        fn.stop();
        stop();
        ccancel(null);
        tcancel();
        cancel();
        await queued.recv();
        await group.wait();
        sem.release(1);
        stack.dispose();
      },
      { seeds: 3 },
    );
    expect(problems).toEqual([]);
  });
});
