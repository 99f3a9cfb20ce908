// expect: fail "concurrent gets of one key call load once, and each returns its value when the load ends"
// One load per key, no lock held across it, failures not kept, no data race — but the gets that
// wait for a load poll: they look at the entry under the lock every millisecond until it is done.
// A poll that comes just before the load ends sleeps on and returns a millisecond late (and in
// Go, a poller that never sleeps burns a CPU). Waiting should block on something the loading get
// releases when it is done — a channel it closes, or a onceValue.
import { shared } from "gosync";
import { Mutex } from "gosync/sync";
import * as time from "gosync/time";

interface Entry<V> {
  done: boolean;
  value?: V;
  err?: unknown;
}

export class Cache<V> {
  private readonly mu = new Mutex();
  private readonly entries = shared(new Map<string, Entry<V>>());

  async get(key: string, load: () => Promise<V>): Promise<V> {
    let entry: Entry<V> | undefined;
    let mine = false;
    {
      using _ = await this.mu.lock();
      entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { done: false };
        this.entries.set(key, entry);
        mine = true;
      }
    }
    if (mine) {
      try {
        const value = await load();
        using _ = await this.mu.lock();
        entry.value = value;
        entry.done = true;
        return value;
      } catch (err) {
        using _ = await this.mu.lock();
        entry.err = err;
        entry.done = true;
        this.entries.delete(key);
        throw err;
      }
    }
    for (;;) {
      {
        using _ = await this.mu.lock();
        if (entry.done) {
          if (entry.err !== undefined) throw entry.err;
          return entry.value as V;
        }
      }
      await time.sleep(1 * time.Millisecond);
    }
  }
}
