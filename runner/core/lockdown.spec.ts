// lockdown hardens the realm it runs in: this file's own (Vitest gives each test file a fresh
// worker), imported first as a sandbox entry does, so every test below sees a hardened realm.
import "./lockdown-shim.ts";
import { describe, expect, test } from "vitest";
import { frozenHint, isHardened, lockdown } from "./lockdown.ts";

const g = globalThis as Record<string, unknown>;

/** attempt runs f and says whether it changed anything without throwing. */
function attempt(f: () => void): "threw" | "worked" {
  try {
    f();
    return "worked";
  } catch {
    return "threw";
  }
}

describe("lockdown", () => {
  test("freezes every intrinsic, so patching Math, Array, Promise, JSON, Reflect or Date throws", () => {
    const floor = Math.floor;
    const results = {
      "Math.floor": attempt(() => ((Math as { floor: unknown }).floor = () => 0)),
      "Math.random": attempt(() => ((Math as { random: unknown }).random = () => 0)),
      "Array.prototype.push": attempt(() => ((Array.prototype as { push: unknown }).push = () => 0)),
      "Promise.prototype.then": attempt(() => Object.defineProperty(Promise.prototype, "then", { value: () => 0 })),
      "JSON.parse": attempt(() => ((JSON as { parse: unknown }).parse = () => 1)),
      "Reflect.apply": attempt(() => ((Reflect as { apply: unknown }).apply = () => 1)),
      "Date.prototype.getTime": attempt(() => ((Date.prototype as { getTime: unknown }).getTime = () => 0)),
      "Object.prototype getter": attempt(() => Object.defineProperty(Object.prototype, "sneaky", { get: () => 1 })),
      "Iterator.prototype.next of arrays": attempt(() => ((Object.getPrototypeOf([][Symbol.iterator]()) as { next: unknown }).next = () => ({ done: true }))),
    };
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, "threw"])));
    expect(Math.floor).toBe(floor);
  });

  test("hardens the host's platform constructors too, so URL cannot be given a Symbol.hasInstance", () => {
    // @vitest/expect's equality looks some of them up (a forged URL check made every toEqual pass).
    for (const name of ["URL", "URLSearchParams", "TextEncoder", "EventTarget", "AbortController", "structuredClone"]) {
      const v = g[name];
      if (v === undefined) continue;
      expect(Object.isFrozen(v), name).toBe(true);
    }
    expect(attempt(() => Object.defineProperty(URL, Symbol.hasInstance, { value: () => true }))).toBe("threw");
  });

  test("still lets ordinary code override toString, and an error's name and message, on its own objects", () => {
    const o: { toString(): string; valueOf(): number } = {} as never;
    o.toString = () => "mine";
    o.valueOf = () => 41;
    expect([String(o), +o + 1]).toEqual(["mine", 42]);
    for (const Base of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) {
      class Mine extends Base {
        constructor() {
          super();
          this.name = "Mine";
          this.message = "boom";
        }
      }
      expect(String(new Mine()), Base.name).toBe("Mine: boom");
    }
    class Many extends AggregateError {
      constructor() {
        super([], "several");
        this.name = "Many";
      }
    }
    expect(String(new Many())).toBe("Many: several");
  });

  test("says why an assignment over a frozen built-in failed", () => {
    let message = "";
    try {
      (Math as { floor: unknown }).floor = () => 0;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(frozenHint(message)).toMatch(/freezes JavaScript's built-ins and gosync's classes/);
    expect(frozenHint("x is not a function")).toBe("");
  });

  test("runs once per realm: a second call throws", () => {
    expect(isHardened()).toBe(true);
    expect(() => lockdown()).toThrow(/lockdown called twice in one realm/);
  });
});
