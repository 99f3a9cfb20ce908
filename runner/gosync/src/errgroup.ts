/**
 * errgroup.ts — golang.org/x/sync/errgroup (gosync/errgroup): synchronization, error
 * propagation, and Context cancellation for groups of goroutines working on subtasks of a
 * common task.
 *
 *     const [g, ctx] = errgroup.withContext(context.background());
 *     for (const url of urls) g.go(() => fetchOne(ctx, url));   // returns Error | null
 *     const err = await g.wait();
 *
 * A function passed to go reports failure by returning (or resolving to) an Error; returning
 * null or undefined is success. Throwing is a panic, as in Go: x/sync's Group does not recover
 * it (that was tried in 2025 and reverted, golang/go#53757), so the panic ends the goroutine and
 * with it the program — the simulator reports `panic: …` for it. The group's bookkeeping (its
 * slot and WaitGroup count) is still released, as Go's deferred done() is.
 */
import { type Context, type CancelCauseFunc, withCancelCause } from "./context.ts";
import { GoPanic } from "./panic.ts";
import { rt, type Goroutine } from "./runtime.ts";
import { WaitGroup } from "./waitgroup.ts";
import { syncObject } from "./sync-object.ts";

/** Task is what go and tryGo run: it returns an Error on failure, null or nothing on success. */
export type Task = () => Error | null | undefined | void | PromiseLike<Error | null | undefined | void>;

/** attachCancel is withContext's private way to give a Group its context's cancel function. */
let attachCancel: (g: Group, cancel: CancelCauseFunc) => void;

/**
 * Group is a collection of goroutines working on subtasks that are part of the same overall
 * task. A zero Group (`new Group()`) is valid, has no limit on the number of active goroutines,
 * and does not cancel on error. A Group should not be reused for different tasks.
 *
 * The limit is Go's buffered channel of tokens, kept as a count and a queue: `active` is
 * len(sem), `limit` is cap(sem), and goroutines blocked in go() wait in `waiting` (wait reason
 * `chan send`, as Go shows them) and are handed a freed slot in arrival order.
 */
export class Group {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** cancel is set by withContext; called with the first error, and by wait. */
  #cancel: CancelCauseFunc | null = null;
  readonly #wg = new WaitGroup();
  /** limit is the maximum number of active goroutines, or -1 for none (Go's nil sem). */
  #limit = -1;
  /** active counts goroutines holding a slot (Go's len(g.sem)). */
  #active = 0;
  /** waiting holds goroutines blocked in go() until a slot frees, oldest first. */
  #waiting: Goroutine[] = [];
  /** err is the first non-null error returned by a task; set once. */
  #err: Error | null = null;
  #errSet = false;

  static {
    attachCancel = (g, cancel) => {
      g.#cancel = cancel;
    };
  }

  /**
   * go calls f in a new goroutine. It blocks (the returned promise is pending) until the new
   * goroutine can be added without the number of active goroutines exceeding the configured
   * limit; without a limit the goroutine starts before go returns, so `g.go(f)` without await
   * is fine. The first call to go must happen before a wait. The first goroutine in the group
   * that returns an error cancels the associated Context, if any; wait returns that error.
   */
  async go(f: Task): Promise<void> {
    if (this.#limit >= 0) {
      await rt().yield("Group.go");
      if (this.#active < this.#limit && this.#waiting.length === 0) {
        this.#active++;
      } else {
        // The slot is handed over by #done, which counts it for us before waking us.
        this.#waiting.push(rt().current());
        await rt().park("chan send", this);
      }
      rt().acquire(this);
    }
    this.#start(f);
  }

  /**
   * tryGo calls f in a new goroutine only if the number of active goroutines in the group is
   * currently below the configured limit. The return value reports whether the goroutine was
   * started.
   */
  tryGo(f: Task): boolean {
    rt().op("Group.tryGo");
    if (this.#limit >= 0) {
      if (this.#active >= this.#limit || this.#waiting.length > 0) return false;
      this.#active++;
      rt().acquire(this);
    }
    this.#start(f);
    return true;
  }

  /**
   * setLimit limits the number of active goroutines in this group to at most n. A negative
   * value indicates no limit. A limit of zero will prevent any new goroutines from being added.
   * The limit must not be modified while any goroutines in the group are active: that panics
   * with `errgroup: modify limit while N goroutines in the group are still active`.
   */
  setLimit(n: number): void {
    rt().op("Group.setLimit");
    if (n >= 0 && this.#limit >= 0 && this.#active !== 0) {
      throw new GoPanic(`errgroup: modify limit while ${this.#active} goroutines in the group are still active`);
    }
    // Go makes a new token channel (or drops it for n < 0). Goroutines blocked in go() on the
    // old one stay blocked for good, as they do in Go, so they are dropped from the queue.
    this.#limit = n < 0 ? -1 : n;
    this.#active = 0;
    this.#waiting = [];
  }

  /** wait blocks until all function calls from go have returned, then returns the first error (if any) from them. */
  async wait(): Promise<Error | null> {
    await this.#wg.wait();
    if (this.#cancel !== null) this.#cancel(this.#err);
    return this.#err;
  }

  #start(f: Task): void {
    this.#wg.add(1);
    rt().go(async () => {
      try {
        const err = await f();
        if (err !== null && err !== undefined) this.#fail(err);
      } finally {
        // Go's `defer g.done()`: runs on return and on panic.
        this.#done();
      }
    });
  }

  #fail(err: Error): void {
    if (this.#errSet) return;
    this.#errSet = true;
    this.#err = err;
    if (this.#cancel !== null) this.#cancel(err);
  }

  #done(): void {
    // Like Go's done(), this looks at the limit in force now: after setLimit(-1) there is no
    // slot to give back.
    if (this.#limit >= 0 && this.#active > 0) {
      rt().release(this);
      const next = this.#waiting.shift();
      if (next !== undefined) rt().unpark(next);
      else this.#active--;
    }
    this.#wg.done();
  }
}

/**
 * withContext returns a new Group and an associated Context derived from ctx. The derived
 * Context is canceled the first time a function passed to go returns an error — with that
 * error as its cause — or the first time wait returns, whichever occurs first.
 */
export function withContext(ctx: Context): [group: Group, ctx: Context] {
  const [derived, cancel] = withCancelCause(ctx);
  const g = new Group();
  attachCancel(g, cancel);
  return [g, derived];
}
