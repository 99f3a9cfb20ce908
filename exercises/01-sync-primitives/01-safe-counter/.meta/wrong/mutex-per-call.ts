// expect: race "counts every increment made from many goroutines"
// Each call creates its own Mutex, so no two goroutines ever contend for the same lock and
// no Unlock → Lock edge orders their accesses: the lock protects nothing.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export class SafeCounter {
  private readonly counts = shared<Record<string, number>>({});

  async inc(key: string): Promise<void> {
    const mu = new Mutex();
    using _ = await mu.lock();
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  async value(key: string): Promise<number> {
    const mu = new Mutex();
    using _ = await mu.lock();
    return this.counts[key] ?? 0;
  }
}
