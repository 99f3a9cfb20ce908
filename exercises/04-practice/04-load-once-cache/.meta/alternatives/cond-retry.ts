// A correct solution in another style: a Mutex and a Cond. A key is cached, loading, or absent;
// a get that finds it loading waits on the Cond. When a load fails the key becomes absent again
// and the waiters are woken: one of them loads again, the others wait for that load — the
// "or try again themselves" branch of task 3.
import { shared } from "gosync";
import { Cond, Mutex } from "gosync/sync";

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly changed = new Cond(this.mu);
  private readonly st = shared({ values: new Map<string, V>(), loading: new Set<string>() });

  async get(key: string, load: () => Promise<V>): Promise<V> {
    await this.mu.lock();
    try {
      for (;;) {
        if (this.st.values.has(key)) return this.st.values.get(key)!;
        if (!this.st.loading.has(key)) break;
        await this.changed.wait();
      }
      this.st.loading.add(key);
    } finally {
      this.mu.unlock();
    }
    let value: V;
    try {
      value = await load();
    } catch (e) {
      await this.mu.lock();
      this.st.loading.delete(key);
      this.changed.broadcast();
      this.mu.unlock();
      throw e;
    }
    await this.mu.lock();
    this.st.loading.delete(key);
    this.st.values.set(key, value);
    this.changed.broadcast();
    this.mu.unlock();
    return value;
  }
}
