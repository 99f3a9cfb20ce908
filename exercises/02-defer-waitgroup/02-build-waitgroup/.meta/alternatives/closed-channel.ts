// A correct solution in another style: channels instead of a Cond. A waiter takes the current
// round's channel under the lock and receives from it; the add that brings the counter to zero
// closes that channel, which wakes every receiver at once (a receive completed by a close comes
// after everything done before the close), and starts a new one for the next round. A woken
// waiter that finds the counter up again panics: the group was reused too early.
import { shared, chan, GoPanic, type Chan } from "gosync";
import { Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  // count: the counter; waiting: someone sleeps on `zero`. Guarded by mu.
  private readonly s = shared({ count: 0, waiting: false });
  // zero is closed when the counter of this round reaches zero. Replaced under mu.
  private zero: Chan<void> = chan<void>();

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    if (this.s.count + delta < 0) throw new GoPanic("sync: negative WaitGroup counter");
    this.s.count += delta;
    if (this.s.count === 0 && this.s.waiting) {
      this.s.waiting = false;
      this.zero.close();
      this.zero = chan<void>();
    }
  }

  async done(): Promise<void> {
    await this.add(-1);
  }

  async wait(): Promise<void> {
    let released: Chan<void>;
    {
      using _ = await this.mu.lock();
      if (this.s.count === 0) return;
      this.s.waiting = true;
      released = this.zero;
    }
    await released.recv();
    using _ = await this.mu.lock();
    if (this.s.count !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
  }
}
