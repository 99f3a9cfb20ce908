/**
 * compartment.ts — where a Run's code runs: a ses Compartment per Run, whose global object holds
 * the language's shared, frozen intrinsics and what the sandbox endows it with
 * (learner-globals.ts), nothing of the host's. Runs in the sandbox realm after lockdown
 * (lockdown.ts); `evaluatePlain` serves a plain realm (tests, the chapters' Output checks).
 *
 * A Run's program (link.ts) is a script whose value is a function of the Compartment's global
 * object; calling it binds the Run's globals as local constants and returns `instantiate`.
 *
 * Reuse: a realm that judges a re-Run of the same code (the browser's recycled worker) may
 * instantiate the program it evaluated last, so the learner's and the tests' functions keep
 * their JIT state — but only while its Compartment's global object is as the program found it
 * (same own properties, same values); code that stored anything there gets a fresh Compartment.
 */
import type { ModuleRegistry } from "./modules.ts";

/** Instantiate is a Run program's `instantiate(registry)`: it runs the files afresh and returns the tests' exports. */
export type Instantiate = (registry: ModuleRegistry, collecting?: boolean) => unknown;

/** Endowments are the globals the sandbox gives every Run's Compartment (hardened by the caller). */
export type Endowments = Readonly<Record<string, unknown>>;

interface CompartmentLike {
  readonly globalThis: Record<PropertyKey, unknown>;
  evaluate(code: string): unknown;
}

type CompartmentCtor = new (options: { globals: Endowments; __options__: true; name?: string }) => CompartmentLike;

/** REJECTED explains ses's refusals of source text, which a Run's code can meet. */
const REJECTED = /SES_(HTML_COMMENT|IMPORT|EVAL)_REJECTED/;

/**
 * sesRefusalHint adds what to do to ses's refusal of a text that looks like an HTML comment, a
 * dynamic import or a direct eval (it checks the source text, strings included), or returns "".
 */
export function sesRefusalHint(message: string): string {
  return REJECTED.test(message)
    ? " (the sandbox runs your file as Hardened JavaScript, which refuses the texts `<!--`, `-->`, `import(` and `eval(` anywhere in the code, even inside a string or a comment: split such a string, e.g. \"<!\" + \"--\")"
    : "";
}

/**
 * notDefined is the [[Prototype]] every Run's Compartment global object gets: a free name that
 * is neither a global of the Run nor inherited from Object.prototype throws JavaScript's own
 * `ReferenceError: <name> is not defined`. Without it, ses's scope terminator answers every
 * such name with undefined (it must hide the host's globals), so a typo (`cosnole.log`) or a
 * host global (`localStorage`) would fail later as "Cannot read properties of undefined".
 * A binding lookup asks `has` and then `get` (or `set`) for the same name, a property access
 * only `get` (or `set`): so `globalThis.x` still reads undefined and `globalThis.x = 1` still adds x. One difference from a plain realm remains: `typeof x`
 * of an undeclared x throws too.
 */
const notDefined: object = (() => {
  let asked: string | null = null;
  const base = Object.prototype;
  return new Proxy(base, {
    has(target, name) {
      if (name in target) return true;
      if (typeof name !== "string") return false;
      asked = name;
      return true;
    },
    get(target, name, receiver) {
      if (name in target) return Reflect.get(target, name, receiver);
      const lookup = asked === name;
      asked = null;
      if (lookup) throw new ReferenceError(`${String(name)} is not defined`);
      return undefined;
    },
    // Assigning an undeclared name is a ReferenceError in strict code; `globalThis.x = 1`
    // still adds a property (the Compartment is then not reused, see instantiateFor).
    set(target, name, value, receiver) {
      const lookup = asked === name;
      asked = null;
      if (lookup && !(name in target)) throw new ReferenceError(`${String(name)} is not defined`);
      if (name in target) return Reflect.set(target, name, value, receiver);
      return Reflect.defineProperty(receiver as object, name, { value, writable: true, enumerable: true, configurable: true });
    },
  });
})();

/**
 * shapeOf lists an object's prototype, extensibility and own property keys and values (data) or
 * accessors, in order. The prototype counts: a Run's code that gave its global object one of its
 * own kept state from one test's load to the next (found by a red-team round).
 */
function shapeOf(o: object): unknown[] {
  const out: unknown[] = [Object.getPrototypeOf(o), Object.isExtensible(o)];
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key)!;
    out.push(key, d.value, d.get, d.set, d.writable, d.configurable);
  }
  return out;
}

function sameShape(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * RunCompartments makes the Compartment each Run's program is evaluated in. `endowments` must be
 * hardened (lockdown.ts), since every Compartment of the realm shares them.
 */
export class RunCompartments {
  readonly #endowments: Endowments;
  readonly #Compartment: CompartmentCtor;
  #last: { code: string; compartment: CompartmentLike; shape: unknown[]; program: (g: object) => Instantiate } | null = null;

  constructor(endowments: Endowments) {
    const C = (globalThis as { Compartment?: CompartmentCtor }).Compartment;
    if (typeof C !== "function") throw new Error("synclab: ses is not installed in this realm (expected runner/core/ses-shim.ts to be imported first)");
    this.#Compartment = C;
    this.#endowments = endowments;
  }

  /**
   * instantiateFor evaluates `code` (a Run's program) in a fresh Compartment — or reuses the last
   * one for the same code if its global object is unchanged — and returns the program's
   * `instantiate`. It throws what evaluating the program throws (a syntax error ses reports).
   */
  instantiateFor(code: string): Instantiate {
    const last = this.#last;
    if (last !== null && last.code === code && sameShape(last.shape, shapeOf(last.compartment.globalThis))) {
      return last.program(last.compartment.globalThis);
    }
    this.#last = null;
    const compartment = new this.#Compartment({ globals: this.#endowments, __options__: true, name: "synclab-run" });
    Object.setPrototypeOf(compartment.globalThis, notDefined);
    const shape = shapeOf(compartment.globalThis);
    const program = compartment.evaluate(code);
    if (typeof program !== "function") throw new Error(`synclab: the Run's program evaluated to ${typeof program} (expected link.ts's function of the Run's global object)`);
    this.#last = { code, compartment, shape, program: program as (g: object) => Instantiate };
    return (program as (g: object) => Instantiate)(compartment.globalThis);
  }
}

/**
 * evaluatePlain evaluates a Run's program in this (plain) realm with `globals` as its globals —
 * by default the realm's own with gosync's virtual ones over them — and returns `instantiate`.
 * For tests and the chapters' Output checks, which run on a plain realm; never in a sandbox.
 */
export function evaluatePlain(code: string, globals: object): Instantiate {
  const program = (0, eval)(code) as unknown;
  if (typeof program !== "function") throw new Error(`synclab: the Run's program evaluated to ${typeof program} (expected link.ts's function of the Run's global object)`);
  return (program as (g: object) => Instantiate)(globals);
}
