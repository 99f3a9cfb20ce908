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

/**
 * SharedLoc is one shared() object as the race detector sees it: its name (`shared#1.items`)
 * and the detector's shadow state for its properties, which the detector keeps here (in the
 * object's proxy handler) so that an access needs no table lookup.
 */
export interface SharedLoc {
  readonly addr: string;
  /** owned by the race detector of the simulation the proxy belongs to; null until its first access */
  shadows: unknown;
}

interface Tracker {
  readonly kind: "sim" | "real";
  readonly tracksRaces?: boolean;
  /** access reports a read or write of key of the object loc stands for */
  access?(loc: SharedLoc, key: PropertyKey, write: boolean): void;
  /**
   * The simulation's shared() bookkeeping, kept on the simulator itself (one per run): its
   * proxies by target, so identity is stable within a run, and how many objects it has named,
   * so a replay names them identically.
   */
  sharedProxies?: WeakMap<object, object>;
  sharedCount?: number;
}

/** shared returns obj tracked for data races (inside the simulator) or obj itself (outside). */
export function shared<T extends object>(obj: T, name?: string): T {
  const r = rt() as unknown as Tracker;
  if (r.kind !== "sim" || typeof r.access !== "function" || r.tracksRaces === false) return obj;
  return wrap(obj, name ?? null, null, "", r);
}

/**
 * wrap returns the run's proxy of obj, making it on first use. Its name is `addr`, or for a
 * nested object `${parent.addr}.${key}` — built only when the proxy is made, not on every read
 * of the parent's property.
 */
function wrap<T extends object>(obj: T, addr: string | null, parent: Tracked | null, key: string, sim: Tracker): T {
  const mine = (sim.sharedProxies ??= new WeakMap());
  const existing = mine.get(obj);
  if (existing !== undefined) return existing as T;
  const label = addr ?? (parent !== null ? `${parent.addr}.${key}` : `shared#${(sim.sharedCount = (sim.sharedCount ?? 0) + 1)}`);
  const p = new Proxy<T>(obj, new Tracked(sim, label) as ProxyHandler<T>);
  mine.set(obj, p);
  return p;
}

/**
 * Tracked is the handler of one shared() proxy: it reports every property access to the
 * simulation the proxy was made in, while that simulation is the runtime in force. A class, so
 * that a proxy costs one handler object (its traps live on the prototype) and the handler can
 * carry the object's SharedLoc fields.
 */
class Tracked implements ProxyHandler<object>, SharedLoc {
  readonly sim: Tracker;
  readonly addr: string;
  shadows: unknown = null;
  constructor(sim: Tracker, addr: string) {
    this.sim = sim;
    this.addr = addr;
  }

  get(target: object, key: PropertyKey, receiver: unknown): unknown {
    const v = Reflect.get(target, key, receiver);
    if (typeof key === "symbol" || typeof v === "function") return v;
    const sim = this.sim;
    if (rt() === (sim as unknown)) sim.access!(this, key, false);
    if (v !== null && typeof v === "object") return wrap(v, null, this, String(key), sim);
    return v;
  }

  set(target: object, key: PropertyKey, value: unknown, receiver: unknown): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(this, key, true);
    // An own writable data property is assigned on the target directly: that is what
    // Reflect.set with the proxy as receiver ends in (the proxy has no defineProperty trap),
    // minus V8's slow path through the proxy's [[GetOwnProperty]] and [[DefineOwnProperty]].
    // Anything else — a setter (which must see the proxy as `this`, so its own accesses are
    // tracked), a new property, a read-only one — takes the general path.
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    if (d !== undefined && d.writable === true) {
      (target as Record<PropertyKey, unknown>)[key] = value;
      return true;
    }
    return Reflect.set(target, key, value, receiver);
  }

  deleteProperty(target: object, key: PropertyKey): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(this, key, true);
    return Reflect.deleteProperty(target, key);
  }

  has(target: object, key: PropertyKey): boolean {
    const sim = this.sim;
    if (typeof key !== "symbol" && rt() === (sim as unknown)) sim.access!(this, key, false);
    return Reflect.has(target, key);
  }
}
