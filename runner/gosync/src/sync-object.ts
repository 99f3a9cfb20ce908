/**
 * sync-object — the brand of gosync's synchronization objects (Mutex, Chan, WaitGroup, Timer,
 * contexts, atomics…). shared() hands a branded object back as it is instead of watching it:
 * what happens inside a Mutex is synchronization, not data (Go's race detector does not report
 * a sync.Mutex's own words either), and the objects keep their state in #private fields, which
 * a Proxy cannot reach. The symbol is module-private: learner code can neither read nor forge it.
 */
const SYNC_OBJECT = Symbol("gosync.syncObject");

/** brandSyncObjects marks the instances of each class (and of its subclasses) as synchronization objects. */
export function brandSyncObjects(...classes: { prototype: object }[]): void {
  for (const c of classes) Object.defineProperty(c.prototype, SYNC_OBJECT, { value: true });
}

/** isSyncObject tells whether o is one of gosync's synchronization objects. */
export function isSyncObject(o: object): boolean {
  return (o as { [SYNC_OBJECT]?: unknown })[SYNC_OBJECT] === true;
}
