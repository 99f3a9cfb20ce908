import { shared } from "gosync";
import { Mutex } from "gosync/sync";

/**
 * SafeCounter counts events per key and is safe for use by many goroutines at once.
 *
 * A new SafeCounter is empty: every key reads 0. All access to the counts goes through mu, so
 * an increment — read the old count, add one, write it back — is a single critical section:
 * no other goroutine can read or write a count between the read and the write.
 */
export class SafeCounter {
  // mu guards counts. It is held for the whole read-modify-write of inc, not for each access
  // separately: locking the read and the write one by one is free of data races but still
  // loses updates (two goroutines read the same old count, both write old+1).
  private readonly mu = new Mutex();

  // counts maps a key to its count. shared() lets the simulator's race detector see every
  // read and write of it; outside the simulator it is a plain object.
  private readonly counts = shared<Record<string, number>>({});

  /** inc adds one to the count of key. It blocks while another goroutine holds the lock. */
  async inc(key: string): Promise<void> {
    using _ = await this.mu.lock(); // Go: c.mu.Lock(); defer c.mu.Unlock()
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /**
   * value returns the current count of key, 0 for a key never incremented.
   * It locks too: a read that races with a write is a data race even though it writes nothing.
   */
  async value(key: string): Promise<number> {
    using _ = await this.mu.lock();
    return this.counts[key] ?? 0;
  }
}
