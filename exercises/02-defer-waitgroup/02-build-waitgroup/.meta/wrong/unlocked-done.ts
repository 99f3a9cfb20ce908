// expect: race "loses no done when many goroutines call it at the same moment"
// add and done are synchronous, like Go's, and change the counter without the lock ("a single
// subtraction cannot be interrupted"). Here it is not, but nothing orders two goroutines'
// updates of the counter: a data race (in Go two unsynchronised decrements can lose one, and
// Wait never returns). Every access to the shared state needs the lock, or an atomic.
import { shared, GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  private readonly s = shared({ count: 0, waiters: 0, round: 0 });

  add(delta: number): void {
    this.s.count += delta;
    if (this.s.count < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (this.s.count === 0 && this.s.waiters > 0) {
      this.s.waiters = 0;
      this.s.round++;
      this.zero.broadcast();
    }
  }

  done(): void {
    this.add(-1);
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
