/**
 * waitgroup.ts — Go's sync.WaitGroup.
 */
import { go } from "./go.ts";
import { GoPanic } from "./panic.ts";
import { rt, type Goroutine } from "./runtime.ts";

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
 *  - an add from zero while waiters are still registered:
 *    `sync: WaitGroup misuse: Add called concurrently with Wait`;
 *  - a woken waiter finding the group already in use again before it could return:
 *    `sync: WaitGroup is reused before previous Wait has returned`.
 *
 * State, as Go's (counter, waiters) word: `count` is the counter; `waiting` counts the waiters
 * registered since the counter was last brought to zero. When an add brings the counter to
 * zero with waiters registered, the state is reset to (0, 0) and every waiter is woken; each
 * woken waiter checks, when it runs again, that the state is still (0, 0) — if an add has
 * started a new round in between, the group was reused too early.
 *
 * In the terminology of the Go memory model, a call to done synchronizes before the return
 * of any wait call that it unblocks.
 */
export class WaitGroup {
  private count = 0;
  private waiting = 0;
  private readonly waiters: Goroutine[] = [];

  /**
   * add adds delta, which may be negative, to the WaitGroup counter. If the counter becomes
   * zero, all goroutines blocked on wait are released. If the counter goes negative, add panics.
   */
  add(delta: number): void {
    const r = rt();
    r.op("WaitGroup.add");
    if (delta < 0) r.release(this);
    this.count += delta;
    const v = this.count;
    const w = this.waiting;
    if (r.tracing && delta < 0) r.event("done", `WaitGroup counter ${v}`, this);
    if (v < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (w !== 0 && delta > 0 && v === delta) throw new GoPanic("sync: WaitGroup misuse: Add called concurrently with Wait");
    if (v > 0 || w === 0) return;
    // The counter reached zero with waiters registered: reset the state and wake them all.
    this.waiting = 0;
    for (const g of this.waiters.splice(0)) r.unpark(g);
  }

  /** done decrements the WaitGroup counter by one. */
  done(): void {
    this.add(-1);
  }

  /** wait blocks until the WaitGroup counter is zero. */
  async wait(): Promise<void> {
    const r = rt();
    await r.yield();
    if (this.count === 0) {
      r.acquire(this);
      if (r.tracing) r.event("wait", "WaitGroup counter 0", this);
      return;
    }
    this.waiting++;
    this.waiters.push(r.current());
    await r.park("sync.WaitGroup.Wait", this);
    if (this.count !== 0 || this.waiting !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
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
