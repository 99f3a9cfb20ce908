// expect: deadlock "counts every increment made from many goroutines"
// The early return for a new key skips unlock, so the Mutex stays locked forever and every
// later inc blocks in Lock. `using _ = await mu.lock()` (Go: defer mu.Unlock()) covers every
// return path; a hand-written unlock at the end does not.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class SafeCounter {
  private readonly mu = new Mutex();
  private readonly counts = shared<Record<string, number>>({});

  async inc(key: string): Promise<void> {
    await this.mu.lock();
    if (this.counts[key] === undefined) {
      this.counts[key] = 1;
      return;
    }
    this.counts[key] = this.counts[key] + 1;
    this.mu.unlock();
  }

  async value(key: string): Promise<number> {
    await this.mu.lock();
    const v = this.counts[key] ?? 0;
    this.mu.unlock();
    return v;
  }
}
