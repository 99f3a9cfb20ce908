/**
 * mutex.ts — Go's sync.Mutex.
 */
import { disposeSymbol } from "./disposable.ts";
import { PARK, rt, type Goroutine, type ResumeOp } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

/** Guard releases what it guards when disposed: `using _ = await mu.lock();`. */
export interface Guard {
  [Symbol.dispose](): void;
}

/**
 * Mutex is a mutual exclusion lock. The zero Mutex (`new Mutex()`) is unlocked.
 *
 * `await mu.lock()` blocks until the lock is free and resolves to a guard whose dispose
 * unlocks, so `using _ = await mu.lock();` plays the part of `mu.Lock(); defer mu.Unlock()`.
 * A locked Mutex is not associated with a goroutine: one goroutine may lock it and another
 * unlock it. Unlocking an unlocked Mutex is a fatal error (`sync: unlock of unlocked mutex`).
 *
 * Waiters are served in FIFO order and unlock hands the lock directly to the first of them
 * (Go's starvation mode), so a woken waiter never finds the lock taken again.
 *
 * In the terminology of the Go memory model, the n'th call to unlock synchronizes before the
 * m'th call to lock returns, for any n < m; a successful tryLock is equivalent to lock.
 */
export class Mutex {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** #locked is set by lock and tryLock; unlock clears it unless it hands the lock to a waiter */
  #locked = false;
  readonly #waiters: Goroutine[] = [];
  /** #guard is what lock resolves to: one per mutex, its dispose unlocks */
  readonly #guard: Guard;
  /** #lockOp is lock's body after its scheduling point (one per mutex: no allocation per lock) */
  readonly #lockOp: ResumeOp<Guard>;

  constructor() {
    const unlock = () => this.unlock();
    this.#guard = { [disposeSymbol]: unlock } as unknown as Guard;
    this.#lockOp = {
      reason: "sync.Mutex.Lock",
      run: (g) => {
        if (!this.#locked) {
          this.#locked = true;
          return this.#acquired();
        }
        this.#waiters.push(g);
        return PARK;
      },
      // unlock handed the lock over (it stays locked): the woken waiter owns it
      woken: () => this.#acquired(),
    };
  }

  /** lock locks mu; if the lock is already in use, it blocks until the mutex is available. */
  lock(): Promise<Guard> {
    return rt().perform(this.#lockOp, this);
  }

  #acquired(): Guard {
    const r = rt();
    r.acquire(this);
    if (r.tracing) r.event("lock", "Mutex", this);
    return this.#guard;
  }

  /** tryLock tries to lock mu and reports whether it succeeded; it never blocks. */
  tryLock(): boolean {
    const r = rt();
    r.op("Mutex.tryLock");
    if (this.#locked) return false;
    this.#locked = true;
    r.acquire(this);
    if (r.tracing) r.event("lock", "Mutex.tryLock", this);
    return true;
  }

  /** unlock unlocks mu; it is a fatal error (`sync: unlock of unlocked mutex`) if mu is not locked. */
  unlock(): void {
    const r = rt();
    r.op("Mutex.unlock");
    if (!this.#locked) r.fatal("sync: unlock of unlocked mutex");
    r.release(this);
    if (r.tracing) r.event("unlock", "Mutex", this);
    const g = this.#waiters.shift();
    if (g !== undefined) r.unpark(g);
    else this.#locked = false;
  }
}
