// expect: fail "a writer never runs alongside readers or other writers"
// Writers take the read lock too. A read lock is shared, so it excludes no one: writers run
// alongside readers and alongside each other.
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
    using _ = await this.rw.rLock();
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    using _ = await this.rw.rLock();
    this.entries[key] = value;
  }

  async snapshot(): Promise<Config> {
    using _ = await this.rw.rLock();
    return { ...this.entries };
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    using _ = await this.rw.rLock();
    return await fn(this.entries);
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.rw.rLock();
    await fn(this.entries);
  }
}
