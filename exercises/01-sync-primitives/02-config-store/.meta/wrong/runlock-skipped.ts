// expect: deadlock "a missing key does not block later writers"
// get returns early for a missing key without releasing its read lock. Readers still get in
// (read locks are shared), but the next writer waits forever for that reader to leave.
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
    await this.rw.rLock();
    if (!Object.hasOwn(this.entries, key)) return undefined;
    const value = this.entries[key];
    this.rw.rUnlock();
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.rw.lock();
    this.entries[key] = value;
    this.rw.unlock();
  }

  async snapshot(): Promise<Config> {
    await this.rw.rLock();
    const copy = { ...this.entries };
    this.rw.rUnlock();
    return copy;
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    await this.rw.rLock();
    try {
      return await fn(this.entries);
    } finally {
      this.rw.rUnlock();
    }
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    await this.rw.lock();
    try {
      await fn(this.entries);
    } finally {
      this.rw.unlock();
    }
  }
}
