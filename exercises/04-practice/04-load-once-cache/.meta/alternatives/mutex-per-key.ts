// A correct solution in another style: one Mutex per key, held across that key's load. Gets of a
// key queue behind its load; gets of other keys do not. After a failed load the next get in the
// queue loads again itself.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";

interface Entry<V> {
  mu: Mutex;
  loaded: boolean;
  value?: V;
}

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly entries = shared<Record<string, Entry<V>>>({});

  async get(key: string, load: () => Promise<V>): Promise<V> {
    let e: Entry<V>;
    {
      using _ = await this.mu.lock();
      e = Object.hasOwn(this.entries, key) ? this.entries[key]! : (this.entries[key] = { mu: new Mutex(), loaded: false });
    }
    using _ = await e.mu.lock();
    if (e.loaded) return e.value as V;
    const v = await load();
    e.value = v;
    e.loaded = true;
    return v;
  }
}
