/**
 * sync-object — which objects are gosync's synchronization objects (Mutex, Chan, WaitGroup,
 * Timer, contexts, atomics…). shared() hands such an object back as it is instead of watching
 * it: what happens inside a Mutex is synchronization, not data (Go's race detector does not
 * report a sync.Mutex's own words either), and the objects keep their state in #private fields,
 * which a Proxy cannot reach. The set holds the instances themselves, filled by each class's
 * constructor: a learner's object cannot claim to be one (a brand on the prototype could be
 * copied onto any object, which shared() would then not watch).
 */
import { NativeWeakSet } from "./commons.ts";

const instances = new NativeWeakSet<object>();

/** syncObject records o, under construction, as a synchronization object (a class field's initializer). */
export function syncObject(o: object): true {
  instances.add(o);
  return true;
}

/** isSyncObject tells whether o is one of gosync's synchronization objects. */
export function isSyncObject(o: object): boolean {
  return instances.has(o);
}

/**
 * isGosyncObject tells whether value is one of gosync's own objects (a Mutex, a Chan, a
 * context…), by identity: an object that forwards to one, or copies its methods, is not. Hidden
 * tests use it (from gosync/sim) to check that code hands on what gosync made — the work of a
 * call with a timeout must get the context withTimeout made, not a view of it of its own.
 */
export function isGosyncObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && instances.has(value);
}
