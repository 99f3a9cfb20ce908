/**
 * context.ts — Go's context package (gosync/context): deadlines, cancellation signals and
 * request-scoped values across API boundaries and between goroutines.
 *
 *     const [ctx, cancel] = context.withTimeout(context.background(), 50 * time.Millisecond);
 *     try {
 *       await select([recv(ctx.done(), () => {}), recv(results, (r) => use(r))]);
 *     } finally {
 *       cancel();
 *     }
 *
 * Shapes where JavaScript differs from Go:
 *  - Go's (value, ok) and (ctx, cancel) pairs are tuples.
 *  - `deadline()` returns `[Date, boolean]`: the deadline as a Date and whether one is set.
 *    Without a deadline it returns Go's zero time (0001-01-01T00:00:00Z) and false. Deadlines
 *    passed to withDeadline may be a Date or milliseconds since the Unix epoch (`Date.now()`
 *    shape); inside the simulator both are virtual time.
 *  - `done()` always returns a gosync channel, so `await ctx.done().recv()` reads like Go's
 *    `<-ctx.Done()`. For contexts that can never be canceled (background, todo, withoutCancel)
 *    it is a nil channel (`done().isNil`, Go's `ctx.Done() == nil`): receiving blocks forever
 *    and a select case on it never becomes ready, as in Go. Custom contexts may return null for
 *    the same meaning at run time.
 *  - Durations are milliseconds, as everywhere in gosync.
 *
 * Tree and states: every cancelable context (withCancel…, withDeadline…, and the hidden one
 * behind afterFunc) is a node that starts live and becomes canceled exactly once — by its
 * cancel function, by its parent, or by its timer. The first cancel records err (Canceled or
 * DeadlineExceeded) and cause, closes done, cancels every child with the same err and cause,
 * and removes the node from its parent. A child created under an already-canceled parent is
 * canceled at once with the parent's err and cause.
 *
 * Happens-before: a cancel happens before `done()` is observed closed (channel close → receive)
 * and before `err()`/`cause()` observe the cancellation, as Go's mutex-protected fields give.
 */
import { Chan, chan } from "./chan.ts";
import { freeze, functionPrototypeToString, numberIsNaN, objectPrototypeToString, preventExtensions } from "./commons.ts";
import { GoPanic } from "./panic.ts";
import { rt, type RuntimeTimer } from "./runtime.ts";
import { recv, select } from "./select.ts";
import { syncObject } from "./sync-object.ts";

/**
 * Context carries a deadline, a cancellation signal, and other values across API boundaries.
 * Its methods may be called by multiple goroutines simultaneously.
 */
export interface Context {
  /** deadline returns the time when work done on behalf of this context should be canceled, and ok = false when no deadline is set. */
  deadline(): [deadline: Date, ok: boolean];
  /**
   * done returns a channel that is closed when this context is canceled. For a context that can
   * never be canceled it returns a nil channel (`isNil`, Go's nil). Successive calls return the
   * same value.
   */
  done(): Chan<void>;
  /** err returns null until done is closed; then Canceled or DeadlineExceeded. */
  err(): Error | null;
  /** value returns the value associated with this context for key, or null (Go's nil) if none. */
  value(key: unknown): unknown;
}

/** CancelFunc tells an operation to abandon its work; after the first call, calls do nothing. */
export type CancelFunc = () => void;

/** CancelCauseFunc cancels with a cause, which cause(ctx) then reports; cancel(null) makes the cause Canceled. */
export type CancelCauseFunc = (cause: Error | null) => void;

/** Canceled is the error returned by Context.err when the context is canceled. */
export const Canceled: Error = new Error("context canceled");

/**
 * DeadlineExceededError is the type of DeadlineExceeded. Like Go's, it reports itself as a
 * timeout: `timeout()` (and the older `temporary()`) return true, so code that checks
 * `typeof err.timeout === "function" && err.timeout()` recognises it as Go code checks
 * `interface{ Timeout() bool }`.
 */
export class DeadlineExceededError extends Error {
  constructor() {
    super("context deadline exceeded");
    this.name = "DeadlineExceededError";
  }
  timeout(): boolean {
    return true;
  }
  temporary(): boolean {
    return true;
  }
}

/** DeadlineExceeded is the error returned by Context.err when the context's deadline passes. */
export const DeadlineExceeded: DeadlineExceededError = new DeadlineExceededError();

/** goZeroTime is Go's zero time.Time (January 1, year 1, 00:00:00 UTC) in ms since the epoch. */
const goZeroTime = -62135596800000;

function noDeadline(): [Date, boolean] {
  return [new Date(goZeroTime), false];
}

function nilParent(parent: unknown): void {
  if (parent === null || parent === undefined) throw new GoPanic("cannot create context from nil parent");
}

/** contextName renders a context the way Go's String methods do ("context.Background.WithCancel"). */
function contextName(c: Context): string {
  const s = (c as { toString?: () => string }).toString;
  if (typeof s === "function" && s !== objectPrototypeToString) return s.call(c);
  return c.constructor?.name ?? "Context";
}

/** stringify renders a key or value as Go's valueCtx.String does: strings as is, nil as <nil>, else a String() or the type name. */
function stringify(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "object" || typeof v === "function") {
    const s = (v as { toString?: () => string }).toString;
    if (typeof s === "function" && s !== objectPrototypeToString && s !== functionPrototypeToString) return s.call(v);
    return (v as { constructor?: { name?: string } }).constructor?.name || typeof v;
  }
  return typeof v;
}

/** nilDone is the done channel of every context that can never be canceled: Go's nil channel. */
const nilDone: Chan<void> = Chan.nil<void>();

/** EmptyCtx is background and todo: never canceled, no values, no deadline. */
class EmptyCtx implements Context {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  readonly #name: string;
  constructor(name: string) {
    this.#name = name;
    freeze(this); // shared by every caller of background()/todo(): nobody may redefine its methods
  }
  deadline(): [Date, boolean] {
    return noDeadline();
  }
  done(): Chan<void> {
    return nilDone;
  }
  err(): Error | null {
    return null;
  }
  value(_key: unknown): unknown {
    return null;
  }
  toString(): string {
    return this.#name;
  }
}

const backgroundCtx = new EmptyCtx("context.Background");
const todoCtx = new EmptyCtx("context.TODO");

/**
 * background returns a non-null, empty Context. It is never canceled, has no values, and has no
 * deadline. It is typically used by the main function, initialization, and tests, and as the
 * top-level Context for incoming requests.
 */
export function background(): Context {
  return backgroundCtx;
}

/** todo returns a non-null, empty Context, for when it is unclear which Context to use. */
export function todo(): Context {
  return todoCtx;
}

/** cancelCtxKey is the key a cancelable context answers with itself (Go's &cancelCtxKey). */
const cancelCtxKey: object = {};

/** afterFuncer is a custom context that can run a function when it is done (Go's afterFuncer). */
interface AfterFuncer {
  afterFunc(f: () => void): () => boolean;
}

function isAfterFuncer(c: Context): c is Context & AfterFuncer {
  return typeof (c as Partial<AfterFuncer>).afterFunc === "function";
}

// The context nodes keep their state in #private fields; what the functions of this module need
// of it they reach through the functions the classes' static blocks set (commons.ts).

/** parentOf returns the context a derived context was made from (Derived's #parent). */
let parentOf: (c: Derived) => Context;
/** keyOf and valOf return a ValueCtx's key and value. */
let keyOf: (c: ValueCtx) => unknown;
let valOf: (c: ValueCtx) => unknown;
/**
 * cancelCtx cancels c (CancelCtx's #cancel): it closes done, cancels each child, and, if
 * removeFromParent is true, removes c from its parent's children. A cause of null means err.
 */
let cancelCtx: (c: CancelCtx, removeFromParent: boolean, err: Error, cause: Error | null) => void;
/** causeOf is Cause for a cancelable node: null until canceled. */
let causeOf: (c: CancelCtx) => Error | null;
/** isCanceled reads c's state without recording a happens-before edge (internal bookkeeping). */
let isCanceled: (c: CancelCtx) => boolean;
/** removeChild detaches child from the node that would cancel it. */
let removeChild: (parent: Context, child: CancelCtx) => void;
/** propagateCancel arranges for child to be canceled when parent is. */
let propagateCancel: (parent: Context, child: CancelCtx) => void;
/** startTimer arms the timer that cancels c at its deadline with `why` as the cause. */
let startTimer: (c: TimerCtx, why: Error | null) => void;
/** claim takes an AfterFuncCtx's f, leaving null: whoever claims first (cancel or stop) decides whether f runs. */
let claim: (c: AfterFuncCtx) => (() => unknown) | null;

/** Derived is a context made from a parent: a value, a cancelable node, or withoutCancel's. */
abstract class Derived implements Context {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** #parent is the context this one derives from; set once, by the constructor. */
  readonly #parent: Context;
  constructor(parent: Context) {
    this.#parent = parent;
  }
  static {
    parentOf = (c) => c.#parent;
  }
  abstract deadline(): [Date, boolean];
  abstract done(): Chan<void>;
  abstract err(): Error | null;
  abstract value(key: unknown): unknown;
}

/**
 * CancelCtx is a cancelable context node. Fields change only inside cancel (and children when a
 * child attaches or detaches), all synchronously, so no lock is needed: between two awaits a
 * goroutine runs alone.
 */
class CancelCtx extends Derived {
  /** #doneCh is closed by the first cancel. */
  readonly #doneCh: Chan<void> = chan<void>();
  /** #errValue is set, to Canceled or DeadlineExceeded, by the first cancel. */
  #errValue: Error | null = null;
  /** #causeValue is set by the first cancel (to err when no cause was given). */
  #causeValue: Error | null = null;
  /** #children to cancel with this one; null once canceled. */
  #children: Set<CancelCtx> | null = new Set();
  /** #stopParent detaches this node from a custom afterFuncer parent (Go's stopCtx). */
  #stopParent: (() => boolean) | null = null;
  /**
   * #also is what a subclass adds to every cancel, run after this node's own cancel, even when
   * it was already canceled (Go's timerCtx.cancel and afterFuncCtx.cancel wrap cancelCtx.cancel
   * so); null for a plain node.
   */
  readonly #also: ((c: CancelCtx, removeFromParent: boolean) => void) | null;

  constructor(parent: Context, also: ((c: CancelCtx, removeFromParent: boolean) => void) | null = null) {
    super(parent);
    this.#also = also;
    // No own properties may be added (an own err() or done() would lie to whoever holds the
    // context); subclasses seal themselves at the end of their own constructors.
    if (new.target === CancelCtx) preventExtensions(this);
  }

  static {
    cancelCtx = (c, removeFromParent, err, cause) => c.#cancel(removeFromParent, err, cause);
    causeOf = (c) => c.#causeOf();
    isCanceled = (c) => c.#errValue !== null;

    removeChild = (parent, child) => {
      if (child.#stopParent !== null) {
        child.#stopParent();
        child.#stopParent = null;
        return;
      }
      const p = parentCancelCtx(parent);
      if (p !== null && p.#children !== null) p.#children.delete(child);
    };

    propagateCancel = (parent, child) => {
      const d = parent.done();
      if (d === null || d.isNil) return; // parent is never canceled
      if (parent.err() !== null) {
        // Already canceled: Go checks with a non-blocking receive on done; err() is non-null
        // exactly when done is closed.
        child.#cancel(false, parent.err()!, cause(parent));
        return;
      }
      const p = parentCancelCtx(parent);
      if (p !== null) {
        if (p.#children === null) child.#cancel(false, p.err()!, p.#causeOf());
        else p.#children.add(child);
        return;
      }
      if (isAfterFuncer(parent)) {
        child.#stopParent = parent.afterFunc(() => child.#cancel(false, parent.err()!, cause(parent)));
        return;
      }
      // A custom context with its own done channel: watch both, as Go does, with a goroutine.
      const childDone = child.done();
      rt().go(() =>
        select([recv(d, () => child.#cancel(false, parent.err()!, cause(parent))), recv(childDone, () => {})]),
      );
    };
  }

  deadline(): [Date, boolean] {
    return parentOf(this).deadline();
  }

  done(): Chan<void> {
    return this.#doneCh;
  }

  err(): Error | null {
    rt().acquire(this);
    return this.#errValue;
  }

  /** #causeOf is Cause for this node: null until canceled. */
  #causeOf(): Error | null {
    rt().acquire(this);
    return this.#causeValue;
  }

  value(key: unknown): unknown {
    return lookup(this, key);
  }

  /** #cancel is cancelCtx: this node's own cancel, then what its subclass adds (#also). */
  #cancel(removeFromParent: boolean, err: Error, cause: Error | null): void {
    const also = this.#also;
    this.#cancelNode(also === null && removeFromParent, err, cause);
    if (also !== null) also(this, removeFromParent);
  }

  /**
   * #cancelNode closes done, cancels each child, and, if removeFromParent is true, removes this
   * node from its parent's children. A cause of null means err.
   */
  #cancelNode(removeFromParent: boolean, err: Error, cause: Error | null): void {
    if (this.#errValue !== null) return; // already canceled
    this.#errValue = err;
    this.#causeValue = cause ?? err;
    rt().release(this);
    rt().event("close", "context canceled", this.#doneCh);
    this.#doneCh.close();
    const children = this.#children;
    this.#children = null;
    if (children !== null) for (const child of children) child.#cancel(false, err, this.#causeValue);
    if (removeFromParent) removeChild(parentOf(this), this);
  }

  toString(): string {
    return `${contextName(parentOf(this))}.WithCancel`;
  }
}

/** TimerCtx is a CancelCtx with a deadline and the timer that enforces it. */
class TimerCtx extends CancelCtx {
  readonly #deadline: number;
  /** #timer is pending until it fires or cancel stops it (it leads to the runtime). */
  #timer: RuntimeTimer | null = null;

  constructor(parent: Context, deadline: number) {
    super(parent, TimerCtx.#also);
    this.#deadline = deadline;
    if (new.target === TimerCtx) preventExtensions(this);
  }

  /** #also is what a TimerCtx adds to a cancel: leave the parent, and stop the timer. */
  static #also(c: CancelCtx, removeFromParent: boolean): void {
    const t = c as TimerCtx;
    if (removeFromParent) removeChild(parentOf(t), t);
    if (t.#timer !== null) {
      t.#timer.stop();
      t.#timer = null;
    }
  }

  static {
    startTimer = (c, why) => c.#startTimer(why);
  }

  override deadline(): [Date, boolean] {
    return [new Date(this.#deadline), true];
  }

  /** #startTimer arms the timer that cancels the context at its deadline with `why` as the cause. */
  #startTimer(why: Error | null): void {
    this.#timer = rt().startTimer(this.#deadline, () => {
      rt().event("timer", "context deadline", this);
      cancelCtx(this, true, DeadlineExceeded, why);
    });
  }

  override toString(): string {
    return `${contextName(parentOf(this))}.WithDeadline(${new Date(this.#deadline).toISOString()} [${this.#deadline - rt().now()}ms])`;
  }
}

/** ValueCtx carries one key-value pair and delegates everything else to its parent. */
class ValueCtx extends Derived {
  readonly #key: unknown;
  readonly #val: unknown;
  constructor(parent: Context, key: unknown, val: unknown) {
    super(parent);
    this.#key = key;
    this.#val = val;
    freeze(this);
  }
  static {
    keyOf = (c) => c.#key;
    valOf = (c) => c.#val;
  }
  deadline(): [Date, boolean] {
    return parentOf(this).deadline();
  }
  done(): Chan<void> {
    return parentOf(this).done();
  }
  err(): Error | null {
    return parentOf(this).err();
  }
  value(key: unknown): unknown {
    return lookup(this, key);
  }
  toString(): string {
    return `${contextName(parentOf(this))}.WithValue(${stringify(this.#key)}, ${stringify(this.#val)})`;
  }
}

/** WithoutCancelCtx keeps its parent's values but none of its cancellation or deadline. */
class WithoutCancelCtx extends Derived {
  constructor(parent: Context) {
    super(parent);
    freeze(this);
  }
  deadline(): [Date, boolean] {
    return noDeadline();
  }
  done(): Chan<void> {
    return nilDone;
  }
  err(): Error | null {
    return null;
  }
  value(key: unknown): unknown {
    return lookup(this, key);
  }
  toString(): string {
    return `${contextName(parentOf(this))}.WithoutCancel`;
  }
}

/**
 * lookup walks up the chain for key without recursion (a deep chain of values must not
 * overflow the stack), answering cancelCtxKey with the nearest cancelable node — except across
 * withoutCancel, which hides its parent's cancellation.
 */
function lookup(c: Context, key: unknown): unknown {
  for (;;) {
    if (c instanceof ValueCtx) {
      if (keyOf(c) === key) return valOf(c);
      c = parentOf(c);
    } else if (c instanceof CancelCtx) {
      if (key === cancelCtxKey) return c;
      c = parentOf(c);
    } else if (c instanceof WithoutCancelCtx) {
      if (key === cancelCtxKey) return null;
      c = parentOf(c);
    } else if (c instanceof EmptyCtx) {
      return null;
    } else {
      return c.value(key);
    }
  }
}

/**
 * parentCancelCtx returns the CancelCtx whose done channel parent reports, if any. A custom
 * context that wraps a CancelCtx but supplies its own done channel is not bypassed.
 */
function parentCancelCtx(parent: Context): CancelCtx | null {
  const d = parent.done();
  if (d === null || d.isNil) return null;
  const p = parent.value(cancelCtxKey);
  if (!(p instanceof CancelCtx) || p.done() !== d) return null;
  return p;
}

/**
 * withCancel returns a derived context whose done channel is closed when the returned cancel
 * function is called or when the parent's done channel is closed, whichever happens first.
 * Canceling releases resources associated with it, so code should call cancel as soon as the
 * operations running in this Context complete. Panics `cannot create context from nil parent`.
 */
export function withCancel(parent: Context): [ctx: Context, cancel: CancelFunc] {
  nilParent(parent);
  const c = new CancelCtx(parent);
  propagateCancel(parent, c);
  return [c, () => cancelCtx(c, true, Canceled, null)];
}

/**
 * withCancelCause behaves like withCancel but returns a CancelCauseFunc: calling it with a
 * non-null error records that error as the cause, retrieved with cause(ctx); calling it with
 * null sets the cause to Canceled. ctx.err() is Canceled either way.
 */
export function withCancelCause(parent: Context): [ctx: Context, cancel: CancelCauseFunc] {
  nilParent(parent);
  const c = new CancelCtx(parent);
  propagateCancel(parent, c);
  return [c, (why: Error | null) => cancelCtx(c, true, Canceled, why ?? null)];
}

function toMillis(d: Date | number, where: string): number {
  const ms = d instanceof Date ? d.getTime() : d;
  if (typeof ms !== "number" || numberIsNaN(ms)) {
    throw new TypeError(`context.${where}: want a Date or milliseconds since the epoch, got ${String(d)}`);
  }
  return ms;
}

/**
 * withDeadline returns a derived context whose deadline is no later than d. If the parent's
 * deadline is already earlier than d, the result is semantically the parent: it behaves as
 * withCancel(parent). Its done channel is closed when the deadline expires (err
 * DeadlineExceeded), when cancel is called (err Canceled), or when the parent's done channel is
 * closed, whichever happens first; a deadline already past cancels it at once.
 */
export function withDeadline(parent: Context, d: Date | number): [ctx: Context, cancel: CancelFunc] {
  return withDeadlineCause(parent, d, null);
}

/**
 * withDeadlineCause behaves like withDeadline but also sets the cause of the returned context
 * when the deadline is exceeded. The returned cancel function does not set the cause.
 */
export function withDeadlineCause(parent: Context, d: Date | number, why: Error | null): [ctx: Context, cancel: CancelFunc] {
  nilParent(parent);
  const when = toMillis(d, "withDeadline");
  const [cur, ok] = parent.deadline();
  if (ok && cur.getTime() < when) {
    // The current deadline is already sooner than the new one.
    return withCancel(parent);
  }
  const c = new TimerCtx(parent, when);
  propagateCancel(parent, c);
  if (when - rt().now() <= 0) {
    cancelCtx(c, true, DeadlineExceeded, why); // deadline has already passed
    return [c, () => cancelCtx(c, false, Canceled, null)];
  }
  if (!isCanceled(c)) {
    // The timer callback cancels directly, in the runtime's timer context, at exactly the
    // deadline on the (virtual) clock; Go's time.AfterFunc would start a goroutine for it.
    startTimer(c, why);
  }
  return [c, () => cancelCtx(c, true, Canceled, null)];
}

/** withTimeout returns withDeadline(parent, now + timeout); timeout is in milliseconds. */
export function withTimeout(parent: Context, timeout: number): [ctx: Context, cancel: CancelFunc] {
  return withDeadlineCause(parent, rt().now() + timeout, null);
}

/** withTimeoutCause behaves like withTimeout but also sets the cause when the timeout expires. */
export function withTimeoutCause(parent: Context, timeout: number, why: Error | null): [ctx: Context, cancel: CancelFunc] {
  return withDeadlineCause(parent, rt().now() + timeout, why);
}

/**
 * withValue returns a derived context in which the value associated with key is val. Panics
 * `nil key` for a null or undefined key and `cannot create context from nil parent`. Keys are
 * compared with `===`; as in Go, prefer a private object or symbol over a string.
 */
export function withValue(parent: Context, key: unknown, val: unknown): Context {
  nilParent(parent);
  if (key === null || key === undefined) throw new GoPanic("nil key");
  return new ValueCtx(parent, key, val);
}

/**
 * withoutCancel returns a derived context that is not canceled when parent is canceled: no
 * deadline, done() a nil channel, err() null, cause null; values still come from the parent.
 */
export function withoutCancel(parent: Context): Context {
  nilParent(parent);
  return new WithoutCancelCtx(parent);
}

/**
 * cause returns a non-null error explaining why c was canceled: the first cancellation of c or
 * one of its parents sets it (a CancelCauseFunc's argument, a *Cause deadline's cause, else
 * c.err()). It returns null while c is not canceled. For a context not built by this package,
 * it returns c.err().
 */
export function cause(c: Context): Error | null {
  const cc = c.value(cancelCtxKey);
  if (cc instanceof CancelCtx) return causeOf(cc);
  // Not built by withCancel and friends (or hidden by withoutCancel): Go falls back to Err.
  return c.err();
}

/**
 * AfterFuncCtx is the node behind afterFunc: on cancel it starts f in its own goroutine, once,
 * unless stop got there first.
 */
class AfterFuncCtx extends CancelCtx {
  /** #f is the function to run; null once claimed (by cancel or by stop) */
  #f: (() => unknown) | null;
  constructor(parent: Context, f: () => unknown) {
    super(parent, AfterFuncCtx.#also);
    this.#f = f;
    if (new.target === AfterFuncCtx) preventExtensions(this);
  }
  /** #also is what an AfterFuncCtx adds to a cancel: leave the parent, and start f if nobody has claimed it. */
  static #also(c: CancelCtx, removeFromParent: boolean): void {
    const a = c as AfterFuncCtx;
    if (removeFromParent) removeChild(parentOf(a), a);
    const f = a.#claim();
    if (f !== null) rt().go(f);
  }
  static {
    claim = (c) => c.#claim();
  }
  /** #claim takes f, leaving null: whoever claims first (cancel or stop) decides whether f runs. */
  #claim(): (() => unknown) | null {
    const f = this.#f;
    this.#f = null;
    return f;
  }
}

/**
 * afterFunc arranges to call f in its own goroutine after ctx is canceled; if ctx is already
 * canceled, it calls f in its own goroutine immediately. Multiple calls on one context operate
 * independently. The returned stop function stops the association of ctx with f: it returns
 * true if the call stopped f from being run, and false if f has already been started or stop
 * has already been called. stop does not wait for f to complete.
 */
export function afterFunc(ctx: Context, f: () => unknown): () => boolean {
  const a = new AfterFuncCtx(ctx, f);
  propagateCancel(ctx, a);
  return () => {
    if (claim(a) === null) return false;
    cancelCtx(a, true, Canceled, null);
    return true;
  };
}
