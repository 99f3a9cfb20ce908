// expect: fail "keeps its state in shared(), where the race detector sees it"
// A correct WaitGroup, but its state is in plain fields instead of the starter's shared()
// object. Every behaviour test passes — and a missing lock would pass them too, because the race
// detector sees only shared() state. The instructions ask for the state in shared() so that the
// tests can see whether it is synchronised.
import { GoPanic } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class WaitGroup {
  private readonly mu = new Mutex();
  private readonly zero = new Cond(this.mu);
  private count = 0;
  private waiters = 0;
  private round = 0;

  async add(delta: number): Promise<void> {
    using _ = await this.mu.lock();
    this.count += delta;
    if (this.count < 0) throw new GoPanic("sync: negative WaitGroup counter");
    if (this.count === 0 && this.waiters > 0) {
      this.waiters = 0;
      this.round++;
      this.zero.broadcast();
    }
  }

  async done(): Promise<void> {
    await this.add(-1);
  }

  async wait(): Promise<void> {
    using _ = await this.mu.lock();
    if (this.count === 0) return;
    this.waiters++;
    const round = this.round;
    while (this.round === round) await this.zero.wait();
    if (this.count !== 0 || this.waiters !== 0) throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
  }
}
