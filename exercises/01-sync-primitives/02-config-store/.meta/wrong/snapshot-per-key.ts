// expect: fail "a snapshot never shows half of an update"
// snapshot copies the entries one get at a time. Each get is safe on its own, but a writer
// can run between two of them, so the copy mixes the state before and after one update.
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
    using _ = await this.rw.lock();
    this.entries[key] = value;
  }

  async snapshot(): Promise<Config> {
    const keys = await this.view((cfg) => Object.keys(cfg));
    const copy: Config = {};
    for (const key of keys) {
      const value = await this.get(key);
      if (value !== undefined) copy[key] = value;
    }
    return copy;
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
