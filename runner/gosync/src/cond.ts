/**
 * cond.ts — Go's sync.Cond: a rendezvous point for goroutines waiting for or announcing the
 * occurrence of an event.
 *
 *     const c = new Cond(mu);            // Go: c := sync.NewCond(&mu)
 *     using _ = await mu.lock();
 *     while (!ready) await c.wait();     // Go: for !ready { c.Wait() }
 *
 * Each Cond has a Locker L (a Mutex, an RWMutex, or `rw.rLocker()`), which must be held when
 * changing the condition and when calling wait. Waiters are served in arrival order: signal
 * wakes the one that has waited longest, broadcast wakes all; a signal with no waiter is lost.
 * A woken waiter relocks L before wait returns, so wait is always called in a loop.
 *
 * Happens-before comes from L, as in Go: the signaller's Unlock precedes the woken waiter's
 * Lock inside wait.
 */
import { rt, type Goroutine } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

/** Locker is what Go's sync.Locker is: something with lock and unlock. */
export interface Locker {
  lock(): Promise<unknown>;
  unlock(): void;
}

/** Cond implements a condition variable; create it with `new Cond(l)` (Go's NewCond). */
export class Cond {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** L is held while observing or changing the condition. */
  readonly L: Locker;
  /** waiters are parked in wait, oldest first (Go's notifyList tickets). */
  #waiters: Goroutine[] = [];

  constructor(l: Locker) {
    this.L = l;
  }

  /**
   * wait atomically unlocks c.L and suspends the calling goroutine (wait reason
   * `sync.Cond.Wait`). After a later signal or broadcast wakes it, wait locks c.L before
   * returning. wait cannot return unless awoken by signal or broadcast.
   */
  async wait(): Promise<void> {
    await rt().yield("Cond.wait");
    this.L.unlock();
    // Unlock and enqueue happen in one step (no await in between), as Go takes its ticket
    // around L.Unlock: a signal sent by whoever takes L next must find this waiter. current()
    // comes right before park because the real runtime binds park to the latest current().
    this.#waiters.push(rt().current());
    await rt().park("sync.Cond.Wait", this);
    await this.L.lock();
  }

  /** signal wakes one goroutine waiting on c, if there is any. Holding c.L is allowed but not required. */
  signal(): void {
    rt().op("Cond.signal");
    const g = this.#waiters.shift();
    if (g !== undefined) rt().unpark(g);
  }

  /** broadcast wakes all goroutines waiting on c. Holding c.L is allowed but not required. */
  broadcast(): void {
    rt().op("Cond.broadcast");
    const all = this.#waiters;
    this.#waiters = [];
    for (const g of all) rt().unpark(g);
  }
}
