// expect: fail "get and snapshot share the read lock with a reader"
// view takes the read lock, but get and snapshot take the write lock ("they are short, the
// plain lock will do"). Nothing races and no writer overlaps a reader, but get and snapshot now
// wait for every reader in progress: while a view holds the read lock for 100 ms, a get that
// could have gone in at once waits the full 100 ms. Every reader takes the read lock.
import { shared } from "gosync";
import { RWMutex } from "gosync/sync";

export type Config = Record<string, string>;

export class ConfigStore {
  private readonly rw = new RWMutex();
  private readonly entries: Config;

  constructor(initial: Config = {}) {
    this.entries = shared<Config>({ ...initial });
  }

  async get(key: string): Promise<string | undefined> {
    using _ = await this.rw.lock();
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    using _ = await this.rw.lock();
    this.entries[key] = value;
  }

  async snapshot(): Promise<Config> {
    using _ = await this.rw.lock();
    return { ...this.entries };
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    using _ = await this.rw.rLock();
    return await fn(this.entries);
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.rw.lock();
    await fn(this.entries);
  }
}
