import { shared } from "gosync";
import { Mutex } from "gosync/sync";
import * as time from "gosync/time";

/**
 * WaitGroup waits for a collection of tasks to finish. A new WaitGroup has a counter of 0.
 *
 * add and done are awaited here (unlike Go's), because they take the lock that guards the
 * state.
 *
 * This version polls: wait takes a look at the counter once every millisecond, so it returns
 * up to a millisecond after the counter reached zero, and it never panics. The instructions say
 * what a WaitGroup must do instead.
 */
export class WaitGroup {
  private readonly mu = new Mutex();
  // The state that add, done and wait share. shared() lets the race detector see every read
  // and write of it: keep all of that state in this object.
  private readonly s = shared({ count: 0 });

  /** add adds delta, which may be negative, to the counter. */
  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
  }

  /** done decrements the counter by one. */
  async done(): Promise<void> {
    await this.add(-1);
  }

  /** wait blocks until the counter is zero. */
  async wait(): Promise<void> {
    for (;;) {
      {
        using _ = await this.mu.lock();
        if (this.s.count === 0) return;
      }
      await time.sleep(time.Millisecond);
    }
  }
}
