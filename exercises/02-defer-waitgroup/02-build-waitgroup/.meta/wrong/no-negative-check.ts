// expect: fail "a negative counter panics with Go's message"
// Waiting, waking and reuse are right, but a counter below zero is accepted in silence. One Done
// too many is always a bug (a task counted once and finished twice, or never counted), and
// with the counter at -1 the next Wait returns too early or never: Go panics at once instead,
// with "sync: negative WaitGroup counter".
import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  private readonly s = shared({ count: 0, waiters: 0, round: 0 });

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.s.count += delta;
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
    if (this.s.count <= 0) return;
    this.s.waiters++;
    const round = this.s.round;
    while (this.s.round === round) await this.zero.wait();
    if (this.s.count !== 0 || this.s.waiters !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
  }
}
