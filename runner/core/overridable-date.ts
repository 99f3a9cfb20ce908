/**
 * overridable-date.ts — the Date a Run's Compartment gets: gosync's virtual Date (the clock of the
 * run in force), whose dates may take their own toJSON, toString… as ordinary code expects. Runs
 * in the sandbox realm (core/sandbox.ts endows every Compartment with it).
 */

/** DATE_OVERRIDABLE are the Date methods a Run's code may give one of its dates (found by a red-team round: a Date with its own toJSON). */
const DATE_OVERRIDABLE = ["toJSON", "toString", "toISOString", "valueOf", "toLocaleString"] as const;

/**
 * overridableDate wraps gosync's virtual Date for a Compartment: its dates inherit from a
 * prototype of their own (frozen, over the frozen Date.prototype) whose DATE_OVERRIDABLE
 * methods are accessors that let a date take its own (`d.toJSON = …`), as ses's override
 * taming does for the intrinsics it knows (it knows none of Date's).
 */
export function overridableDate(VirtualDate: DateConstructor): DateConstructor {
  const proto: object = Object.create(VirtualDate.prototype);
  for (const key of DATE_OVERRIDABLE) {
    const value: unknown = (VirtualDate.prototype as unknown as Record<string, unknown>)[key];
    Object.defineProperty(proto, key, {
      get: { [key]() { return value; } }[key],
      set: {
        [key](this: object, v: unknown) {
          if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of Date.prototype`);
          Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
        },
      }[key],
      enumerable: false,
      configurable: false,
    });
  }
  const SandboxDate = function Date(this: unknown, ...args: unknown[]) {
    if (new.target === undefined) return (VirtualDate as unknown as (...a: unknown[]) => string)(...args);
    return Reflect.construct(VirtualDate, args, new.target);
  } as unknown as DateConstructor;
  Object.defineProperties(SandboxDate, {
    prototype: { value: proto, writable: false, enumerable: false, configurable: false },
    now: { value: VirtualDate.now, writable: true, enumerable: false, configurable: true },
    parse: { value: VirtualDate.parse, writable: true, enumerable: false, configurable: true },
    UTC: { value: VirtualDate.UTC, writable: true, enumerable: false, configurable: true },
  });
  Object.defineProperty(proto, "constructor", { value: SandboxDate, writable: false, enumerable: false, configurable: false });
  return SandboxDate;
}
