/**
 * disposable.ts — Go's `defer`, the JavaScript way: `DisposableStack` (TC39 explicit resource
 * management) with a faithful ponyfill for engines that lack it, and `AsyncDisposableStack`.
 *
 *     using d = new DisposableStack();   // Go: func body
 *     d.defer(() => wg.done());          // Go: defer wg.Done()
 *     using _ = await mu.lock();         // Go: mu.Lock(); defer mu.Unlock()
 *
 * Where the engine has a native `DisposableStack` (Node 24, recent browsers) the native class is
 * exported unchanged, so `instanceof` and stack traces are the engine's. Elsewhere the ponyfill
 * below is exported; it follows the proposal's algorithm step for step (LIFO disposal; every
 * disposer runs even when an earlier one throws; errors aggregate into `SuppressedError` with
 * the newest error outermost; ReferenceError after disposal; TypeError for non-callables).
 *
 * Resources are disposed through `disposeSymbol`, which is `Symbol.dispose` when the engine has
 * it and `Symbol.for("Symbol.dispose")` otherwise — the key esbuild's lowering of `using` looks
 * up — so gosync's guards, esbuild-lowered `using` and this stack agree on one key.
 */

/** disposeSymbol is the key every gosync guard answers to: `Symbol.dispose ?? Symbol.for("Symbol.dispose")`. */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for("Symbol.dispose") as typeof Symbol.dispose);

/** asyncDisposeSymbol is `Symbol.asyncDispose ?? Symbol.for("Symbol.asyncDispose")`, the async counterpart. */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose);

/** Disposable is anything with a `[disposeSymbol]()` method. */
export interface DisposableLike {
  [Symbol.dispose](): void;
}

/** AsyncDisposableLike is anything with an `[asyncDisposeSymbol]()` (or, as a fallback, `[disposeSymbol]()`) method. */
export interface AsyncDisposableLike {
  [Symbol.asyncDispose](): PromiseLike<void> | void;
}

/** DisposableStack is the shape shared by the native class and the ponyfill. */
export interface DisposableStack {
  readonly disposed: boolean;
  dispose(): void;
  use<T extends DisposableLike | null | undefined>(value: T): T;
  adopt<T>(value: T, onDispose: (value: T) => void): T;
  defer(onDispose: () => void): void;
  move(): DisposableStack;
  [Symbol.dispose](): void;
}

/** AsyncDisposableStack is the shape shared by the native class and the ponyfill. */
export interface AsyncDisposableStack {
  readonly disposed: boolean;
  disposeAsync(): Promise<void>;
  use<T extends AsyncDisposableLike | DisposableLike | null | undefined>(value: T): T;
  adopt<T>(value: T, onDispose: (value: T) => PromiseLike<void> | void): T;
  defer(onDispose: () => PromiseLike<void> | void): void;
  move(): AsyncDisposableStack;
  [Symbol.asyncDispose](): Promise<void>;
}

type SuppressedErrorCtor = new (error: unknown, suppressed: unknown, message?: string) => Error & {
  error: unknown;
  suppressed: unknown;
};

/**
 * SuppressedErrorPonyfill mirrors the proposal's `SuppressedError`: `error` is the error thrown
 * last, `suppressed` the one it displaced. Used only where the engine has no `SuppressedError`.
 */
class SuppressedErrorPonyfill extends Error {
  error: unknown;
  suppressed: unknown;
  constructor(error: unknown, suppressed: unknown, message?: string) {
    super(message);
    this.name = "SuppressedError";
    this.error = error;
    this.suppressed = suppressed;
  }
}

const NativeSuppressedError = (globalThis as { SuppressedError?: SuppressedErrorCtor }).SuppressedError;

/** SuppressedError is the engine's `SuppressedError`, or a ponyfill with the same fields. */
export const SuppressedError: SuppressedErrorCtor = NativeSuppressedError ?? SuppressedErrorPonyfill;

/** The message V8 gives the SuppressedError it builds while disposing; the ponyfill matches it. */
const suppressedMessage = "An error was suppressed during disposal";

/** A recorded disposer: the proposal's DisposableResource record, reduced to the one call to make. */
type Disposer = () => unknown;

function alreadyDisposed(method: string, cls: string): ReferenceError {
  return new ReferenceError(`Cannot call ${cls}.prototype.${method} on an already-disposed ${cls}`);
}

function notCallable(what: string, value: unknown): TypeError {
  return new TypeError(`${what}: want a function, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return "function";
  if (typeof value === "object") return "object";
  return `${typeof value} ${String(value)}`;
}

/**
 * disposeAll runs the disposers newest first. Every disposer runs; if some throw, the result is
 * the proposal's DisposeResources completion: the first error alone, or each later error wrapped
 * as `new SuppressedError(later, soFar)` — the newest error outermost.
 */
function disposeAll(disposers: Disposer[]): void {
  let failed = false;
  let error: unknown;
  for (let i = disposers.length - 1; i >= 0; i--) {
    try {
      disposers[i]!();
    } catch (e) {
      error = failed ? new SuppressedError(e, error, suppressedMessage) : e;
      failed = true;
    }
  }
  if (failed) throw error;
}

// The stacks reach DisposerList's #private state through these, set by its static block (the
// accessor pattern of commons.ts): as prototype methods (TypeScript's protected ones) they were
// callable by whoever holds a stack, and take() would hand out its disposers.

/** check throws the ReferenceError the proposal requires once the stack s is disposed. */
let check: (s: DisposerList, method: string) => void;
/** push registers a disposer on s. */
let push: (s: DisposerList, d: Disposer) => void;
/** take marks s disposed and returns its disposers, or null if it already was. */
let take: (s: DisposerList) => Disposer[] | null;
/** moveInto hands every pending disposer of s to next and marks s disposed. */
let moveInto: <S extends DisposerList>(s: DisposerList, next: S) => S;

/**
 * DisposerList is the state the two stacks share: pending disposers and the disposed flag.
 * States: pending (accepts use/adopt/defer/move) → disposed (by dispose or move; final).
 */
class DisposerList {
  /** #disposers are pending, oldest first; emptied by take and moveInto. */
  #disposers: Disposer[] = [];
  /** #disposed is set once, by take or moveInto. */
  #disposed = false;
  /** #cls is the class name for error messages ("DisposableStack"). */
  readonly #cls: string;

  constructor(cls: string) {
    this.#cls = cls;
  }

  static {
    check = (s, method) => {
      if (s.#disposed) throw alreadyDisposed(method, s.#cls);
    };
    push = (s, d) => {
      s.#disposers.push(d);
    };
    take = (s) => {
      if (s.#disposed) return null;
      s.#disposed = true;
      const disposers = s.#disposers;
      s.#disposers = [];
      return disposers;
    };
    moveInto = (s, next) => {
      check(s, "move");
      next.#disposers = s.#disposers;
      s.#disposers = [];
      s.#disposed = true;
      return next;
    };
  }

  /** disposed reports whether the stack has been disposed or moved from. */
  get disposed(): boolean {
    return this.#disposed;
  }
}

/**
 * DisposableStackPonyfill is a DisposableStack written in plain TypeScript.
 *
 * A new stack is pending (disposed false) and empty. `use`, `adopt` and `defer` push a disposer;
 * `dispose()` (also `[Symbol.dispose]()`, so `using d = new DisposableStack()` works) marks the
 * stack disposed and runs the disposers last-in first-out; calling it again does nothing. After
 * disposal every other method throws a ReferenceError. `move()` hands the pending disposers to a
 * new stack and leaves this one disposed without running them.
 */
export class DisposableStackPonyfill extends DisposerList implements DisposableStack {
  constructor() {
    super("DisposableStack");
  }

  /** dispose runs every pending disposer, newest first; errors aggregate into SuppressedError. */
  dispose(): void {
    const disposers = take(this);
    if (disposers) disposeAll(disposers);
  }

  /**
   * use registers value's `[Symbol.dispose]` method and returns value. null and undefined are
   * returned untouched (as `using x = null` allows); anything else without a dispose method is a
   * TypeError.
   */
  use<T extends DisposableLike | null | undefined>(value: T): T {
    check(this, "use");
    if (value === null || value === undefined) return value;
    if (typeof value !== "object" && typeof value !== "function") {
      throw new TypeError(`DisposableStack.use: want an object with a [Symbol.dispose] method, got ${describe(value)}`);
    }
    const method = (value as unknown as Record<symbol, unknown>)[disposeSymbol];
    if (typeof method !== "function") throw notCallable("DisposableStack.use: value[Symbol.dispose]", method);
    push(this, () => method.call(value));
    return value;
  }

  /** adopt registers `onDispose(value)` and returns value: for resources without a dispose method. */
  adopt<T>(value: T, onDispose: (value: T) => void): T {
    check(this, "adopt");
    if (typeof onDispose !== "function") throw notCallable("DisposableStack.adopt: onDispose", onDispose);
    push(this, () => onDispose(value));
    return value;
  }

  /** defer registers onDispose, to be called with no arguments: Go's `defer f()`. */
  defer(onDispose: () => void): void {
    check(this, "defer");
    if (typeof onDispose !== "function") throw notCallable("DisposableStack.defer: onDispose", onDispose);
    push(this, () => onDispose());
  }

  /** move returns a new stack holding this one's disposers and marks this one disposed without running them. */
  move(): DisposableStackPonyfill {
    return moveInto(this, new DisposableStackPonyfill());
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  get [Symbol.toStringTag](): string {
    return "DisposableStack";
  }
}

/**
 * AsyncDisposableStackPonyfill is the async counterpart: `disposeAsync()` awaits each disposer,
 * newest first. `use` takes `[Symbol.asyncDispose]`, or falls back to `[Symbol.dispose]` as the
 * proposal does.
 */
export class AsyncDisposableStackPonyfill extends DisposerList implements AsyncDisposableStack {
  constructor() {
    super("AsyncDisposableStack");
  }

  /** disposeAsync awaits every pending disposer, newest first; errors aggregate into SuppressedError. */
  async disposeAsync(): Promise<void> {
    const disposers = take(this);
    if (!disposers) return;
    let failed = false;
    let error: unknown;
    for (let i = disposers.length - 1; i >= 0; i--) {
      try {
        await disposers[i]!();
      } catch (e) {
        error = failed ? new SuppressedError(e, error, suppressedMessage) : e;
        failed = true;
      }
    }
    if (failed) throw error;
  }

  /** use registers value's async (or sync) dispose method and returns value; null and undefined pass through. */
  use<T extends AsyncDisposableLike | DisposableLike | null | undefined>(value: T): T {
    check(this, "use");
    if (value === null || value === undefined) return value;
    if (typeof value !== "object" && typeof value !== "function") {
      throw new TypeError(
        `AsyncDisposableStack.use: want an object with a [Symbol.asyncDispose] or [Symbol.dispose] method, got ${describe(value)}`,
      );
    }
    const rec = value as unknown as Record<symbol, unknown>;
    const asyncMethod = rec[asyncDisposeSymbol];
    if (asyncMethod !== undefined && asyncMethod !== null) {
      if (typeof asyncMethod !== "function") throw notCallable("AsyncDisposableStack.use: value[Symbol.asyncDispose]", asyncMethod);
      push(this, () => asyncMethod.call(value));
      return value;
    }
    const syncMethod = rec[disposeSymbol];
    if (typeof syncMethod !== "function") throw notCallable("AsyncDisposableStack.use: value[Symbol.dispose]", syncMethod);
    // The proposal discards a sync disposer's return value, so a returned promise is not awaited.
    push(this, () => {
      syncMethod.call(value);
    });
    return value;
  }

  /** adopt registers `onDispose(value)` (awaited) and returns value. */
  adopt<T>(value: T, onDispose: (value: T) => PromiseLike<void> | void): T {
    check(this, "adopt");
    if (typeof onDispose !== "function") throw notCallable("AsyncDisposableStack.adopt: onDispose", onDispose);
    push(this, () => onDispose(value));
    return value;
  }

  /** defer registers onDispose (awaited), to be called with no arguments. */
  defer(onDispose: () => PromiseLike<void> | void): void {
    check(this, "defer");
    if (typeof onDispose !== "function") throw notCallable("AsyncDisposableStack.defer: onDispose", onDispose);
    push(this, () => onDispose());
  }

  /** move returns a new stack holding this one's disposers and marks this one disposed without running them. */
  move(): AsyncDisposableStackPonyfill {
    return moveInto(this, new AsyncDisposableStackPonyfill());
  }

  [asyncDisposeSymbol](): Promise<void> {
    return this.disposeAsync();
  }

  get [Symbol.toStringTag](): string {
    return "AsyncDisposableStack";
  }
}

type DisposableStackCtor = new () => DisposableStack;
type AsyncDisposableStackCtor = new () => AsyncDisposableStack;

const native = globalThis as unknown as { DisposableStack?: DisposableStackCtor; AsyncDisposableStack?: AsyncDisposableStackCtor };

/** DisposableStack is the engine's DisposableStack where it exists, else DisposableStackPonyfill. */
export const DisposableStack: DisposableStackCtor = native.DisposableStack ?? DisposableStackPonyfill;

/** AsyncDisposableStack is the engine's AsyncDisposableStack where it exists, else AsyncDisposableStackPonyfill. */
export const AsyncDisposableStack: AsyncDisposableStackCtor = native.AsyncDisposableStack ?? AsyncDisposableStackPonyfill;
