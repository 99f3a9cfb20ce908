// expect: fail "wait blocks until the last done, and returns the moment it comes"
// Every done wakes the waiters "so they can look at the counter", and a woken waiter returns
// without looking again (an `if` where a loop belongs). The first done of three already
// releases wait: the caller goes on while two tasks are still running.
import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly changed = new Cond(this.mu);
  private readonly s = shared({ count: 0 });

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
    if (this.s.count < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (delta < 0) this.changed.broadcast();
  }

  async done(): Promise<void> {
    await this.add(-1);
  }

  async wait(): Promise<void> {
    using _ = await this.mu.lock();
    if (this.s.count > 0) await this.changed.wait();
  }
}
