/**
 * map.ts — Go's sync.Map: a map safe for concurrent use without extra locking.
 *
 * The zero Map is empty and ready to use. Every method is one indivisible, non-blocking step
 * (as Go's are; none of them is a scheduling point). Go's memory model for sync.Map holds here:
 * a write (store, delete, swap, a loadOrStore that stores, a compareAndSwap that swaps, a
 * compareAndDelete that deletes, loadAndDelete, clear) is synchronized before any read that
 * observes its effect (load, loadOrStore, loadAndDelete, swap, compareAndSwap,
 * compareAndDelete, range) — tracked per key, so unrelated keys stay unordered for the race
 * detector.
 *
 * Go's multiple results are tuples: `const [v, ok] = m.load(k)`. A missing value is
 * `undefined`, the stand-in for Go's nil `any`. Keys are compared as a JavaScript Map compares
 * them (SameValueZero: objects by identity, primitives by value).
 */
import { NativeMap } from "./commons.ts";
import { rt } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

const JsMap = NativeMap;

/** Map is like a Go map[any]any but safe for concurrent use by multiple goroutines. */
export class Map<K = unknown, V = unknown> {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** entries holds the live mappings. */
  #entries = new JsMap<K, V>();
  /**
   * tokens are the per-key synchronisation objects for happens-before; kept after a delete so
   * that a load observing the deletion is ordered after it.
   */
  #tokens = new JsMap<K, object>();

  #token(key: K): object {
    let t = this.#tokens.get(key);
    if (t === undefined) {
      t = {};
      this.#tokens.set(key, t);
    }
    return t;
  }

  #read(key: K): void {
    // A key never written has nothing to observe; skipping it keeps lookups of absent keys
    // from growing the token table.
    const t = this.#tokens.get(key);
    if (t !== undefined) rt().acquire(t);
  }

  #write(key: K): void {
    rt().release(this.#token(key));
  }

  /** load returns the value stored in the map for a key, or undefined if none; ok reports whether a value was found. */
  load(key: K): [value: V | undefined, ok: boolean] {
    rt().op("Map.load");
    this.#read(key);
    return this.#entries.has(key) ? [this.#entries.get(key), true] : [undefined, false];
  }

  /** store sets the value for a key. */
  store(key: K, value: V): void {
    rt().op("Map.store");
    this.#entries.set(key, value);
    this.#write(key);
  }

  /**
   * loadOrStore returns the existing value for the key if present. Otherwise, it stores and
   * returns the given value. loaded is true if the value was loaded, false if stored.
   */
  loadOrStore(key: K, value: V): [actual: V, loaded: boolean] {
    rt().op("Map.loadOrStore");
    this.#read(key);
    if (this.#entries.has(key)) return [this.#entries.get(key) as V, true];
    this.#entries.set(key, value);
    this.#write(key);
    return [value, false];
  }

  /** loadAndDelete deletes the value for a key, returning the previous value if any; loaded reports whether the key was present. */
  loadAndDelete(key: K): [value: V | undefined, loaded: boolean] {
    rt().op("Map.loadAndDelete");
    this.#read(key);
    if (!this.#entries.has(key)) return [undefined, false];
    const v = this.#entries.get(key);
    this.#entries.delete(key);
    this.#write(key);
    return [v, true];
  }

  /** delete deletes the value for a key. */
  delete(key: K): void {
    rt().op("Map.delete");
    this.#entries.delete(key);
    this.#write(key);
  }

  /** swap swaps the value for a key and returns the previous value if any; loaded reports whether the key was present. */
  swap(key: K, value: V): [previous: V | undefined, loaded: boolean] {
    rt().op("Map.swap");
    this.#read(key);
    const loaded = this.#entries.has(key);
    const previous = this.#entries.get(key);
    this.#entries.set(key, value);
    this.#write(key);
    return [previous, loaded];
  }

  /** compareAndSwap swaps the old and new values for key if the value stored in the map is equal to old (`===`). */
  compareAndSwap(key: K, old: V, value: V): boolean {
    rt().op("Map.compareAndSwap");
    this.#read(key);
    if (!this.#entries.has(key) || this.#entries.get(key) !== old) return false;
    this.#entries.set(key, value);
    this.#write(key);
    return true;
  }

  /**
   * compareAndDelete deletes the entry for key if its value is equal to old (`===`); it reports
   * whether it deleted. If there is no current value for key, it returns false (even if old is
   * undefined).
   */
  compareAndDelete(key: K, old: V): boolean {
    rt().op("Map.compareAndDelete");
    this.#read(key);
    if (!this.#entries.has(key) || this.#entries.get(key) !== old) return false;
    this.#entries.delete(key);
    this.#write(key);
    return true;
  }

  /**
   * range calls f sequentially for each key and value present in the map. If f returns false,
   * range stops the iteration.
   *
   * As in Go, range does not correspond to a consistent snapshot: no key is visited more than
   * once, but if the value for a key is stored or deleted during the call (also by f), range
   * may reflect any mapping for that key from any point during the call. Keys added during the
   * call are not visited.
   */
  range(f: (key: K, value: V) => boolean): void {
    rt().op("Map.range");
    for (const key of [...this.#entries.keys()]) {
      if (!this.#entries.has(key)) continue;
      this.#read(key);
      if (!f(key, this.#entries.get(key) as V)) break;
    }
  }

  /** clear deletes all the entries, resulting in an empty Map. */
  clear(): void {
    rt().op("Map.clear");
    for (const key of this.#entries.keys()) this.#write(key);
    this.#entries.clear();
  }
}
