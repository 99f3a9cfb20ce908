// expect: fail "a woken wait that finds the group reused panics with Go's message"
// Rounds are counted, so a woken waiter returns even when the group is already counting again —
// but it never says so. The program reused the group before this wait returned, which Go's
// rules forbid (a new Add must happen after every Wait of the previous round returned); Go's
// Wait panics with "sync: WaitGroup is reused before previous Wait has returned" when it sees
// it, and so must this one.
import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  private readonly s = shared({ count: 0, waiters: 0, round: 0 });

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
    if (this.s.count < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (this.s.count === 0 && this.s.waiters > 0) {
      this.s.waiters = 0;
      this.s.round++;
      this.zero.broadcast();
    }
  }

  async done(): Promise<void> {
    await this.add(-1);
  }

  async wait(): Promise<void> {
    using _ = await this.mu.lock();
    if (this.s.count === 0) return;
    this.s.waiters++;
    const round = this.s.round;
    while (this.s.round === round) await this.zero.wait();
  }
}
