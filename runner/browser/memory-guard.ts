/**
 * memory-guard — the run worker's memory cap.
 *
 * Runs in the run worker, installed before learner code. Why a guard and not a measurement: a
 * Worker has no `performance.memory`, the page's does not see workers, and Chrome keeps every
 * isolate of a renderer in one pointer-compression cage, so a worker that allocates a few GB
 * crashes the whole tab before any limit of ours could terminate it (measured: the page dies).
 *
 * What is enforced: allocations whose size is explicit — `Array(n)`/`new Array(n)`,
 * `Array.from({ length: n })`, `ArrayBuffer`, every typed array, `String.prototype.repeat`,
 * `padStart`, `padEnd` — are charged to a per-Run budget (MEMORY_CAP_BYTES); the call that
 * would exceed it throws a RangeError that names the cap, and every later charged call too.
 * What is not: growth by many small allocations (`push` in a loop, objects in a Map). That is
 * bounded by V8's own structure limits (an array or a string cannot grow past ~1 GB; a Map past
 * 2^24 entries) and by the wall-clock limit.
 */

/** MEMORY_CAP_BYTES is the budget of explicit-size allocations in one Run. */
export const MEMORY_CAP_BYTES = 512 * 1024 * 1024;

/** SMALL is the size below which an allocation is not charged (the harness's own work). */
const SMALL = 64 * 1024;

/** MemoryGuard is the installed guard: its budget is per Run, so a worker that judges another Run resets it. */
export interface MemoryGuard {
  reset(): void;
  /**
   * endowments are the guarded constructors (`Array` and every sized buffer and typed array):
   * a Run's Compartment gets them as its globals (core/sandbox.ts PrepareOptions), the realm's
   * own globals stay the intrinsics.
   */
  readonly endowments: Readonly<Record<string, unknown>>;
}

/**
 * installMemoryGuard wraps the explicit-size allocators and returns the guard. Call it once per
 * realm, before lockdown (core/lockdown-shim.ts): `Array.from`, `String.prototype.repeat`,
 * `padStart` and `padEnd` are replaced on the intrinsics, which lockdown then freezes as they
 * are (method definitions, so that ses finds no `prototype` on them to remove).
 */
export function installMemoryGuard(cap = MEMORY_CAP_BYTES): MemoryGuard {
  let used = 0;
  const charge = (bytes: number, what: string) => {
    if (!(bytes >= SMALL)) return;
    used += bytes;
    if (used > cap) {
      throw new RangeError(
        `memory cap: ${what} would bring this Run's large allocations to ${mb(used)} MB; the sandbox allows ${mb(cap)} MB`,
      );
    }
  };
  const g = globalThis as Record<string, unknown>;
  const endowments: Record<string, unknown> = {};

  const ArrayCtor = Array;
  const arrayLength = (args: unknown[]) => (args.length === 1 && typeof args[0] === "number" ? args[0] : 0);
  const GuardedArray: ArrayConstructor = new Proxy(ArrayCtor, {
    apply(target, thisArg, args) {
      charge(arrayLength(args) * 8, `Array(${arrayLength(args)})`);
      return Reflect.apply(target, thisArg, args);
    },
    construct(target, args, newTarget): object {
      charge(arrayLength(args) * 8, `new Array(${arrayLength(args)})`);
      return Reflect.construct(target, args, newTarget === GuardedArray ? target : newTarget);
    },
  });
  const from = ArrayCtor.from;
  Object.defineProperty(ArrayCtor, "from", {
    value: {
      from(this: unknown, source: { length?: unknown }, ...rest: unknown[]) {
        const n = typeof source?.length === "number" ? source.length : 0;
        charge(n * 8, `Array.from({ length: ${n} })`);
        return Reflect.apply(from, this, [source, ...rest]);
      },
    }.from,
    writable: true,
    configurable: true,
  });
  endowments.Array = GuardedArray;

  const sized = ["ArrayBuffer", "SharedArrayBuffer", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"];
  for (const name of sized) {
    const Ctor = g[name] as (new (...a: unknown[]) => unknown) & { BYTES_PER_ELEMENT?: number };
    if (typeof Ctor !== "function") continue;
    const per = Ctor.BYTES_PER_ELEMENT ?? 1;
    const Guarded: typeof Ctor = new Proxy(Ctor, {
      construct(target, args, newTarget): object {
        if (typeof args[0] === "number") charge(args[0] * per, `new ${name}(${args[0]})`);
        return Reflect.construct(target, args, newTarget === Guarded ? target : newTarget);
      },
    });
    endowments[name] = Guarded;
  }

  const proto = String.prototype as unknown as Record<string, (...a: unknown[]) => string>;
  const repeat = proto.repeat;
  proto.repeat = {
    repeat(this: string, count: unknown) {
      charge(String(this).length * Number(count) * 2, `"…".repeat(${String(count)})`);
      return repeat.call(this, count);
    },
  }.repeat;
  for (const pad of ["padStart", "padEnd"]) {
    const original = proto[pad];
    const wrapped = {
      [pad](this: string, length: unknown, fill?: unknown) {
        charge(Number(length) * 2, `${pad}(${String(length)})`);
        return original.call(this, length, fill);
      },
    }[pad]!;
    proto[pad] = wrapped;
  }
  return {
    reset() {
      used = 0;
    },
    endowments,
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
