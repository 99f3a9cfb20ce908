// expect: fail "a woken wait that finds the group reused panics with Go's message"
// The textbook condition loop — `while the counter is above zero, wait on the Cond` — is right
// for almost every program. But a waiter woken because the counter reached zero may find it
// above zero again (someone reused the group before this wait returned): the loop puts it back
// to sleep, and it returns only when the next round ends, 10 ms later. Go's Wait never waits
// for a round it did not start in: it returns, or panics if it sees the group reused.
import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  private readonly s = shared({ count: 0 });

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
    if (this.s.count < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (this.s.count === 0) this.zero.broadcast();
  }

  async done(): Promise<void> {
    await this.add(-1);
  }

  async wait(): Promise<void> {
    using _ = await this.mu.lock();
    while (this.s.count > 0) await this.zero.wait();
  }
}
