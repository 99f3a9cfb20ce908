import { shared } from "gosync";
import { RWMutex } from "gosync/sync";

/** Config is a set of configuration entries, key → value. */
export type Config = Record<string, string>;

/**
 * ConfigStore holds a service's configuration, read by many goroutines and changed by a few.
 *
 * Readers (get, snapshot, view) share a read lock, so any number of them run at the same time;
 * writers (set, update) take the write lock, which excludes every reader and every other
 * writer. A writer waiting for the lock blocks new readers, so a steady stream of readers cannot
 * starve it (Go's RWMutex does the same).
 *
 * The read lock must not be taken twice by one goroutine (a view that calls get): if a writer
 * arrives in between, the second RLock waits for the writer, which waits for the first RLock —
 * a deadlock.
 */
export class ConfigStore {
  // rw guards entries: read-locked to read it, write-locked to change it.
  private readonly rw = new RWMutex();

  // entries is the configuration itself; shared() lets the simulator's race detector see every
  // access. It never escapes the store: callers get copies (snapshot) or borrow it under a lock
  // (view, update).
  private readonly entries: Config;

  /** The constructor copies initial, so later changes to the caller's object do not leak in. */
  constructor(initial: Config = {}) {
    this.entries = shared<Config>({ ...initial });
  }

  /** get returns the value of key, or undefined if it is not set. */
  async get(key: string): Promise<string | undefined> {
    using _ = await this.rw.rLock(); // Go: s.rw.RLock(); defer s.rw.RUnlock()
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  /** set stores value under key. */
  async set(key: string, value: string): Promise<void> {
    using _ = await this.rw.lock(); // Go: s.rw.Lock(); defer s.rw.Unlock()
    this.entries[key] = value;
  }

  /**
   * snapshot returns a copy of every entry, taken under one read lock, so it never shows half
   * of an update. The copy belongs to the caller: later sets do not change it.
   */
  async snapshot(): Promise<Config> {
    using _ = await this.rw.rLock();
    return { ...this.entries };
  }

  /**
   * view calls fn with the entries while holding the read lock and returns its result. Other
   * readers may run at the same time; writers wait until fn has finished. fn must not change
   * the entries, nor call another method of the store (the read lock is not re-entrant).
   */
  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    using _ = await this.rw.rLock();
    // `return await`, not `return`: the lock is released when this function's body ends, and
    // fn's work must be finished by then.
    return await fn(this.entries);
  }

  /**
   * update calls fn with the entries while holding the write lock, so fn's changes appear to
   * every reader all at once. fn must not call another method of the store.
   */
  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.rw.lock();
    await fn(this.entries);
  }
}
