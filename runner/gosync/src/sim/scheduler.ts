/**
 * scheduler.ts — the simulator: a Runtime that runs one goroutine at a time.
 *
 * The whole simulation advances as one chain of microtasks. A goroutine runs until it reaches
 * a scheduling point (`yield`/`park`, or its end); there the scheduler synchronously asks the
 * strategy for the next goroutine and resolves that goroutine's pending promise, and the
 * chain goes on in the next microtask. Nothing else can run in between, so the program's
 * interleaving is exactly the sequence of strategy decisions, which makes a seed (or the
 * recorded schedule) reproduce a run step for step.
 *
 * Goroutine states:
 *
 *   RUNNABLE --(strategy picks it)--> RUNNING --yield--> RUNNABLE
 *                                        |--park-------> WAITING --unpark--> RUNNABLE
 *                                        '--returns/throws--> DEAD
 *
 * Exactly one goroutine is RUNNING between a handoff and its next scheduling point. When none
 * is runnable, the virtual clock jumps to the earliest timer and fires it (timers that are
 * already due fire at every scheduling point); with no timer either, the program is
 * deadlocked. A timer that is always pending (a forgotten ticker) therefore hides a deadlock,
 * as in Go; such a run ends at the step limit.
 *
 * The run queue may also hold runtime steps (`later`): the tail of an operation Go performs
 * in several atomic moves, which other goroutines may overtake. The strategy picks a step like
 * a goroutine; it then runs synchronously, and the scheduler picks again.
 *
 * If a real macrotask runs while the simulation has not ended, the chain has stalled: the
 * running goroutine awaits something that is not a gosync operation (a real timer, a fetch,
 * a promise resolved from outside). That is reported as "foreign-wait", never a hang.
 *
 * Cost. A scheduling point allocates the promise the goroutine awaits and one microtask for the
 * handoff check (a reaction on a resolved promise, whose result promise V8 allocates; Node's
 * queueMicrotask would add an AsyncResource and a bound function); no closure or array (the
 * executor, the stall watchdog and the handoff callbacks are shared). An async primitive adds
 * its own promise; one written with `perform` (Mutex.lock) does not, as its body runs here when
 * the strategy picks the goroutine, and the goroutine's promise resolves to its result. A run
 * allocates its Sim, one record per goroutine and the report; the
 * race detector only once shared() state is first touched; the virtual globals are swapped by
 * plain assignments.
 *
 * The parts live beside it, one idea each: the goroutine record and its states (goroutine.ts),
 * the event-loop plumbing and the stall watchdog (event-loop.ts), stack capture (stack.ts), the
 * timer heap (timers.ts); as Go splits proc.go, traceback.go and time.go.
 */
import type { Goroutine, ResumeOp, Runtime, RuntimeTimer, TraceEvent, WaitReason } from "../runtime.ts";
import { PARK, setRuntime } from "../runtime.ts";
import { GoFatalError, panicLine, panicText } from "../panic.ts";
import { copyOf, removeAt } from "../arrays.ts";
import { RaceDetector, clockOf, type Loc, type Where } from "./race.ts";
import { DEADLOCK, REPORT_GOROUTINES, REPORT_RACES, REPORT_TRACE, dumpText, type GoroutineInfo, type Report, type Outcome } from "./report.ts";
import type { Strategy } from "./strategies.ts";
import { install } from "./virtual.ts";
import { capture, captured, drained, microtask, unwatchStalls, watchStalls } from "./event-loop.ts";
import { DEAD, RUNNABLE, RUNNING, SimG, WAITING } from "./goroutine.ts";
import { captureWhere, plainWhere, whereOfError } from "./stack.ts";
import { Timer, TimerHeap } from "./timers.ts";
import { BlockProfile, REPORT_PROFILE } from "./profile.ts";
import { NativePromise, NativeWeakMap, isArray, isoTime } from "../commons.ts";

export { SimG } from "./goroutine.ts";
export { captureWhere } from "./stack.ts";

/** EPOCH is where virtual time starts: 2000-01-01T00:00:00Z, as in Go's synctest. */
export const EPOCH = 946684800000;

/** NEVER is what every operation returns once the program has ended: zombies stop there. */
const NEVER: Promise<void> = new Promise<void>(() => {});

/** SimExit is thrown into a goroutine that the program's end interrupts (never user-visible as a result). */
export class SimExit extends Error {
  constructor() {
    super("gosync: the simulated program has ended");
    this.name = "SimExit";
  }
}

/** SimOptions configures one run (normalised by explore.ts). */
export interface SimOptions {
  seed: number;
  strategy: Strategy;
  maxSteps: number;
  detectRaces: boolean;
  /** list goroutines alive at the end as leaks (false: the report's leaks stay empty) */
  detectLeaks: boolean;
  /**
   * mainExits ends the run when main returns, as a Go program ends (its other goroutines are
   * simply gone: no leak is listed); false follows synctest and lets them finish first.
   */
  mainExits: boolean;
  stacks: boolean;
  /**
   * accessStacks: with stacks, also where each shared() access is made (what a race report shows
   * of its two accesses); absent means yes. A third of a replay's captures, worth none to a
   * failure with no race.
   */
  accessStacks?: boolean;
  trace: boolean;
  /** record the blocking profile (profile.ts): where goroutines blocked, how often and for how long */
  profile: boolean;
}

/** Sim is the simulated runtime for one run. */
export class Sim implements Runtime {
  readonly kind = "sim" as const;
  readonly tracing: boolean;
  readonly startedAt = EPOCH;
  readonly #opts: SimOptions;
  readonly #strategy: Strategy;
  /**
   * race is the data-race detector, created at the first access to shared() state (see
   * startRaceDetection): until then no goroutine can have made a tracked access, so no
   * happens-before edge before that point can order two tracked accesses, and a run that
   * shares nothing pays nothing for detectRaces.
   */
  #race: RaceDetector | null = null;
  readonly #all: SimG[] = [];
  readonly #runq: SimG[] = [];
  #cur: SimG | null = null;
  /** #inPending is the goroutine whose perform() body runs now (#runPending), on another goroutine's stack */
  #inPending: SimG | null = null;
  /** profile is the blocking profile, when asked for */
  readonly #profile: BlockProfile | null;
  /** lastRan is the id of the goroutine the scheduler last handed the CPU to (what a bounded search calls the current one) */
  #lastRan = 0;
  /** timerG stands for the runtime while timer callbacks run (id 0) */
  readonly #timerG = new SimG(0, 0, null);
  /** starting is the goroutine whose first run the pending handoff microtask begins */
  #starting: SimG | null = null;
  /** runtime steps (Sim.later) waiting in the run queue, and how many have been created */
  #pendingSteps = 0;
  #stepSeq = 0;
  #live = 0;
  #nowMs = EPOCH;
  #steps = 0;
  readonly #timers = new TimerHeap();
  #ids: WeakMap<object, number> | null = null;
  #nextObjId = 1;
  readonly #schedule: number[] = [];
  /**
   * events is the trace, a ring of at most REPORT_TRACE events once full: eventsDropped counts
   * the events overwritten, and the oldest kept is at eventsDropped % REPORT_TRACE.
   */
  readonly #events: TraceEvent[] = [];
  #eventsDropped = 0;
  #done = false;
  /**
   * mainDone is set when main returns. Go ends the program there; gosync, like synctest.Test,
   * first lets the goroutines that can still run finish (virtual time stands still), then
   * ends the run and lists the ones still blocked as leaks. The report records where main
   * returned (mainReturnedAtStep, mainReturnedAtMs) and trace events after it carry
   * `afterMain`, so a caller wanting Go's program semantics can cut the run there.
   */
  #mainDone = false;
  #mainReturnedAtStep = -1;
  #mainReturnedAtMs = -1;
  /** handoff is true from a handoff until the microtask queued just before it runs */
  #handoff = false;
  #handoffFrom: SimG | null = null;
  readonly #clearHandoff = (): void => {
    this.#handoff = false;
  };
  readonly #enterStarting = (): void => {
    const g = this.#starting!;
    this.#starting = null;
    const fn = g.fn!;
    g.fn = null;
    void this.#body(g, fn);
  };
  #resolveRun: ((r: Report) => void) | null = null;
  #restoreGlobals: (() => void) | null = null;
  #prevRuntime: Runtime | undefined = undefined;

  /** onStall is what the stall watchdog calls while this run is in force (event-loop.ts) */
  readonly #onStall = (): void => this.#stalled();

  constructor(opts: SimOptions) {
    this.#opts = opts;
    this.#strategy = opts.strategy;
    this.tracing = opts.trace;
    this.#profile = opts.profile ? new BlockProfile() : null;
    this.#timerG.state = RUNNING;
  }

  /** start runs main as goroutine 1 and resolves with the report when the program ends. */
  start(main: () => unknown): Promise<Report> {
    return new NativePromise<Report>((resolve) => {
      this.#resolveRun = resolve;
      this.#prevRuntime = setRuntime(this);
      if (this.#prevRuntime !== undefined && this.#prevRuntime.kind === "sim") {
        setRuntime(this.#prevRuntime);
        throw new Error("gosync/sim: a simulation is already running; sim.run calls cannot nest or overlap (await the first one)");
      }
      this.#restoreGlobals = install(this, this.#opts.seed);
      watchStalls(this, this.#onStall);
      this.#spawn(main, null);
      this.#next();
    });
  }

  /** #stalled ends the run as a foreign wait: a macrotask ran while the run was unfinished. */
  #stalled(): void {
    if (this.#done) return;
    const g = this.#cur;
    const who = g === null || g === this.#timerG ? "a goroutine" : `goroutine ${g.id}`;
    this.#finish(
      "foreign-wait",
      `gosync: ${who} is awaiting something that is not a gosync operation (a real timer, a promise resolved by setTimeout or setInterval, fetch, I/O), so the simulated program cannot go on. ` +
        "Inside the simulator only gosync operations make progress: use time.sleep or time.after for delays, and channels, WaitGroup or Mutex to wait for other goroutines.",
      g !== null && g !== this.#timerG ? [this.#info(g, "running")] : undefined,
    );
  }

  // ——— Runtime ———

  go(fn: () => unknown): void {
    if (this.#done) return;
    this.op("go");
    if (this.#done) return;
    this.#spawn(fn, this.#cur ?? this.#timerG);
  }

  #spawn(fn: () => unknown, parent: SimG | null): SimG {
    const g = new SimG(this.#all.length + 1, parent === null ? 0 : parent.id, fn);
    this.#all.push(g);
    this.#live++;
    if (this.#race !== null && parent !== null) this.#race.fork(parent, g);
    if (this.#opts.stacks && parent !== null) g.createdAt = captureWhere().at;
    this.#strategy.spawned(g);
    this.#runq.push(g);
    if (this.tracing) this.#trace(parent === null ? 0 : parent.id, "go", undefined, undefined, g.id);
    return g;
  }

  /**
   * body runs a goroutine's function (the strategy has picked it for the first time) and ends
   * the goroutine when it returns or throws. Its own promise never rejects.
   */
  async #body(g: SimG, fn: () => unknown): Promise<void> {
    if (this.#done) return;
    try {
      await fn();
    } catch (e) {
      this.#crash(g, e);
      return;
    }
    try {
      this.#exit(g);
    } catch (e) {
      // the strategy failed while picking the next goroutine (a replay that diverged)
      this.#crash(g, e);
    }
  }

  #exit(g: SimG): void {
    if (this.#done) return;
    // Not running, or returning in the same job as its last scheduling point: the goroutine
    // started an operation without awaiting it and went on to return.
    if (g.state !== RUNNING || this.#handoff) {
      this.#end(forgotAwaitText(g, `returned while its ${g.op || "gosync operation"} was still pending`));
      return;
    }
    g.state = DEAD;
    this.#live--;
    if (this.tracing) this.#trace(g.id, "end");
    if (g.id === 1) {
      this.#mainDone = true;
      this.#mainReturnedAtStep = this.#steps;
      this.#mainReturnedAtMs = this.#nowMs - EPOCH;
    }
    if (this.#mainDone && (this.#live === 0 || this.#opts.mainExits)) {
      this.#finish("ok");
      return;
    }
    this.#cur = null;
    this.#next();
  }

  #crash(g: SimG, e: unknown): void {
    if (this.#done || e instanceof SimExit) return;
    const where = this.#opts.stacks ? whereOfError(e) : null;
    const info: GoroutineInfo = { ...this.#info(g, "running"), ...(where ?? {}) };
    if (this.tracing) this.#trace(g.id, "panic", panicText(e));
    // As Go's default traceback (GOTRACEBACK=single): a panic shows the goroutine that panicked,
    // a fatal error every goroutine.
    if (e instanceof GoFatalError) {
      const all = this.#withOthers(info, g);
      this.#finish("fatal", `fatal error: ${panicText(e)}`, all.list, all.total);
    } else this.#finish("panic", panicLine(e), [info]);
  }

  current(): Goroutine {
    return this.#cur ?? this.#timerG;
  }

  yield(op?: string): Promise<void> {
    if (this.#handoff) this.#forgotAwaitSync(op ?? "a scheduling point");
    if (this.#done) return NEVER;
    const g = this.#cur;
    if (g === null || g === this.#timerG) throw blockingInTimer(op ?? "gosched or the start of an operation");
    // What the goroutine is in now, until it next blocks or starts another: what a missing
    // await leaves pending.
    if (op !== undefined) g.op = op;
    if (this.#opts.stacks) g.readyAt = captureWhere().at;
    g.state = RUNNABLE;
    this.#runq.push(g);
    const p = new NativePromise<void>(capture);
    g.resume = captured;
    this.#next();
    return p;
  }

  perform<T>(op: ResumeOp<T>, obj?: object): Promise<T> {
    if (this.#handoff) this.#forgotAwaitSync(op.reason);
    if (this.#done) return NEVER as Promise<never>;
    const g = this.#cur;
    if (g === null || g === this.#timerG) throw blockingInTimer(op.reason);
    g.op = op.reason;
    g.state = RUNNABLE;
    g.pending = op;
    g.pendingObj = obj;
    g.pendingParked = false;
    if (this.#opts.stacks || this.#profile !== null) g.pendingWhere = captureWhere();
    g.readyAt = g.pendingWhere?.at;
    this.#runq.push(g);
    const p = new NativePromise<T>(capture);
    g.resume = captured;
    this.#next();
    return p;
  }

  /**
   * runPending runs g's pending perform() body as the strategy picks g (nothing runs between a
   * pick and the goroutine's continuation, so this is the same instant). It returns PARK if g
   * blocked (and is now WAITING), else the operation's result.
   */
  #runPending(g: SimG): unknown {
    const op = g.pending!;
    const prev = this.#cur;
    const prevPending = this.#inPending;
    this.#cur = g;
    this.#inPending = g;
    g.state = RUNNING;
    let v: unknown;
    try {
      v = g.pendingParked ? op.woken(g) : op.run(g);
    } finally {
      this.#inPending = prevPending;
    }
    this.#cur = prev;
    if (v === PARK) {
      g.pendingParked = true;
      g.state = WAITING;
      g.reason = op.reason;
      g.obj = g.pendingObj;
      g.where = g.pendingWhere;
      g.op = op.reason;
      if (this.#profile !== null) g.blockedAt = this.#nowMs;
      // A block is where its goroutine called the operation (a timeline shows each goroutine's line).
      if (this.tracing) this.#trace(g.id, "block", op.reason, g.pendingObj, undefined, this.#opts.stacks ? g.where?.at : undefined);
      return PARK;
    }
    g.pending = null;
    g.pendingObj = undefined;
    g.pendingParked = false;
    g.pendingWhere = null;
    return v;
  }

  park(reason: WaitReason, obj?: object): Promise<void> {
    if (this.#handoff) this.#forgotAwaitSync(reason);
    if (this.#done) return NEVER;
    const g = this.#cur;
    if (g === null || g === this.#timerG) throw blockingInTimer(reason);
    g.state = WAITING;
    g.reason = reason;
    g.obj = obj;
    if (this.#opts.stacks || this.#profile !== null) g.where = captureWhere();
    g.readyAt = g.where?.at;
    if (this.#profile !== null) g.blockedAt = this.#nowMs;
    if (this.tracing) this.#trace(g.id, "block", reason, obj, undefined, this.#opts.stacks ? g.where?.at : undefined);
    g.op = reason;
    const p = new NativePromise<void>(capture);
    g.resume = captured;
    this.#next();
    return p;
  }

  unpark(x: Goroutine): void {
    const g = x as SimG;
    if (g.state !== WAITING) throw new Error(`gosync: internal error: unpark of goroutine ${g.id}, which is not parked`);
    g.state = RUNNABLE;
    if (this.#profile !== null && g.blockedAt >= 0) this.#profiled(g);
    if (this.tracing) this.#trace(g.id, "unblock", g.reason ?? undefined, g.obj);
    g.wokenFrom = g.reason;
    g.reason = null;
    g.obj = undefined;
    g.where = null;
    this.#runq.push(g);
  }

  now(): number {
    return this.#nowMs;
  }

  /**
   * profiled adds g's wait, which ends now, to the blocking profile. Sleeping is not blocking on
   * synchronisation (Go's block profile leaves time.Sleep out), nor is a select with no cases. A
   * select waits on several channels at once (it parks on its list of cases, a new one each
   * time): its entry is by call site alone, object 0, as Go's block profile keys by stack.
   */
  #profiled(g: SimG): void {
    const reason = g.reason;
    if (reason !== null && reason !== "sleep" && reason !== "select (no cases)") {
      const obj = g.obj === undefined || isArray(g.obj) ? 0 : this.id(g.obj);
      this.#profile!.add(obj, reason, g.where?.at ?? "unknown", this.#nowMs - g.blockedAt);
    }
    g.blockedAt = -1;
  }

  startTimer(when: number, fn: () => void): RuntimeTimer {
    const t = new Timer(this.#timers, when, fn);
    const c = this.#cur ?? this.#timerG;
    if (this.#race !== null) t.vc = copyOf(c.vc);
    this.#timers.push(t);
    return t;
  }

  release(obj: object): void {
    if (this.#pendingSteps !== 0) this.#flushSteps();
    if (this.#race !== null) this.#race.release(this.#cur ?? this.#timerG, obj);
  }

  acquire(obj: object): void {
    if (this.#race !== null) this.#race.acquire(this.#cur ?? this.#timerG, obj);
  }

  fatal(text: string): never {
    this.#end(text);
    throw new SimExit();
  }

  /** end ends the program with Go's `fatal error: <text>` (fatal without the throw). */
  #end(text: string): void {
    if (!this.#done) {
      const g = this.#cur;
      const all = g !== null && g !== this.#timerG ? this.#withOthers({ ...this.#info(g, "running"), ...(this.#opts.stacks ? plainWhere(captureWhere()) : {}) }, g) : undefined;
      if (this.tracing && g !== null) this.#trace(g.id, "panic", `fatal error: ${text}`);
      this.#finish("fatal", `fatal error: ${text}`, all?.list, all?.total);
    }
  }

  id(obj: object): number {
    const ids = (this.#ids ??= new NativeWeakMap());
    let n = ids.get(obj);
    if (n === undefined) {
      n = this.#nextObjId++;
      ids.set(obj, n);
    }
    return n;
  }

  event(kind: TraceEvent["kind"], detail?: string, obj?: object, child?: number): void {
    if (!this.tracing || this.#done) return;
    const g = this.#cur ?? this.#timerG;
    // An operation's body (a perform's run or woken) runs when the strategy picks its goroutine,
    // on the stack of whoever ran before: the goroutine stands where it called the operation.
    const at = !this.#opts.stacks ? undefined : g === this.#inPending ? g.pendingWhere?.at : captureWhere().at;
    this.#trace(g.id, kind, detail, obj, child, at);
  }

  eventOf(x: Goroutine, kind: TraceEvent["kind"], detail?: string, obj?: object): void {
    if (!this.tracing || this.#done) return;
    const g = x as SimG;
    this.#trace(g.id, kind, detail, obj, undefined, this.#opts.stacks ? g.where?.at : undefined, (this.#cur ?? this.#timerG).id);
  }

  numGoroutine(): number {
    return this.#live;
  }

  op(name: string): void {
    if (this.#handoff) this.#forgotAwaitSync(name);
    if (this.#pendingSteps !== 0) this.#flushSteps();
  }

  /**
   * later runs fn as a runtime step of its own: it waits in the run queue like a goroutine, so
   * the strategy may run other goroutines first — which is how the end of an operation that Go
   * performs in several atomic moves (WaitGroup.Add's reset and wake) becomes a window other
   * goroutines can land in. A step is the tail of its owner's (the caller's) operation, so it
   * runs, at the latest, before the owner's next synchronous gosync operation, publication
   * (release) or go statement: nothing the owner does after the operation can be observed
   * through gosync by a goroutine that then finds the step still pending. A throw from fn is a
   * panic of the owner. Steps are not goroutines: they are absent from numGoroutine, dumps and
   * leak lists; in the schedule they have negative ids (-1, -2… in creation order).
   */
  later(fn: () => void): void {
    if (this.#done) return;
    const owner = this.#cur ?? this.#timerG;
    const s = new SimG(-++this.#stepSeq, owner.id, null);
    s.step = fn;
    s.owner = owner;
    this.#strategy.spawned(s);
    this.#runq.push(s);
    this.#pendingSteps++;
    if (this.tracing) this.#trace(owner.id, "note", `runtime step ${s.id} pending (the rest of the operation runs when the scheduler picks it)`);
  }

  /** flushSteps runs now, in order, the pending steps owned by the running goroutine. */
  #flushSteps(): void {
    const owner = this.#cur ?? this.#timerG;
    for (let i = 0; i < this.#runq.length && !this.#done; ) {
      const s = this.#runq[i];
      if (s.owner !== owner) {
        i++;
        continue;
      }
      removeAt(this.#runq, i);
      this.#runStep(s);
    }
    // The step panicked: the program has ended, and the owner must not go on with its operation.
    if (this.#done) throw new SimExit();
  }

  /** runStep runs one runtime step as its owner (for the trace and for a panic). */
  #runStep(s: SimG): void {
    this.#pendingSteps--;
    const owner = s.owner!;
    const saved = this.#cur;
    this.#cur = owner;
    try {
      if (this.tracing) this.#trace(owner.id, "note", `runtime step ${s.id} runs`);
      s.step!();
    } catch (e) {
      this.#crash(owner, e);
    }
    if (!this.#done) this.#cur = saved;
  }

  choose(n: number): number {
    if (n <= 1) return 0;
    const c = this.#strategy.choose(n, this.#steps, (this.#cur ?? this.#timerG).id);
    if (c < 0) {
      // the manual strategy pauses here (PAUSE): the select's goroutine stops where it stands
      this.#paused();
      throw new SimExit();
    }
    this.#schedule[this.#schedule.length] = c;
    return c;
  }

  /** tracksRaces tells shared() whether this run watches shared state (detectRaces). */
  get tracksRaces(): boolean {
    return this.#opts.detectRaces;
  }

  /** access feeds a shared() read or write of property key of the object loc stands for to the race detector. */
  access(loc: Loc, key: PropertyKey, write: boolean): void {
    if (!this.#opts.detectRaces || this.#done) return;
    if (this.#handoff) this.#forgotAwaitSync(write ? "a write of shared state" : "a read of shared state");
    const g = this.#cur ?? this.#timerG;
    const race = this.#race ?? this.#startRaceDetection();
    let where: Where | null = null;
    if (this.#opts.stacks && this.#opts.accessStacks !== false) {
      where = captureWhere();
      where.step = this.#steps;
    }
    race.accessAt(g, loc, key, write, where);
  }

  /** sharedProxies and sharedCount are shared()'s bookkeeping for this run (see shared.ts). */
  sharedProxies: Map<object, object> | undefined = undefined;
  sharedCount = 0;

  /**
   * startRaceDetection creates the detector at the first tracked access and gives every
   * goroutine a fresh clock that knows only its own first epoch. That is exact, not an
   * approximation: a happens-before path between two tracked accesses runs through events
   * after the first of them, so edges from before the first tracked access can never order
   * two tracked accesses. Timers already pending carry no clock and release nothing.
   */
  #startRaceDetection(): RaceDetector {
    const race = new RaceDetector(this.#creatorOf);
    for (const g of this.#all) g.vc = clockOf(g.id);
    this.#timerG.vc = [];
    this.#race = race;
    return race;
  }

  /** creatorOf tells the race report who created goroutine id (where, when stacks are on) and whether it has finished. */
  readonly #creatorOf = (id: number): { by: number; at?: string; finished: boolean } | undefined => {
    const g = this.#all[id - 1];
    if (g === undefined || id === 1) return undefined;
    const finished = g.state === DEAD;
    return g.createdAt !== undefined ? { by: g.createdBy, at: g.createdAt, finished } : { by: g.createdBy, finished };
  };

  // ——— scheduling ———

  /** next hands the CPU to the goroutine the strategy picks, advancing the clock if none can run. */
  #next(): void {
    for (;;) {
      if (this.#done) return;
      if (this.#mainDone && this.#runq.length === 0) {
        this.#finish("ok");
        return;
      }
      if (!this.#mainDone && this.#timers.size > 0 && this.#timers.first!.when <= this.#nowMs) this.#fireDue();
      if (this.#done) return;
      const n = this.#runq.length;
      if (n > 0) {
        if (this.#steps >= this.#opts.maxSteps) {
          this.#stepLimit(false);
          return;
        }
        this.#steps++;
        let i = 0;
        if (n > 1) {
          i = this.#strategy.pick(this.#runq, this.#steps, this.#lastRan);
          if (i < 0) {
            // the manual strategy pauses here (PAUSE), before the step is taken
            this.#steps--;
            this.#paused();
            return;
          }
          this.#schedule[this.#schedule.length] = this.#runq[i].id;
        }
        const g = this.#runq[i];
        g.wokenFrom = null;
        this.#runq[i] = this.#runq[n - 1];
        this.#runq.pop();
        if (g.step !== null) {
          this.#runStep(g);
          continue;
        }
        this.#lastRan = g.id;
        let value: unknown = undefined;
        if (g.pending !== null) {
          value = this.#runPending(g);
          if (value === PARK || this.#done) continue;
        }
        g.state = RUNNING;
        this.#handoffFrom = this.#cur;
        this.#cur = g;
        this.#handoff = true;
        // clearHandoff runs before g's continuation (it is queued first): until then, any
        // gosync operation can only come from the goroutine that just yielded, still running
        // synchronously because it did not await.
        microtask(this.#clearHandoff);
        if (g.fn !== null) {
          this.#starting = g;
          microtask(this.#enterStarting);
        } else {
          const r = g.resume!;
          g.resume = null;
          r(value);
        }
        return;
      }
      if (this.#timers.size === 0) {
        this.#deadlock();
        return;
      }
      if (this.#steps >= this.#opts.maxSteps) {
        this.#stepLimit(true);
        return;
      }
      this.#steps++;
      this.#nowMs = this.#timers.first!.when;
      if (this.tracing) this.#trace(0, "time", isoTime(this.#nowMs));
    }
  }

  #fireDue(): void {
    const saved = this.#cur;
    this.#cur = this.#timerG;
    try {
      while (!this.#done && this.#timers.size > 0 && this.#timers.first!.when <= this.#nowMs) {
        const t = this.#timers.first!;
        this.#timers.remove(t);
        if (this.#race !== null) this.#timerG.vc = t.vc ?? [];
        if (this.tracing) this.#trace(0, "timer");
        t.fn();
      }
    } catch (e) {
      if (!(e instanceof SimExit)) this.#finish("panic", panicLine(e));
    } finally {
      if (!this.#done) this.#cur = saved;
    }
  }

  // ——— endings ———

  /** paused ends the run at a decision point the manual strategy has no choice for (its pausedAt). */
  #paused(): void {
    const alive = this.#listed(false, null, REPORT_GOROUTINES);
    this.#finish("paused", `gosync: paused at decision ${this.#schedule.length} (step ${this.#steps}), waiting for a choice`, alive.list, alive.total);
  }

  #deadlock(): void {
    const blocked = this.#listed(true, null, REPORT_GOROUTINES);
    this.#finish("deadlock", DEADLOCK, blocked.list, blocked.total);
  }

  #stepLimit(timersOnly: boolean): void {
    const alive = this.#listed(false, null, REPORT_GOROUTINES);
    this.#finish(
      "step-limit",
      timersOnly
        ? `gosync: step limit (${this.#opts.maxSteps}) reached while every goroutine was blocked and virtual time kept jumping to pending timers (a ticker or timer that is never stopped keeps a program from being reported as deadlocked, as in Go)`
        : `gosync: step limit (${this.#opts.maxSteps}) reached: the program kept running without finishing (a livelock, or a loop that spins on gosync operations); raise maxSteps if the program is just long`,
      alive.list,
      alive.total,
    );
  }

  #forgotAwaitSync(what: string): void {
    const g = this.#handoffFrom;
    // The code running is the goroutine that yielded without awaiting, not the one picked to
    // run next (its continuation has not started): the dump shows them so.
    if (g !== null && g !== this.#timerG && this.#cur !== null && this.#cur !== g) {
      this.#cur.state = RUNNABLE;
      this.#cur = g;
    }
    this.#forgotAwait(g ?? this.#cur ?? this.#timerG, `started ${what} while its previous gosync operation${g?.op ? ` (${g.op})` : ""} was still pending`);
  }

  #forgotAwait(g: SimG, what: string): never {
    this.fatal(forgotAwaitText(g, what));
  }

  #info(g: SimG, status?: GoroutineInfo["status"]): GoroutineInfo {
    const st: GoroutineInfo["status"] = status ?? (g.state === WAITING ? g.reason! : g.state === RUNNING ? "running" : "runnable");
    const out: GoroutineInfo = { id: g.id, status: st };
    if (g.where?.at !== undefined) out.at = g.where.at;
    // A runnable goroutine stands at its last scheduling point: where a livelock spins.
    else if (st === "runnable" && g.readyAt !== undefined) out.at = g.readyAt;
    if (g.where?.stack !== undefined) out.stack = g.where.stack;
    if (g.id !== 1) out.createdBy = g.createdBy;
    if (g.createdAt !== undefined) out.createdAt = g.createdAt;
    return out;
  }

  /**
   * listed returns, as dump entries, the first `room` goroutines in creation order that are
   * blocked (onlyWaiting) or alive, leaving out `skip`, and how many there are in all: a report
   * lists at most REPORT_GOROUTINES and counts the rest (report.ts). A loop over the records,
   * not filter/map (commons.ts), that makes an entry only for the goroutines it lists.
   */
  #listed(onlyWaiting: boolean, skip: SimG | null, room: number): { list: GoroutineInfo[]; total: number } {
    const list: GoroutineInfo[] = [];
    let total = 0;
    for (let i = 0; i < this.#all.length; i++) {
      const g = this.#all[i];
      if (g === skip || g.state === DEAD || (onlyWaiting && g.state !== WAITING)) continue;
      if (total++ < room) list[list.length] = this.#info(g);
    }
    return { list, total };
  }

  /** withOthers is a fatal error's dump: first (the goroutine that failed), then the others alive, REPORT_GOROUTINES in all. */
  #withOthers(first: GoroutineInfo, g: SimG): { list: GoroutineInfo[]; total: number } {
    const others = this.#listed(false, g, REPORT_GOROUTINES - 1);
    const list: GoroutineInfo[] = [first];
    for (let i = 0; i < others.list.length; i++) list[list.length] = others.list[i];
    return { list, total: others.total + 1 };
  }

  /**
   * finish ends the run with its report. An ending that interrupts goroutines mid-operation
   * (fatal, panic, step limit, foreign wait) lets their code go on as SimExit unwinds it:
   * `finally` blocks call unlock, done, send… in microtasks after this point. Until all of that
   * has run, this finished run stays the runtime in force, where every operation is inert, and
   * only then is the report delivered; else that code would land in whatever runs next (the
   * next run of an exploration, blamed on its goroutine 1). A run that ends "ok" or deadlocked
   * has no goroutine left mid-operation and is delivered at once (the hot path of explore).
   */
  #finish(outcome: Outcome, message?: string, goroutines?: GoroutineInfo[], total?: number): void {
    if (this.#done) return;
    this.#done = true;
    if (this.tracing && outcome !== "ok") this.#trace(this.#cur?.id ?? 0, "note", message);
    this.#cur = null;
    unwatchStalls(this);
    const report = this.#buildReport(outcome, message, goroutines, total ?? goroutines?.length ?? 0);
    if (outcome === "ok" || outcome === "deadlock") this.#deliver(report);
    else drained(() => this.#deliver(report));
  }

  /** deliver hands the runtime and the global clock back and resolves the run with its report. */
  #deliver(report: Report): void {
    this.#restoreGlobals?.();
    setRuntime(this.#prevRuntime);
    this.#resolveRun?.(report);
  }

  #buildReport(outcome: Outcome, message: string | undefined, goroutines: GoroutineInfo[] | undefined, total: number): Report {
    const leaks = outcome === "ok" && this.#live > 0 && this.#opts.detectLeaks && !this.#opts.mainExits ? this.#listed(false, null, REPORT_GOROUTINES) : null;
    // Built field by field in the order the report has always had (outcome, message, dump…);
    // the counts of what was cut (goroutinesTotal…) only when something was.
    const report = { outcome } as Report;
    if (message !== undefined) report.message = message;
    if (goroutines !== undefined) {
      report.goroutines = goroutines;
      if (total > goroutines.length) report.goroutinesTotal = total;
      report.dump = dumpText(goroutines, total);
    }
    report.leaks = leaks !== null ? leaks.list : [];
    if (leaks !== null && leaks.total > leaks.list.length) report.leaksTotal = leaks.total;
    report.races = this.#race !== null ? this.#race.races : [];
    if (this.#race !== null && this.#race.found > REPORT_RACES) report.racesTotal = this.#race.found;
    report.elapsedMs = this.#nowMs - EPOCH;
    report.steps = this.#steps;
    report.seed = this.#opts.seed;
    report.strategy = this.#strategy.name;
    report.schedule = this.#schedule;
    if (this.#mainReturnedAtStep >= 0) {
      report.mainReturnedAtStep = this.#mainReturnedAtStep;
      report.mainReturnedAtMs = this.#mainReturnedAtMs;
    }
    if (leaks !== null && leaks.total > 0) report.leakText = dumpText(leaks.list, leaks.total);
    if (this.#profile !== null) {
      report.profile = this.#profile.entries();
      if (this.#profile.size > REPORT_PROFILE) report.profileTotal = this.#profile.size;
    }
    if (this.tracing) {
      report.trace = this.#eventsDropped === 0 ? this.#events : this.#unrolled();
      if (this.#eventsDropped > 0) report.traceDropped = this.#eventsDropped;
    }
    if (outcome === "paused" && this.#strategy.pausedAt !== undefined) report.decision = this.#strategy.pausedAt;
    return report;
  }

  /** unrolled returns the trace ring (see events) in order, oldest first. */
  #unrolled(): TraceEvent[] {
    const ring = this.#events;
    const out: TraceEvent[] = [];
    const start = this.#eventsDropped % ring.length;
    for (let i = 0; i < ring.length; i++) out[i] = ring[(start + i) % ring.length];
    return out;
  }

  #trace(g: number, kind: TraceEvent["kind"], detail?: string, obj?: object, child?: number, at?: string, by?: number): void {
    const e: TraceEvent = { step: this.#steps, t: this.#nowMs - EPOCH, g, kind };
    if (detail !== undefined) e.detail = detail;
    if (obj !== undefined) e.obj = this.id(obj);
    if (child !== undefined) e.child = child;
    if (at !== undefined) e.at = at;
    if (by !== undefined) e.by = by;
    if (this.#mainDone) e.afterMain = true;
    const ring = this.#events;
    if (ring.length < REPORT_TRACE) ring.push(e);
    else ring[this.#eventsDropped++ % REPORT_TRACE] = e;
  }
}

/** blockingInTimer is the error for a blocking operation reached from a timer callback (gosync's own code only: user callbacks run in goroutines). */
function blockingInTimer(what: string): Error {
  return new Error(`gosync: a blocking operation (${what}) was called from a timer callback, outside any goroutine; a timer callback must not block: start a goroutine from it (as time.afterFunc does)`);
}

/**
 * forgotAwaitText is the fatal error for a goroutine that went on before its blocking operation
 * finished. It leads with the likeliest cause: an unlock started while another operation of the
 * same goroutine is pending is almost always `return fn()` inside a `using` block (learners met
 * it far more often than a plain forgotten await, and the generic text did not point at it).
 */
function forgotAwaitText(g: SimG, what: string): string {
  const cause = /unlock/i.test(what)
    ? "Most likely `return fn()` inside a `using` block: the block ended at the return and released the lock while fn was still running; write `return await fn()`."
    : "Look for a blocking call without await, or `return fn()` inside a `using` block (the block ends and releases its guard while fn still runs; write `return await fn()`).";
  // The call that lacks the await is the pending one, not the one that found it pending.
  const at = g.pendingWhere?.at ?? g.where?.at ?? g.readyAt;
  const pending = at !== undefined ? ` The pending ${g.op || "operation"} was called at ${at} without await.` : "";
  return `gosync: goroutine ${g.id} ${what}: a missing await?${pending} ${cause} Every blocking gosync operation (lock, send, recv, wait, sleep, select…) must be awaited before the goroutine does anything else, and a goroutine runs one operation at a time: to wait for several at once (what Promise.all or Promise.race would do), start each in a goroutine of its own with go() and collect them with a WaitGroup, a channel or select.`;
}
