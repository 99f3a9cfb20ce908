// expect: fail "readers hold the read lock at the same time"
// A plain Mutex is safe — no race, writers exclusive — but it lets one reader in at a time:
// four readers that each hold the lock for 100 ms take 400 ms instead of 100 ms.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

export type Config = Record<string, string>;

export class ConfigStore {
  private readonly mu = new Mutex();
  private readonly entries: Config;

  constructor(initial: Config = {}) {
    this.entries = shared<Config>({ ...initial });
  }

  async get(key: string): Promise<string | undefined> {
    using _ = await this.mu.lock();
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    using _ = await this.mu.lock();
    this.entries[key] = value;
  }

  async snapshot(): Promise<Config> {
    using _ = await this.mu.lock();
    return { ...this.entries };
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    using _ = await this.mu.lock();
    return await fn(this.entries);
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.mu.lock();
    await fn(this.entries);
  }
}
