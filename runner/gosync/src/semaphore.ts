/**
 * semaphore.ts — golang.org/x/sync/semaphore (gosync/semaphore): a weighted semaphore.
 *
 *     const sem = semaphore.newWeighted(3);
 *     const err = await sem.acquire(ctx, 1);   // null, or ctx.err() if ctx ended first
 *     if (err === null) try { work() } finally { sem.release(1) }
 *
 * Waiters are served strictly first-in first-out: when the waiter at the front needs more than
 * is free, the ones behind it wait too, even if they would fit — otherwise a large request (a
 * writer taking every token) could starve behind a stream of small ones.
 *
 * Happens-before: a release happens before the acquire it makes possible returns.
 */
import { Chan, chan } from "./chan.ts";
import type { Context } from "./context.ts";
import { GoPanic } from "./panic.ts";
import { removeAt } from "./arrays.ts";
import { rt } from "./runtime.ts";
import { recv, select } from "./select.ts";
import { syncObject } from "./sync-object.ts";

/** Waiter is one blocked acquire: its weight and the channel closed when it is granted. */
interface Waiter {
  n: number;
  ready: Chan<void>;
  /** granted is set, together with closing ready, when the semaphore hands this waiter its weight. */
  granted: boolean;
}

/** Weighted provides a way to bound concurrent access to a resource; callers request access with a given weight. */
export class Weighted {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  readonly #size: number;
  /** cur is the weight currently held. */
  #cur = 0;
  /** waiters are blocked acquires, oldest first. */
  #waiters: Waiter[] = [];

  /** Weighted creates a semaphore with the given maximum combined weight (Go's NewWeighted). */
  constructor(n: number) {
    this.#size = n;
  }

  /**
   * acquire acquires the semaphore with a weight of n, blocking until resources are available
   * or ctx is done. On success, it returns null. On failure, it returns ctx.err() and leaves the
   * semaphore unchanged. If ctx is already done, acquire fails even when it could succeed
   * without blocking. A request larger than the semaphore's size waits only for ctx.
   */
  async acquire(ctx: Context, n: number): Promise<Error | null> {
    await rt().yield("Weighted.acquire");
    const done = ctx.done();
    // Go checks done with a non-blocking receive; err() is non-null exactly when done is closed.
    const early = ctx.err();
    if (early !== null) return early;
    if (this.#size - this.#cur >= n && this.#waiters.length === 0) {
      this.#cur += n;
      rt().acquire(this);
      return null;
    }
    if (n > this.#size) {
      // Don't make other acquire calls block on one that is doomed to fail. Go's `<-done`:
      // a nil done channel (a context that is never canceled) blocks forever.
      await (done ?? Chan.nil<void>()).recv();
      return ctx.err();
    }
    const w: Waiter = { n, ready: chan<void>(), granted: false };
    this.#waiters.push(w);
    let canceled = false;
    await select([recv(done, () => void (canceled = true)), recv(w.ready, () => {})]);
    if (canceled) {
      if (w.granted) {
        // Acquired the semaphore after we were canceled: pretend we didn't and put the
        // tokens back.
        this.#cur -= n;
        this.#notifyWaiters();
      } else {
        const isFront = this.#waiters[0] === w;
        removeAt(this.#waiters, this.#waiters.indexOf(w));
        // If we were at the front and there are tokens left, the next waiters may now fit.
        if (isFront && this.#size > this.#cur) this.#notifyWaiters();
      }
      return ctx.err();
    }
    // Acquired. Check that ctx is not already done, as Go does, to fail consistently.
    const late = ctx.err();
    if (late !== null) {
      this.release(n);
      return late;
    }
    rt().acquire(this);
    return null;
  }

  /**
   * tryAcquire acquires the semaphore with a weight of n without blocking. On success it
   * returns true; on failure it returns false and leaves the semaphore unchanged. It fails
   * whenever others are waiting, so it never jumps the queue.
   */
  tryAcquire(n: number): boolean {
    rt().op("Weighted.tryAcquire");
    const success = this.#size - this.#cur >= n && this.#waiters.length === 0;
    if (success) {
      this.#cur += n;
      rt().acquire(this);
    }
    return success;
  }

  /** release releases the semaphore with a weight of n; releasing more than is held panics `semaphore: released more than held`. */
  release(n: number): void {
    rt().op("Weighted.release");
    this.#cur -= n;
    if (this.#cur < 0) throw new GoPanic("semaphore: released more than held");
    rt().release(this);
    this.#notifyWaiters();
  }

  #notifyWaiters(): void {
    for (;;) {
      const next = this.#waiters[0];
      if (next === undefined) break; // no more waiters blocked
      // Not enough tokens for the front waiter: leave it and everyone behind it waiting
      // (no barging, so a large request cannot starve).
      if (this.#size - this.#cur < next.n) break;
      this.#cur += next.n;
      this.#waiters.shift();
      next.granted = true;
      next.ready.close();
    }
  }
}

/** newWeighted creates a new weighted semaphore with the given maximum combined weight for concurrent access. */
export function newWeighted(n: number): Weighted {
  return new Weighted(n);
}
