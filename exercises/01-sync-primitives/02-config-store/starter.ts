import { shared } from "gosync";

/** Config is a set of configuration entries, key → value. */
export type Config = Record<string, string>;

/**
 * ConfigStore holds a service's configuration, read by many goroutines and changed by a few.
 *
 * This version has no synchronisation: the hidden tests report a DATA RACE when goroutines
 * read and write at the same time, and see writers running alongside readers.
 */
export class ConfigStore {
  // TODO (task 1): many goroutines read and write entries at the same time.

  // entries is the configuration itself. shared() lets the simulator see every read and write;
  // keep the configuration in it.
  private readonly entries: Config;

  constructor(initial: Config = {}) {
    this.entries = shared<Config>({ ...initial });
  }

  /** get returns the value of key, or undefined if it is not set. */
  async get(key: string): Promise<string | undefined> {
    // TODO (task 2): readers never wait for other readers.
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  /** set stores value under key. */
  async set(key: string, value: string): Promise<void> {
    // TODO (task 3): a writer works alone.
    this.entries[key] = value;
  }

  /** snapshot returns a copy of every entry; later sets must not change it. */
  async snapshot(): Promise<Config> {
    // TODO (task 4): never half of an update; later sets must not change the copy.
    return { ...this.entries };
  }

  /** view calls fn with the entries while holding the read lock and returns its result. */
  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    // TODO (task 2)
    return await fn(this.entries);
  }

  /** update calls fn with the entries while holding the write lock. */
  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    // TODO (task 3)
    await fn(this.entries);
  }
}
