// expect: deadlock "every waiter is released when the counter reaches zero"
// The counter reaching zero wakes one waiter (signal) instead of all of them (broadcast). With a
// single waiter every test passes; with five, four sleep forever in Cond.wait: a deadlock. Go's
// Add releases the semaphore once per waiter for the same reason.
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
      this.zero.signal();
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
    if (this.s.count !== 0 || this.s.waiters !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
  }
}
