import { shared } from "gosync";

/**
 * SafeCounter counts events per key. Many goroutines call inc and value at the same time.
 *
 * This version has no synchronisation at all: the hidden tests report a DATA RACE on counts.
 */
export class SafeCounter {
  // counts maps a key to its count. shared() lets the simulator see every read and write of
  // it, so two goroutines touching it without synchronisation are reported as a data race.
  // Keep the counts in this shared object.
  private readonly counts = shared<Record<string, number>>({});

  // TODO (task 3): whatever protects counts belongs to this counter.

  /** inc adds one to the count of key. */
  async inc(key: string): Promise<void> {
    // TODO (task 1): many goroutines increment at once; not one increment may be lost.
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /** value returns the current count of key, 0 for a key never incremented. */
  async value(key: string): Promise<number> {
    // TODO (task 2): called while others increment; it must not race with them.
    return this.counts[key] ?? 0;
  }
}
