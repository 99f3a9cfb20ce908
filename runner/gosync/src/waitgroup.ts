/**
 * waitgroup.ts — Go's sync.WaitGroup.
 */
import { go } from "./go.ts";
import { GoPanic } from "./panic.ts";
import { rt, type Goroutine } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

const NEGATIVE = "sync: negative WaitGroup counter";
const ADD_DURING_WAIT = "sync: WaitGroup misuse: Add called concurrently with Wait";
const REUSED = "sync: WaitGroup is reused before previous Wait has returned";

/**
 * WaitGroup waits for a collection of tasks to finish. The zero WaitGroup (`new WaitGroup()`)
 * has a counter of 0.
 *
 * `add(n)` before starting each task, `done()` when it finishes (or `go(f)`, which does both
 * around f), `await wait()` to block until the counter is zero. Add calls with a positive
 * delta that occur when the counter is zero must happen before a wait. A WaitGroup may be
 * reused once every wait of the previous round has returned.
 *
 * Misuse panics with Go's texts:
 *  - the counter going negative: `sync: negative WaitGroup counter`;
 *  - an add from zero while the waiters of the previous round are being released:
 *    `sync: WaitGroup misuse: Add called concurrently with Wait`;
 *  - a woken waiter finding the group already in use again before it could return:
 *    `sync: WaitGroup is reused before previous Wait has returned`.
 *
 * In the terminology of the Go memory model, a call to done synchronizes before the return
 * of any wait call that it unblocks.
 *
 * The state machine. The state is Go's (counter, waiters) word: `#count` and `#waiting` (the
 * waiters registered since the counter last reached zero).
 *
 *   add(δ):   count += δ, then
 *             count < 0                          → panic NEGATIVE
 *             waiting > 0, δ > 0, count == δ     → panic ADD_DURING_WAIT (landed in a release)
 *             count > 0 or waiting == 0          → return
 *             otherwise (count reached 0 with waiters): return, leaving the state
 *             (0, waiting) "releasing", and schedule the release as a runtime step (rt().later)
 *   release:  state must still be (0, waiting) → else panic ADD_DURING_WAIT as the owner's Add;
 *             state := (0, 0); wake every registered waiter
 *   wait():   count == 0 → return at once (also while releasing, as Go's Wait does);
 *             else waiting++, park; when woken, state != (0, 0) → panic REUSED
 *
 * Why the release is a step of its own: in Go, the Add that brings the counter to zero does
 * its atomic add, and only later checks the state, stores 0 and releases the semaphore once per
 * waiter. Another goroutine's Add(+δ) landing in between sees waiters ≠ 0 and counter = δ and
 * panics; that window is the whole point of the message. The tempting implementation — reset
 * and wake synchronously inside add(), since add() cannot await — closes the window: no other
 * goroutine can ever run between the zero crossing and the reset, so that panic can never
 * fire and the misuse hides as "wait returned early" or "reused". Making add() async instead
 * would change Go's API (Add does not block) and every caller. As a runtime step the strategy
 * schedules, the release can be preceded by any other goroutine's add, and exploration finds
 * the panic; a woken waiter that an add overtakes before it runs finds the REUSED state.
 *
 * Why the step is flushed at the owner's next gosync operation (Sim.later's rule): the owner's
 * Add has returned in program order, so in Go everything it does next follows the reset. If an
 * add reached through the owner's later unlock, send or go statement could still find the step
 * pending, a correct program could get a false ADD_DURING_WAIT. Such an add is not ordered after
 * the woken waits' returns either, so it is a misuse in any case — the flush just keeps the
 * message Go's. On the real runtime nothing can interleave inside add(), so the release runs at
 * once (later calls it synchronously).
 */
export class WaitGroup {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** #count and #waiting are Go's (counter, waiters) state word (see the state machine above) */
  #count = 0;
  #waiting = 0;
  #waiters: Goroutine[] = [];
  /** #releasing is how many waiters the pending release step will wake (0: none pending) */
  #releasing = 0;
  readonly #releaseStep = (): void => this.#releaseWaiters();

  /**
   * add adds delta, which may be negative, to the WaitGroup counter. If the counter becomes
   * zero, all goroutines blocked on wait are released. If the counter goes negative, add panics.
   */
  add(delta: number): void {
    this.#add(delta, "WaitGroup.add");
  }

  #add(delta: number, name: string): void {
    const r = rt();
    r.op(name);
    if (delta < 0) r.release(this);
    this.#count += delta;
    const v = this.#count;
    const w = this.#waiting;
    if (r.tracing) r.event(delta < 0 ? "done" : "add", delta < 0 ? `WaitGroup counter ${v}` : `WaitGroup.add(${delta}): counter ${v}`, this);
    if (v < 0) throw new GoPanic(NEGATIVE);
    if (w !== 0 && delta > 0 && v === delta) throw new GoPanic(ADD_DURING_WAIT);
    if (v > 0 || w === 0) return;
    // The counter reached zero with waiters registered: the reset and the wake-up are the rest
    // of this Add, run as a step of their own (see the state machine above).
    this.#releasing = w;
    r.later(this.#releaseStep);
  }

  /** #releaseWaiters is the tail of the Add that brought the counter to zero: reset, then wake. */
  #releaseWaiters(): void {
    const r = rt();
    const w = this.#releasing;
    this.#releasing = 0;
    if (this.#count !== 0 || this.#waiting !== w) throw new GoPanic(ADD_DURING_WAIT);
    this.#waiting = 0;
    if (r.tracing) r.event("note", `WaitGroup counter 0: waking ${w} waiter${w === 1 ? "" : "s"}`, this);
    const gs = this.#waiters;
    this.#waiters = [];
    for (let i = 0; i < gs.length; i++) r.unpark(gs[i]);
  }

  /** done decrements the WaitGroup counter by one. */
  done(): void {
    this.#add(-1, "WaitGroup.done");
  }

  /** wait blocks until the WaitGroup counter is zero. */
  async wait(): Promise<void> {
    const r = rt();
    await r.yield("WaitGroup.wait");
    if (this.#count === 0) {
      r.acquire(this);
      if (r.tracing) r.event("wait", "WaitGroup counter 0", this);
      return;
    }
    this.#waiting++;
    this.#waiters.push(r.current());
    await r.park("sync.WaitGroup.Wait", this);
    if (this.#count !== 0 || this.#waiting !== 0) throw new GoPanic(REUSED);
    r.acquire(this);
    if (r.tracing) r.event("wait", "WaitGroup released", this);
  }

  /**
   * go calls f in a new goroutine and adds that task to the WaitGroup; when f returns, the
   * task is removed. As in Go 1.25+, if f panics (throws) the task is not marked done — the
   * panic ends the program.
   */
  go(f: () => unknown): void {
    this.add(1);
    go(async () => {
      await f();
      this.done();
    });
  }
}
