/**
 * recycle — whether a run worker may judge another Run.
 *
 * Runs in the run worker. Why reuse a worker at all: a fresh worker judges with a cold JIT, and
 * measured in Chromium the same Run took 66–139 ms in a fresh worker against 31–40 ms in one
 * that had judged before; the warm Run is the figure a learner feels.
 *
 * Why nothing of a Run survives into the next one: a Run's code runs in a Compartment of its own
 * (core/compartment.ts) whose globals are hardened intrinsics and the sandbox's hardened
 * endowments, so it can name none of the worker's globals: no listener (no `self`,
 * `addEventListener`, `EventTarget`), no real timer (its timers are gosync's virtual ones,
 * dropped when the simulation ends), no port or channel. What it leaves are objects of its own:
 * its Compartment's global object, which the next Run of the same code reuses only if it is
 * unchanged (a fresh Compartment otherwise), and promises of abandoned goroutines, which nothing
 * outside that Run holds and which therefore never run again. Checked anyway before reuse:
 *  - every own property of the worker's global object, of each object or function it holds, of
 *    their prototypes, of the global object's prototype chain, and of the gosync and harness
 *    namespaces' exports and their prototypes: same keys, same descriptors, same values (by
 *    identity), same prototype and extensibility;
 *  - the worker answers at all: a Run that left a microtask loop spinning never lets the check
 *    run, and the sandbox terminates a worker that does not answer in time.
 * The Node host, which grades for instructors, never reuses a realm.
 */

type Shape = { proto: object | null; extensible: boolean; props: Map<PropertyKey, PropertyDescriptor> };

function shapeOf(o: object): Shape {
  const props = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(o)) {
    const d = Reflect.getOwnPropertyDescriptor(o, key);
    if (d) props.set(key, d);
  }
  return { proto: Reflect.getPrototypeOf(o), extensible: Reflect.isExtensible(o), props };
}

const isObject = (v: unknown): v is object => (typeof v === "object" || typeof v === "function") && v !== null;

/** rootsOf lists the objects a snapshot covers: `roots`, their own values (not getters), and the prototypes of both. */
function rootsOf(roots: object[]): Set<object> {
  const out = new Set<object>();
  const add = (o: unknown) => {
    if (!isObject(o) || out.has(o)) return;
    out.add(o);
    const p = Reflect.getPrototypeOf(o);
    if (p) out.add(p);
  };
  for (const root of roots) {
    add(root);
    for (const key of Reflect.ownKeys(root)) {
      const d = Reflect.getOwnPropertyDescriptor(root, key);
      if (!d || !("value" in d) || !isObject(d.value)) continue;
      add(d.value);
      if (typeof d.value === "function") add((d.value as { prototype?: unknown }).prototype);
    }
  }
  for (let p = Reflect.getPrototypeOf(globalThis); p; p = Reflect.getPrototypeOf(p)) out.add(p);
  return out;
}

/** Snapshot is the realm's shape as a Run found it. */
export interface Snapshot {
  /** changed says what differs now (the first difference found), or null if nothing does. */
  changed(): string | null;
}

function describeKey(k: PropertyKey): string {
  return typeof k === "symbol" ? k.toString() : JSON.stringify(k);
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    Object.is(a.value, b.value) &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

/**
 * snapshot records the shape of the global object and of `namespaces` (the module registry's
 * namespaces), one level deep, as described at the top of this file.
 */
export function snapshot(namespaces: object[]): Snapshot {
  const shapes = new Map<object, Shape>();
  for (const o of rootsOf([globalThis, ...namespaces])) shapes.set(o, shapeOf(o));
  const nameOf = (o: object): string => {
    if (o === globalThis) return "globalThis";
    if (typeof o === "function") return (o as { name?: string }).name || "a function";
    const own = Reflect.getOwnPropertyDescriptor(o, "constructor")?.value as { name?: string; prototype?: unknown } | undefined;
    if (typeof own === "function" && own.prototype === o && own.name) return `${own.name}.prototype`;
    const tag = (o as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
    return typeof tag === "string" ? tag : "an object";
  };
  return {
    changed() {
      for (const [o, before] of shapes) {
        const now = shapeOf(o);
        if (now.proto !== before.proto) return `the prototype of ${nameOf(o)} was replaced`;
        if (now.extensible !== before.extensible) return `${nameOf(o)} was made non-extensible`;
        for (const [k, d] of before.props) {
          const n = now.props.get(k);
          if (!n) return `${nameOf(o)}[${describeKey(k)}] was deleted`;
          if (!sameDescriptor(d, n)) return `${nameOf(o)}[${describeKey(k)}] was changed`;
        }
        for (const k of now.props.keys()) if (!before.props.has(k)) return `${nameOf(o)}[${describeKey(k)}] was added`;
      }
      return null;
    },
  };
}
