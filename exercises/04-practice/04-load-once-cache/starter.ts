import { shared } from "gosync";

/**
 * Cache remembers the value loaded for each key, so that a slow load — a database query, a
 * remote call — happens once per key instead of once per request. Many goroutines call get at
 * the same time.
 *
 * This version has no synchronisation: goroutines that ask for the same missing key at the same
 * time each call load (and the race detector reports them writing the entries together).
 */
export class Cache<V> {
  // entries maps a key to what the cache keeps for it. shared() lets the simulator's race
  // detector see every read and write of it; keep the cache's entries in shared() state.
  private readonly entries = shared(new Map<string, V>());

  /**
   * get returns the value of key, calling load to produce it if the cache has none yet. If load
   * throws, get throws the same error.
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = await load();
    this.entries.set(key, value);
    return value;
  }
}
