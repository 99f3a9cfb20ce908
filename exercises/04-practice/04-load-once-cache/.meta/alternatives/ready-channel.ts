// A correct solution in another style: the memo of The Go Programming Language (§9.7). Each entry
// holds the value or the error and a channel the loading get closes when it is done; the other
// gets of that key receive from it (a receive completed by a close comes after everything written
// before the close). A failed entry is removed before the close, so the next get loads again.
import { shared, chan, type Chan } from "gosync";
import { Mutex } from "gosync/sync";

interface Entry<V> {
  value?: V;
  err?: unknown;
  /** closed by the get that loads, once value or err is set */
  ready: Chan<void>;
}

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly m = shared<Record<string, Entry<V>>>({});

  async get(key: string, load: () => Promise<V>): Promise<V> {
    await this.mu.lock();
    let e = Object.hasOwn(this.m, key) ? this.m[key] : undefined;
    if (e === undefined) {
      e = { ready: chan<void>() };
      this.m[key] = e;
      this.mu.unlock();
      try {
        e.value = await load();
      } catch (err) {
        e.err = err;
        await this.mu.lock();
        delete this.m[key];
        this.mu.unlock();
      }
      e.ready.close();
    } else {
      this.mu.unlock();
      await e.ready.recv();
    }
    if (e.err !== undefined) throw e.err;
    return e.value as V;
  }
}
