/**
 * recycle — whether a run worker may judge another Run, and what it clears between Runs.
 *
 * Runs in the run worker. Why reuse a worker at all: a fresh worker judges with a cold JIT, and
 * measured in Chromium the same Run took 66–139 ms in a fresh worker against 31–40 ms in one
 * that had judged before; the warm Run is the figure a learner feels. Why it is safe enough:
 * the worker stays inside the opaque-origin sandbox either way (no page, storage or network),
 * so what reuse puts at risk is only the next verdicts of the same learner on this page, and a
 * worker is reused only if its realm is as the first Run found it:
 *  - every own property of the global object, of each object or function it holds, of their
 *    prototypes, of the global object's prototype chain, and of the gosync and harness
 *    namespaces' exports and their prototypes: same keys, same descriptors, same values (by
 *    identity), same prototype and extensibility (the intrinsics are frozen by lockdown anyway);
 *  - no real timer left behind: every setTimeout/setInterval made in this realm is tracked
 *    from the first import on (this module is the run worker's first import, before gosync
 *    captures the host's timers) and cleared when a Run ends;
 *  - the worker answers at all: a Run that left a microtask loop spinning never lets the check
 *    run, and the sandbox terminates a worker that does not answer in time.
 * The Node host, which grades for instructors, never reuses a realm.
 */

type TimerFn = (handler: unknown, timeout?: number, ...args: unknown[]) => number;
type ClearFn = (id?: number) => void;

const g = globalThis as unknown as Record<string, unknown>;
/** live holds the ids of real timers that have not fired (timeouts) or been cleared. */
const live = new Set<number>();

const realSetTimeout = g.setTimeout as TimerFn;
const realSetInterval = g.setInterval as TimerFn;
const realClearTimeout = g.clearTimeout as ClearFn;
const realClearInterval = g.clearInterval as ClearFn;

g.setTimeout = function setTimeout(handler: unknown, timeout?: number, ...args: unknown[]): number {
  const fire = typeof handler === "function"
    ? (...a: unknown[]) => {
        live.delete(id);
        return (handler as (...a: unknown[]) => unknown)(...a);
      }
    : handler;
  const id: number = realSetTimeout(fire, timeout, ...args);
  live.add(id);
  return id;
};
g.setInterval = function setInterval(handler: unknown, timeout?: number, ...args: unknown[]): number {
  const id = realSetInterval(handler, timeout, ...args);
  live.add(id);
  return id;
};
g.clearTimeout = function clearTimeout(id?: number): void {
  if (id !== undefined) live.delete(id);
  realClearTimeout(id);
};
g.clearInterval = function clearInterval(id?: number): void {
  if (id !== undefined) live.delete(id);
  realClearInterval(id);
};

/** clearTimers clears every real timer still pending (timeouts and intervals share one id space). */
export function clearTimers(): number {
  const n = live.size;
  for (const id of live) {
    realClearTimeout(id);
    realClearInterval(id);
  }
  live.clear();
  return n;
}

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
