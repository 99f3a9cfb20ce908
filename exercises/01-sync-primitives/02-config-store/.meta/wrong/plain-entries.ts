// expect: fail "keeps the configuration in shared() state, where the race detector sees it"
// The entries are a plain copy instead of a shared() object, and get reads them without the
// read lock. Every other test passes: the race detector sees only shared() state, so the read
// that races with a concurrent set goes unreported (with shared() entries it is reported, as in
// wrong/unlocked-reads.ts; in Go, `go test -race` would flag it).
import { RWMutex } from "gosync/sync";

export type Config = Record<string, string>;

export class ConfigStore {
  private readonly rw = new RWMutex();
  private readonly entries: Config;

  constructor(initial: Config = {}) {
    this.entries = { ...initial };
  }

  async get(key: string): Promise<string | undefined> {
    return Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    using _ = await this.rw.lock();
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
    using _ = await this.rw.lock();
    await fn(this.entries);
  }
}
