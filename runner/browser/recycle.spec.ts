// recycle's snapshot decides whether a run worker may judge another Run: anything a Run left
// changed in the realm must be seen. (Its timer tracking is exercised in the browser:
// tests/browser/exercise-hostile.test.mjs, "a Run's leftovers never reach the next Run".)
import { afterEach, describe, expect, test } from "vitest";
import { snapshot } from "./recycle.ts";

const g = globalThis as Record<string, unknown>;

class Mutex {
  lock() {
    return "locked";
  }
}
const namespace = Object.freeze({ Mutex, helper: { depth: 1 } });

const undo: (() => void)[] = [];
afterEach(() => {
  for (const u of undo.splice(0).reverse()) u();
});

describe("snapshot", () => {
  test("sees nothing when nothing changed, also after values were swapped and put back", () => {
    const s = snapshot([namespace]);
    const random = Math.random;
    Math.random = () => 0.5;
    Math.random = random;
    expect(s.changed()).toBeNull();
  });

  /** after runs `change`, asks the snapshot, and undoes the change before anything asserts on it. */
  const after = (s: ReturnType<typeof snapshot>, change: () => () => void): string | null => {
    const restore = change();
    try {
      return s.changed();
    } finally {
      restore();
    }
  };

  test("sees a global added, replaced or deleted", () => {
    const s = snapshot([namespace]);
    expect(after(s, () => ((g.leftover = true), () => delete g.leftover))).toBe('globalThis["leftover"] was added');
    const escape = Object.getOwnPropertyDescriptor(globalThis, "escape")!;
    const put = () => Object.defineProperty(globalThis, "escape", escape);
    expect(after(s, () => ((g.escape = () => ""), put))).toBe('globalThis["escape"] was changed');
    expect(after(s, () => (delete g.escape, put))).toBe('globalThis["escape"] was deleted');
    expect(s.changed()).toBeNull();
  });

  test("sees a built-in object patched one level down, and a constructor's prototype", () => {
    const s = snapshot([namespace]);
    const max = Math.max;
    expect(after(s, () => ((Math.max = () => 0), () => (Math.max = max)))).toBe('Math["max"] was changed');
    const toFixed = Number.prototype.toFixed;
    expect(after(s, () => ((Number.prototype.toFixed = () => "0"), () => (Number.prototype.toFixed = toFixed)))).toBe('Number.prototype["toFixed"] was changed');
  });

  test("sees a registry export's prototype patched, which the hidden tests would use next Run", () => {
    const s = snapshot([namespace]);
    const lock = Mutex.prototype.lock;
    Mutex.prototype.lock = () => "unlocked";
    undo.push(() => (Mutex.prototype.lock = lock));
    expect(s.changed()).toBe('Mutex.prototype["lock"] was changed');
  });

  test("sees an object made non-extensible or given another prototype", () => {
    const target = { a: 1 };
    const s = snapshot([Object.freeze({ target })]);
    Object.preventExtensions(target);
    expect(s.changed()).toMatch(/was made non-extensible$/);
    const other = { b: 2 };
    const s2 = snapshot([Object.freeze({ other })]);
    Object.setPrototypeOf(other, null);
    expect(s2.changed()).toBe("the prototype of an object was replaced");
  });
});
