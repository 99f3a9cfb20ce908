// A correct solution in another style: a channel of one slot as the lock (a send takes it, a
// receive gives it back) and one onceValue per key, kept in a shared() record.
import { shared, chan } from "gosync";
import { onceValue } from "gosync/sync";

export class Cache<V> {
  private readonly sem = chan<void>(1);
  private readonly loaders = shared<Record<string, () => Promise<V>>>({});

  async get(key: string, load: () => Promise<V>): Promise<V> {
    await this.sem.send();
    let f: () => Promise<V>;
    try {
      f = Object.hasOwn(this.loaders, key) ? this.loaders[key]! : (this.loaders[key] = onceValue(load));
    } finally {
      await this.sem.recv();
    }
    try {
      return await f();
    } catch (e) {
      await this.sem.send();
      if (this.loaders[key] === f) delete this.loaders[key];
      await this.sem.recv();
      throw e;
    }
  }
}
