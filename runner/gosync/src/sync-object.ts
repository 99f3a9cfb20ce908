/**
 * sync-object — which objects are gosync's synchronization objects (Mutex, Chan, WaitGroup,
 * Timer, contexts, atomics…). shared() hands such an object back as it is instead of watching
 * it: what happens inside a Mutex is synchronization, not data (Go's race detector does not
 * report a sync.Mutex's own words either), and the objects keep their state in #private fields,
 * which a Proxy cannot reach. Each class's constructor stamps its instance with a private field
 * of this module's: a learner's object cannot claim to be one (a brand on the prototype, or a
 * symbol-keyed property, could be copied onto any object, which shared() would then not watch).
 *
 * The stamp is a private field (stamp.ts), not an entry in a WeakSet of instances: the set's add
 * was 3 % of a warm Run's judging (every schedule makes its channels and locks anew).
 */
import { Stamp } from "./stamp.ts";

/** Brand adds its private field to an object under construction (the "return override" of a base class). */
class Brand extends Stamp {
  readonly #brand = true;
  /** has tells whether o was stamped, without throwing for an object that was not. */
  static has(o: object): boolean {
    return #brand in o;
  }
}

/** syncObject records o, under construction, as a synchronization object (a class field's initializer). */
export function syncObject(o: object): true {
  new Brand(o);
  return true;
}

/** isSyncObject tells whether o is one of gosync's synchronization objects. */
export function isSyncObject(o: object): boolean {
  return Brand.has(o);
}

/**
 * isGosyncObject tells whether value is one of gosync's own objects (a Mutex, a Chan, a
 * context…), by identity: an object that forwards to one, or copies its methods, is not. Hidden
 * tests use it (from gosync/sim) to check that code hands on what gosync made — the work of a
 * call with a timeout must get the context withTimeout made, not a view of it of its own.
 */
export function isGosyncObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && Brand.has(value);
}
