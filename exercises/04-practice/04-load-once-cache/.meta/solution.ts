import { shared } from "gosync";
import { RWMutex, onceValue } from "gosync/sync";

/**
 * Cache remembers the value loaded for each key and is safe for use by many goroutines at once.
 * A new Cache (no arguments) is empty and ready to use.
 *
 * Each key gets one loader: onceValue(load), which calls load once, however many goroutines call
 * it, and hands every one of them the same value. rw guards the map from key to loader only: it
 * is held to find or add a key's loader, never while the loader runs. A lock held across load
 * would make every other get — of any key, cached or not — wait for that load.
 *
 * onceValue remembers a throw as well as a value (every later call throws it again). A failed
 * load must not stay cached, so the get that sees the failure removes that loader — if it is
 * still the one in the map: a later get may already have put a fresh one there.
 */
export class Cache<V> {
  // rw guards loaders: read-locked to look a key up, write-locked to add or remove its loader.
  private readonly rw = new RWMutex();

  // loaders maps a key to the function that loads its value once. shared() lets the simulator's
  // race detector see every read and write of it.
  private readonly loaders = shared(new Map<string, () => Promise<V>>());

  /**
   * get returns the value of key, calling load to produce it if the cache has none yet. Gets of
   * one key made while its load runs wait for it and return its value (or throw its error); gets
   * of other keys do not wait for it.
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const loader = await this.loaderOf(key, load);
    try {
      return await loader(); // outside the lock: other keys go on while this one loads
    } catch (err) {
      await this.forget(key, loader);
      throw err;
    }
  }

  /** loaderOf returns key's loader, adding one that will call load if the key has none. */
  private async loaderOf(key: string, load: () => Promise<V>): Promise<() => Promise<V>> {
    {
      using _ = await this.rw.rLock(); // the common case: the key is known, readers share the lock
      const known = this.loaders.get(key);
      if (known !== undefined) return known;
    }
    using _ = await this.rw.lock();
    // Check again: another get may have added a loader between the read unlock and this lock.
    let loader = this.loaders.get(key);
    if (loader === undefined) {
      loader = onceValue(load);
      this.loaders.set(key, loader);
    }
    return loader;
  }

  /** forget removes key's loader after its load failed, unless it has been replaced already. */
  private async forget(key: string, failed: () => Promise<V>): Promise<void> {
    using _ = await this.rw.lock();
    if (this.loaders.get(key) === failed) this.loaders.delete(key);
  }
}
