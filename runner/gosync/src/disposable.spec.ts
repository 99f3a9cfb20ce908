import { describe, expect, it } from "vitest";
import {
  AsyncDisposableStack,
  AsyncDisposableStackPonyfill,
  DisposableStack,
  DisposableStackPonyfill,
  SuppressedError,
  disposeSymbol,
} from "./disposable.ts";

type StackCtor = new () => DisposableStack;
type AsyncStackCtor = new () => AsyncDisposableStack;

// The ponyfill is checked against the same expectations as the engine's class, so a difference
// between them fails here rather than in a learner's browser without the native class.
const syncImpls: [string, StackCtor][] = [["the ponyfill", DisposableStackPonyfill]];
const NativeSync = (globalThis as unknown as { DisposableStack?: StackCtor }).DisposableStack;
if (NativeSync) syncImpls.push(["the native class", NativeSync]);
const asyncImpls: [string, AsyncStackCtor][] = [["the ponyfill", AsyncDisposableStackPonyfill]];
const NativeAsync = (globalThis as unknown as { AsyncDisposableStack?: AsyncStackCtor }).AsyncDisposableStack;
if (NativeAsync) asyncImpls.push(["the native class", NativeAsync]);

describe("disposeSymbol", () => {
  it("is Symbol.dispose when the engine has it, as esbuild's lowering of `using` expects", () => {
    expect(disposeSymbol).toBe((Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose"));
  });
});

describe("DisposableStack", () => {
  it("is the native class where the engine has one", () => {
    expect(DisposableStack).toBe(NativeSync ?? DisposableStackPonyfill);
    expect(AsyncDisposableStack).toBe(NativeAsync ?? AsyncDisposableStackPonyfill);
  });

  describe.each(syncImpls)("as %s", (_name, Stack) => {
    it("runs deferred functions last-in first-out, like Go's defer", () => {
      const order: string[] = [];
      const d = new Stack();
      d.defer(() => order.push("first"));
      d.defer(() => order.push("second"));
      d.adopt("res", (v) => order.push(`adopt ${v}`));
      d.use({ [disposeSymbol]: () => order.push("use") });
      expect(d.disposed).toBe(false);
      d.dispose();
      expect(order).toEqual(["use", "adopt res", "second", "first"]);
      expect(d.disposed).toBe(true);
    });

    it("runs on leaving a `using` block, also when the block throws", () => {
      const order: string[] = [];
      expect(() => {
        using d = new Stack();
        d.defer(() => order.push("deferred"));
        order.push("body");
        throw new Error("boom");
      }).toThrow("boom");
      expect(order).toEqual(["body", "deferred"]);
    });

    it("disposes once: a second dispose does nothing", () => {
      let n = 0;
      const d = new Stack();
      d.defer(() => n++);
      d.dispose();
      d.dispose();
      expect(n).toBe(1);
    });

    it("returns the value from use and adopt, and passes null and undefined through use", () => {
      const d = new Stack();
      const r = { [disposeSymbol]() {} };
      expect(d.use(r)).toBe(r);
      expect(d.use(null)).toBe(null);
      expect(d.use(undefined)).toBe(undefined);
      expect(d.adopt(42, () => {})).toBe(42);
    });

    it("rejects a non-object in use and a non-function in defer and adopt with TypeError", () => {
      const d = new Stack();
      expect(() => d.use(5 as never)).toThrow(TypeError);
      expect(() => d.use({} as never)).toThrow(TypeError);
      expect(() => d.defer(5 as never)).toThrow(TypeError);
      expect(() => d.adopt(1, "x" as never)).toThrow(TypeError);
    });

    it("throws ReferenceError from use, adopt, defer and move after dispose", () => {
      const d = new Stack();
      d.dispose();
      expect(() => d.defer(() => {})).toThrow(ReferenceError);
      expect(() => d.use(null)).toThrow(ReferenceError);
      expect(() => d.adopt(1, () => {})).toThrow(ReferenceError);
      expect(() => d.move()).toThrow(ReferenceError);
    });

    it("moves pending disposers to a new stack without running them", () => {
      const order: string[] = [];
      const d = new Stack();
      d.defer(() => order.push("a"));
      d.defer(() => order.push("b"));
      const moved = d.move();
      expect(d.disposed).toBe(true);
      expect(moved.disposed).toBe(false);
      d.dispose();
      expect(order).toEqual([]);
      moved.dispose();
      expect(order).toEqual(["b", "a"]);
    });

    it("runs every disposer when some throw, and throws the single error as is", () => {
      const ran: string[] = [];
      const boom = new Error("boom");
      const d = new Stack();
      d.defer(() => ran.push("a"));
      d.defer(() => {
        throw boom;
      });
      d.defer(() => ran.push("c"));
      expect(() => d.dispose()).toThrow(boom);
      expect(ran).toEqual(["c", "a"]);
    });

    it("aggregates several errors into SuppressedError, newest outermost", () => {
      const d = new Stack();
      d.defer(() => {
        throw new Error("a");
      });
      d.defer(() => {
        throw new Error("b");
      });
      d.defer(() => {
        throw new Error("c");
      });
      let caught: unknown;
      try {
        d.dispose();
      } catch (e) {
        caught = e;
      }
      // c ran first, then b (suppressing c), then a (suppressing the SuppressedError of b over c).
      const outer = caught as InstanceType<typeof SuppressedError>;
      expect(outer).toBeInstanceOf(SuppressedError);
      expect(outer.message).toBe("An error was suppressed during disposal");
      expect((outer.error as Error).message).toBe("a");
      const inner = outer.suppressed as InstanceType<typeof SuppressedError>;
      expect(inner).toBeInstanceOf(SuppressedError);
      expect((inner.error as Error).message).toBe("b");
      expect((inner.suppressed as Error).message).toBe("c");
    });

    it("answers to Object.prototype.toString as a DisposableStack", () => {
      expect(Object.prototype.toString.call(new Stack())).toBe("[object DisposableStack]");
    });
  });
});

describe("AsyncDisposableStack", () => {
  describe.each(asyncImpls)("as %s", (_name, Stack) => {
    it("awaits each disposer in turn, newest first", async () => {
      const order: string[] = [];
      const d = new Stack();
      d.defer(async () => {
        await Promise.resolve();
        order.push("first");
      });
      d.use({ [Symbol.asyncDispose]: async () => void order.push("async use") });
      d.use({ [disposeSymbol]: () => void order.push("sync use") });
      d.adopt("r", async (v) => void order.push(`adopt ${v}`));
      await d.disposeAsync();
      expect(order).toEqual(["adopt r", "sync use", "async use", "first"]);
      expect(d.disposed).toBe(true);
    });

    it("aggregates rejected disposers into SuppressedError and keeps going", async () => {
      const ran: string[] = [];
      const d = new Stack();
      d.defer(() => void ran.push("a"));
      d.defer(async () => {
        throw new Error("x");
      });
      d.defer(async () => {
        throw new Error("y");
      });
      const err = (await d.disposeAsync().then(
        () => null,
        (e: unknown) => e,
      )) as InstanceType<typeof SuppressedError>;
      expect(ran).toEqual(["a"]);
      expect(err).toBeInstanceOf(SuppressedError);
      expect((err.error as Error).message).toBe("x");
      expect((err.suppressed as Error).message).toBe("y");
    });

    it("moves its disposers and is disposed afterwards", async () => {
      const order: string[] = [];
      const d = new Stack();
      d.defer(() => void order.push("a"));
      const moved = d.move();
      expect(d.disposed).toBe(true);
      expect(() => d.defer(() => {})).toThrow(ReferenceError);
      await moved.disposeAsync();
      expect(order).toEqual(["a"]);
    });
  });
});
