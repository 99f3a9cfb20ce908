// expect: fail "counts every increment made from many goroutines"
// Every access is under the lock, so there is no data race — but the read and the write are
// two critical sections. Another goroutine can take the lock in between, read the same old
// count, and both write old+1: a lost update (a race condition without a data race).
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class SafeCounter {
  private readonly mu = new Mutex();
  private readonly counts = shared<Record<string, number>>({});

  async inc(key: string): Promise<void> {
    const old = await this.value(key);
    await this.mu.lock();
    this.counts[key] = old + 1;
    this.mu.unlock();
  }

  async value(key: string): Promise<number> {
    await this.mu.lock();
    const v = this.counts[key] ?? 0;
    this.mu.unlock();
    return v;
  }
}
