import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

const NEGATIVE = "sync: negative WaitGroup counter";
const REUSED = "sync: WaitGroup is reused before previous Wait has returned";

/**
 * WaitGroup waits for a collection of tasks to finish, built on a Mutex and a Cond. A new
 * WaitGroup has a counter of 0.
 *
 * add(delta) adds delta, which may be negative, to the counter; done() is add(-1). When the
 * counter reaches zero, every goroutine blocked in wait is released; if it goes negative, add
 * panics. wait blocks until the counter is zero (at zero it returns at once). A WaitGroup may be
 * reused once every wait of the previous round has returned; a released wait that finds the
 * group counting again panics, as Go's does.
 *
 * Unlike Go's, add and done are awaited here: they take the lock that guards the state.
 */
export class WaitGroup {
  /** mu guards s; zero is signalled (broadcast) under it when a round ends. */
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  /**
   * s is the state every goroutine using the group shares. count is the counter; waiters are
   * the waits blocked in this round; round counts the rounds ended with waiters, so that a
   * woken wait knows its round is over even if the group is counting again (a plain
   * `while (count > 0)` loop would put it back to sleep until the next round ends).
   */
  private readonly s = shared({ count: 0, waiters: 0, round: 0 });

  /** add adds delta to the counter; at zero it releases every waiter, below zero it panics. */
  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
    if (this.s.count < 0) throw new GoPanic(NEGATIVE);
    if (this.s.count === 0 && this.s.waiters > 0) {
      this.s.waiters = 0;
      this.s.round++;
      this.zero.broadcast(); // every waiter, not one: signal() would leave the others asleep
    }
  }

  /** done decrements the counter by one. */
  async done(): Promise<void> {
    await this.add(-1);
  }

  /** wait blocks until the counter is zero. */
  async wait(): Promise<void> {
    using _ = await this.mu.lock();
    if (this.s.count === 0) return;
    this.s.waiters++;
    const round = this.s.round;
    while (this.s.round === round) await this.zero.wait(); // a Cond may wake spuriously: loop
    // Our round ended. If the group is in use again before we could return, the caller broke
    // the rule that a new add must happen after every wait of the previous round returned.
    if (this.s.count !== 0 || this.s.waiters !== 0) throw new GoPanic(REUSED);
  }
}
