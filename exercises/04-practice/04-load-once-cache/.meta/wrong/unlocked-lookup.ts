// expect: race "many goroutines get the same and different keys without a data race"
// Right in every other way, but the quick look-up of a cached key reads the map without a lock
// ("it is only a read, and the entry was written long ago"). Nothing orders that read after the
// write of another goroutine that is adding a different key: a data race, the same mistake as
// the hand-written double-checked locking of chapter 4.4.
import { shared } from "gosync";
import { Mutex, onceValue } from "gosync/sync";

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly loaders = shared(new Map<string, () => Promise<V>>());

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
