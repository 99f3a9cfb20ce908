// expect: fail "keeps its entries in shared() state, where the race detector sees them"
// Right, except that the loaders live in a plain Map instead of a shared() one, and the quick
// look-up reads it without a lock. Every other test passes: the race detector sees only shared()
// state, so the read that races with another goroutine's write goes unreported (with a shared()
// Map it is reported, as in wrong/unlocked-lookup.ts; in Go, `go test -race` would flag it).
import { Mutex, onceValue } from "gosync/sync";

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly loaders = new Map<string, () => Promise<V>>();

  async get(key: string, load: () => Promise<V>): Promise<V> {
    let loader = this.loaders.get(key);
    if (loader === undefined) {
      using _ = await this.mu.lock();
      loader = this.loaders.get(key);
      if (loader === undefined) {
        loader = onceValue(load);
        this.loaders.set(key, loader);
      }
    }
    try {
      return await loader();
    } catch (err) {
      using _ = await this.mu.lock();
      if (this.loaders.get(key) === loader) this.loaders.delete(key);
      throw err;
    }
  }
}
