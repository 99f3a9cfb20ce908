// expect: race "goroutines can get and set at the same time without a data race"
// Writers lock, readers do not ("reading cannot break anything"). A read not ordered by
// happens-before against a concurrent write is a data race: the reader may see a torn or
// stale value, and in Go the behaviour of the whole program is undefined.
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
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    using _ = await this.rw.lock();
    this.entries[key] = value;
  }

  async snapshot(): Promise<Config> {
    return { ...this.entries };
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    return await fn(this.entries);
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.rw.lock();
    await fn(this.entries);
  }
}
