// expect: race "value can be read while other goroutines increment"
// inc locks, but value reads without the lock "because it only reads". A read concurrent
// with a write is still a data race: nothing orders the reader's access after the writer's.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class SafeCounter {
  private readonly mu = new Mutex();
  private readonly counts = shared<Record<string, number>>({});

  async inc(key: string): Promise<void> {
    using _ = await this.mu.lock();
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  async value(key: string): Promise<number> {
    return this.counts[key] ?? 0;
  }
}
