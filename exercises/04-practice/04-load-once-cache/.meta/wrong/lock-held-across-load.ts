// expect: fail "gets of different keys load at the same time"
// The textbook double-checked lookup: read-lock and look, then write-lock, look again and load
// while still holding the write lock. Each key is loaded once and failures are not cached, but
// the write lock is held for the whole load: the loads of different keys queue up behind each
// other (3 × 100 ms instead of 100 ms), and even a cached key waits until the load in progress
// is done. Hold the lock only to find or add a key's entry, never across the load.
import { shared } from "gosync";
import { RWMutex } from "gosync/sync";

export class Cache<V> {
  private readonly rw = new RWMutex();
  private readonly entries = shared(new Map<string, V>());

  async get(key: string, load: () => Promise<V>): Promise<V> {
    {
      using _ = await this.rw.rLock();
      if (this.entries.has(key)) return this.entries.get(key)!;
    }
    using _ = await this.rw.lock();
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = await load();
    this.entries.set(key, value);
    return value;
  }
}
