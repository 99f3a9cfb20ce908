// expect: fail "a failed load is not cached: the gets waiting for it get its error or load again, and a later get loads again"
// One onceValue per key, looked up and added under the lock and awaited outside it: one load per
// key, and different keys load at the same time. But onceValue remembers a throw as well as a
// value, and nothing ever removes the entry of a load that failed: once the backend has failed,
// every later get of that key throws the old error without calling load again.
import { shared } from "gosync";
import { Mutex, onceValue } from "gosync/sync";

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly loaders = shared(new Map<string, () => Promise<V>>());

  async get(key: string, load: () => Promise<V>): Promise<V> {
    let loader: () => Promise<V>;
    {
      using _ = await this.mu.lock();
      loader = this.loaders.get(key) ?? onceValue(load);
      this.loaders.set(key, loader);
    }
    return await loader();
  }
}
