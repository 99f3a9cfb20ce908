/**
 * once.ts — Go's sync.Once: an object that performs exactly one action.
 *
 *     const once = new Once();
 *     await once.do(() => setup());   // Go: once.Do(setup)
 *
 * A Once starts not done. The first `do` runs f; every `do` — concurrent or later — returns only
 * after that call of f has returned, so whatever f set up is visible to all of them (f's return
 * happens before every `do` returns). If f panics (throws), `do` considers it returned: the
 * caller of that `do` sees the throw, and future calls of `do` return without calling f. A call
 * of `do` from inside f waits for itself and deadlocks, as in Go.
 *
 * It is tempting to implement `do` as "if not started, mark started and call f": then a second
 * caller could return while the first is still inside f, before the set-up is done. Like Go's,
 * this one marks done only after f returns and makes concurrent callers wait on a mutex, which
 * also gives the happens-before edge from f to them (Unlock → Lock).
 */
import { Mutex } from "./mutex.ts";
import { rt } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

/** Once is an object that will perform exactly one action; its zero value is ready to use. */
export class Once {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** done is set once f has returned or panicked; read on the fast path. */
  #done = false;
  /** m serialises the slow path: callers arriving while f runs wait on it. */
  readonly #m = new Mutex();

  /**
   * do calls f if and only if do is being called for the first time for this Once. f may be
   * async; it is awaited. No call to do returns until the one call to f returns.
   */
  async do(f: () => unknown): Promise<void> {
    await rt().yield("Once.do");
    if (this.#done) {
      // Fast path: observe the done flag set (and published) by the call that ran f.
      rt().acquire(this);
      return;
    }
    await this.#doSlow(f);
  }

  async #doSlow(f: () => unknown): Promise<void> {
    await this.#m.lock();
    try {
      if (!this.#done) {
        try {
          await f();
        } finally {
          // Go's `defer o.done.Store(1)`: a panicking f counts as done.
          this.#done = true;
          rt().release(this);
        }
      }
    } finally {
      this.#m.unlock();
    }
  }
}
