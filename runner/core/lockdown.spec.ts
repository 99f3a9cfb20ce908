// lockdown hardens the realm it runs in: this file's own (Vitest gives each test file a fresh
// worker), so every test below sees the locked-down intrinsics.
import { beforeAll, describe, expect, test } from "vitest";
import { lockdown } from "./lockdown.ts";

beforeAll(() => lockdown());

const descriptor = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)!;

describe("lockdown", () => {
  test("makes the core globals read-only, so replacing Promise or globalThis throws", () => {
    const g = globalThis as Record<string, unknown>;
    expect(() => {
      g.Promise = function Fake() {};
    }).toThrow(TypeError);
    expect(() => {
      g.globalThis = {};
    }).toThrow(TypeError);
    expect(globalThis.Promise.name).toBe("Promise");
  });

  test("freezes the intrinsics' prototypes, so patching then, push or JSON throws", () => {
    expect(() => {
      Promise.prototype.then = () => Promise.resolve() as never;
    }).toThrow(TypeError);
    expect(() => {
      Array.prototype.push = () => 0;
    }).toThrow(TypeError);
    expect(() => {
      (JSON as { parse: unknown }).parse = () => 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(Array.prototype) && Object.isFrozen(Promise.prototype) && Object.isFrozen(Object.prototype)).toBe(true);
  });

  test("still lets ordinary code override toString and an error's name on its own objects", () => {
    const o: { toString(): string } = {} as never;
    o.toString = () => "mine";
    expect(String(o)).toBe("mine");
    class GoPanic extends Error {
      constructor(message: string) {
        super(message);
        this.name = "GoPanic";
      }
    }
    const e = new GoPanic("boom");
    expect([e.name, String(e), Object.hasOwn(e, "name")]).toEqual(["GoPanic", "GoPanic: boom", true]);
    expect(() => {
      (Object.prototype as { toString: unknown }).toString = () => "everyone";
    }).toThrow(/hardened intrinsic/);
  });

  test("still lets subclasses of every Error name themselves, and a Date take its own toJSON or toString", () => {
    for (const Base of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) {
      class Mine extends Base {
        constructor() {
          super("boom");
          this.name = "Mine";
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
    const d = new Date(0) as Date & { toJSON(): string };
    d.toJSON = () => "epoch";
    d.toString = () => "the epoch";
    expect([JSON.stringify({ d }), String(d)]).toEqual(['{"d":"epoch"}', "the epoch"]);
    expect(() => {
      (Date.prototype as { getTime: unknown }).getTime = () => 0;
    }).toThrow(TypeError);
  });

  test("leaves the properties V8's fast paths watch as plain data, never accessors", () => {
    // An accessor on any of these invalidates a V8 protector for the whole realm: every slice,
    // map, await and regexp then takes the slow path (see OVERRIDABLE).
    for (const [proto, key] of [
      [Array.prototype, "constructor"],
      [Array.prototype, "push"],
      [Promise.prototype, "constructor"],
      [Promise.prototype, "then"],
      [RegExp.prototype, "constructor"],
      [Function.prototype, "call"],
      [Function.prototype, "apply"],
      [Object.prototype, "hasOwnProperty"],
    ] as const) {
      const d = descriptor(proto, key);
      expect("value" in d && d.writable === false && d.configurable === false, `${proto.constructor.name}.prototype.${key}`).toBe(true);
    }
  });

  test("leaves Date, Math and the timers swappable (the simulator replaces them during a run)", () => {
    const g = globalThis as Record<string, unknown>;
    const { Date: D, setTimeout: st } = g;
    const random = Math.random;
    g.Date = class {};
    g.setTimeout = () => 0;
    Math.random = () => 0.5;
    expect([typeof g.Date, Math.random()]).toEqual(["function", 0.5]);
    g.Date = D;
    g.setTimeout = st;
    Math.random = random;
  });

  test("is idempotent", () => {
    expect(() => lockdown()).not.toThrow();
  });
});
