// expect: deadlock "view and update with a synchronous fn release their lock"
// view releases its read lock only after awaiting a promise, and returns early when fn returns
// a plain value. Every view with an async fn is fine, but one synchronous fn leaves the read
// lock held for good: readers still get in (read locks are shared), and the next writer waits
// forever. `using`, or try/finally, releases the lock on every path.
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
    using _ = await this.rw.rLock();
    return { ...this.entries };
  }

  async view<T>(fn: (cfg: Readonly<Config>) => T | Promise<T>): Promise<T> {
    await this.rw.rLock();
    const r = fn(this.entries);
    if (!(r instanceof Promise)) return r;
    const v = await r;
    this.rw.rUnlock();
    return v;
  }

  async update(fn: (cfg: Config) => void | Promise<void>): Promise<void> {
    using _ = await this.rw.lock();
    await fn(this.entries);
  }
}
