// expect: fail "concurrent gets of one key call load once, and each returns its value when the load ends"
// Every access to the map is under the lock, so there is no data race, and the lock is never
// held across a load. But "is the key there?" and "store its value" are two critical sections
// with the load in between: every get that arrives while the key is loading finds it missing
// and calls load too — five gets at once, five loads. Gets of a key that is loading must find
// something in the map that lets them wait for that load.
import { shared } from "gosync";
import { RWMutex } from "gosync/sync";

export class Cache<V> {
  private readonly rw = new RWMutex();
  private readonly entries = shared(new Map<string, V>());

  async get(key: string, load: () => Promise<V>): Promise<V> {
    {
      using _ = await this.rw.rLock();
      if (this.entries.has(key)) return this.entries.get(key)!;
    }
    const value = await load();
    using _ = await this.rw.lock();
    this.entries.set(key, value);
    return value;
  }
}
