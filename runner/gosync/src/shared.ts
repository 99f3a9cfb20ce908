/**
 * shared.ts — state the race detector watches.
 *
 * `const s = shared({ count: 0 })` inside a simulation returns a proxy: every read and write of
 * its properties — nested objects and arrays included — is reported to the simulator's race
 * detector, which flags two accesses, at least one a write, that no happens-before edge orders
 * (Go's `WARNING: DATA RACE`). Outside a simulation, or in one run with `detectRaces: false`,
 * `shared` returns the object itself, at no cost; a proxy made inside one simply stops
 * reporting once the simulation has ended.
 */
import { rt } from "./runtime.ts";

interface Tracker {
  readonly kind: "sim" | "real";
  readonly tracksRaces?: boolean;
  /** access reports a read or write of target[key]; `base` names target, e.g. `shared#1.items` */
  access?(target: object, key: PropertyKey, base: string, write: boolean): void;
}

/** names counts the shared() objects of each simulation, so a replay names them identically. */
const names = new WeakMap<object, number>();
/** proxies caches one proxy per object per simulation, so identity is stable within a run. */
const proxies = new WeakMap<object, WeakMap<object, object>>();

/** shared returns obj tracked for data races (inside the simulator) or obj itself (outside). */
export function shared<T extends object>(obj: T, name?: string): T {
  const r = rt() as unknown as Tracker;
  if (r.kind !== "sim" || typeof r.access !== "function" || r.tracksRaces === false) return obj;
  let label = name;
  if (label === undefined) {
    const n = (names.get(r) ?? 0) + 1;
    names.set(r, n);
    label = `shared#${n}`;
  }
  return wrap(obj, label, r);
}

function wrap<T extends object>(obj: T, addr: string, sim: Tracker): T {
  let mine = proxies.get(sim);
  if (mine === undefined) proxies.set(sim, (mine = new WeakMap()));
  const existing = mine.get(obj);
  if (existing !== undefined) return existing as T;
  const p = new Proxy(obj, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key === "symbol" || typeof v === "function") return v;
      if (rt() === (sim as unknown)) sim.access!(target, key, addr, false);
      if (v !== null && typeof v === "object") return wrap(v, `${addr}.${String(key)}`, sim);
      return v;
    },
    set(target, key, value, receiver) {
      if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(target, key, addr, true);
      return Reflect.set(target, key, value, receiver);
    },
    deleteProperty(target, key) {
      if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(target, key, addr, true);
      return Reflect.deleteProperty(target, key);
    },
    has(target, key) {
      if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(target, key, addr, false);
      return Reflect.has(target, key);
    },
  });
  mine.set(obj, p);
  return p;
}
