/**
 * rwmutex.ts — Go's sync.RWMutex.
 */
import type { Guard } from "./mutex.ts";
import { disposeSymbol } from "./disposable.ts";
import { PARK, rt, type Goroutine, type ResumeOp, type WaitReason } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

/**
 * RWMutex is a reader/writer mutual exclusion lock: held by any number of readers or by a
 * single writer. The zero RWMutex (`new RWMutex()`) is unlocked.
 *
 * If any goroutine calls lock while the lock is already held by one or more readers,
 * concurrent calls to rLock block until the writer has acquired (and released) the lock, so
 * a waiting writer is not starved by a stream of readers — and recursive read locking is
 * prohibited, as in Go. When a writer unlocks, the readers waiting at that moment are
 * admitted before the next writer.
 *
 * Fatal errors, Go's texts: `sync: RUnlock of unlocked RWMutex`, `sync: Unlock of unlocked RWMutex`.
 *
 * Happens-before: the n'th unlock synchronizes before the m'th lock or rLock returns (n < m);
 * every rUnlock before a lock synchronizes before that lock returns.
 */
export class RWMutex {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** #writer is set while a writer holds the lock (or is handed it by an unlock) */
  #writer = false;
  /** #readers counts the readers holding the lock */
  #readers = 0;
  /** readers admitted by an unlock that have not run yet still count in `readers` */
  #readWaiters: Goroutine[] = [];
  readonly #writeWaiters: Goroutine[] = [];
  /** #rs stands for the read side: rUnlock releases into it, lock acquires it */
  readonly #rs = {};
  /** #wguard and #rguard are what lock and rLock resolve to: their dispose unlocks */
  readonly #wguard: Guard;
  readonly #rguard: Guard;
  /** #rLockOp and #lockOp are rLock's and lock's bodies after their scheduling point (see Mutex's #lockOp) */
  readonly #rLockOp: ResumeOp<Guard>;
  readonly #lockOp: ResumeOp<Guard>;

  constructor() {
    const unlock = () => this.unlock();
    const rUnlock = () => this.rUnlock();
    this.#wguard = { [disposeSymbol]: unlock } as unknown as Guard;
    this.#rguard = { [disposeSymbol]: rUnlock } as unknown as Guard;
    this.#rLockOp = {
      reason: "sync.RWMutex.RLock",
      run: (g) => {
        if (this.#writer || this.#writeWaiters.length > 0) {
          this.#readWaiters.push(g);
          return PARK;
        }
        this.#readers++;
        return this.#rAcquired();
      },
      // unlock admitted the woken reader (counted it in readers)
      woken: () => this.#rAcquired(),
    };
    const rw = this;
    this.#lockOp = {
      // Go's Lock first takes the writers' Mutex (blocked there behind another writer: shown as
      // sync.Mutex.Lock), then waits for the readers to leave (sync.RWMutex.Lock). Read when the
      // writer parks, after it queued itself.
      get reason(): WaitReason {
        return rw.#writer || rw.#writeWaiters.length > 1 ? "sync.Mutex.Lock" : "sync.RWMutex.Lock";
      },
      run: (g) => {
        if (this.#writer || this.#readers > 0) {
          this.#writeWaiters.push(g);
          return PARK;
        }
        this.#writer = true;
        return this.#acquired();
      },
      // the last rUnlock or an unlock handed the lock over (writer is set): the woken writer owns it
      woken: () => this.#acquired(),
    };
  }

  /** rLock locks rw for reading; it blocks while a writer holds or waits for the lock. */
  rLock(): Promise<Guard> {
    return rt().perform(this.#rLockOp, this);
  }

  #rAcquired(): Guard {
    const r = rt();
    r.acquire(this);
    if (r.tracing) r.event("rlock", "RWMutex", this);
    return this.#rguard;
  }

  #acquired(): Guard {
    const r = rt();
    r.acquire(this);
    r.acquire(this.#rs);
    if (r.tracing) r.event("lock", "RWMutex", this);
    return this.#wguard;
  }

  /** tryRLock tries to lock rw for reading and reports whether it succeeded. */
  tryRLock(): boolean {
    const r = rt();
    r.op("RWMutex.tryRLock");
    if (this.#writer || this.#writeWaiters.length > 0) return false;
    this.#readers++;
    r.acquire(this);
    return true;
  }

  /** rUnlock undoes a single rLock; a fatal error if rw is not locked for reading. */
  rUnlock(): void {
    const r = rt();
    r.op("RWMutex.rUnlock");
    if (this.#readers === 0) r.fatal("sync: RUnlock of unlocked RWMutex");
    r.release(this.#rs);
    if (r.tracing) r.event("runlock", "RWMutex", this);
    this.#readers--;
    if (this.#readers === 0 && this.#writeWaiters.length > 0) {
      this.#writer = true;
      r.unpark(this.#writeWaiters.shift()!);
    }
  }

  /** lock locks rw for writing; it blocks until no reader or writer holds it. */
  lock(): Promise<Guard> {
    return rt().perform(this.#lockOp, this);
  }

  /** tryLock tries to lock rw for writing and reports whether it succeeded. */
  tryLock(): boolean {
    const r = rt();
    r.op("RWMutex.tryLock");
    if (this.#writer || this.#readers > 0) return false;
    this.#writer = true;
    r.acquire(this);
    r.acquire(this.#rs);
    return true;
  }

  /** unlock unlocks rw for writing; a fatal error if rw is not locked for writing. */
  unlock(): void {
    const r = rt();
    r.op("RWMutex.unlock");
    if (!this.#writer) r.fatal("sync: Unlock of unlocked RWMutex");
    r.release(this);
    if (r.tracing) r.event("unlock", "RWMutex", this);
    this.#writer = false;
    if (this.#readWaiters.length > 0) {
      const woken = this.#readWaiters;
      this.#readWaiters = [];
      for (const g of woken) {
        this.#readers++;
        r.unpark(g);
      }
    } else if (this.#writeWaiters.length > 0) {
      this.#writer = true;
      r.unpark(this.#writeWaiters.shift()!);
    }
  }

  /** rLocker returns a Locker whose lock/unlock call rLock/rUnlock (Go's RLocker). */
  rLocker(): { lock(): Promise<Guard>; unlock(): void } {
    return { lock: () => this.rLock(), unlock: () => this.rUnlock() };
  }
}
