import { describe, expect, test } from "vitest";
import { LEARNER_SPECIFIERS, importError, createModuleRegistry, resolveImport, REGISTRY_SPECIFIERS } from "./modules.ts";

describe("resolveImport", () => {
  test("maps every gosync specifier to the registry from either file", () => {
    for (const s of LEARNER_SPECIFIERS) {
      expect(resolveImport(s, "solution.ts")).toEqual({ kind: "registry", specifier: s });
      expect(resolveImport(s, "hidden.test.ts")).toEqual({ kind: "registry", specifier: s });
    }
  });
  test("lets only the hidden tests import vitest, gosync/sim and ./solution.ts", () => {
    expect(resolveImport("vitest", "hidden.test.ts").kind).toBe("registry");
    expect(resolveImport("gosync/sim", "hidden.test.ts").kind).toBe("registry");
    expect(resolveImport("./solution.ts", "hidden.test.ts")).toEqual({ kind: "source", file: "solution.ts" });
    expect(resolveImport("vitest", "solution.ts").kind).toBe("error");
    expect(resolveImport("gosync/sim", "solution.ts").kind).toBe("error");
  });
  test("refuses anything else with a message listing what can be imported", () => {
    const r = resolveImport("node:fs", "solution.ts");
    expect(r).toEqual({ kind: "error", message: importError("node:fs", "solution.ts") });
    expect(importError("node:fs", "solution.ts")).toBe(
      'Cannot import "node:fs" in solution.ts: only these modules can be imported: "gosync", "gosync/sync", "gosync/sync/atomic", "gosync/time", "gosync/context", "gosync/errgroup", "gosync/semaphore", "gosync/runtime"',
    );
  });
});

describe("createModuleRegistry", () => {
  const modules = Object.fromEntries(REGISTRY_SPECIFIERS.map((s) => [s, { name: s }])) as never;
  test("makes frozen copies in a frozen table, and publishes nothing on the global object", () => {
    const before = Reflect.ownKeys(globalThis).length;
    const reg = createModuleRegistry(modules) as unknown as Record<string, { name: string }>;
    expect(reg["gosync/time"]!.name).toBe("gosync/time");
    expect(Object.isFrozen(reg) && Object.isFrozen(reg["gosync"])).toBe(true);
    expect(Object.getPrototypeOf(reg)).toBe(null);
    expect(() => { "use strict"; reg["gosync"] = {} as never; }).toThrow(TypeError);
    expect(Reflect.ownKeys(globalThis).length).toBe(before);
  });
  test("refuses a registry with a missing module", () => {
    expect(() => createModuleRegistry({} as never)).toThrow('synclab: module registry lacks "gosync"');
  });
});
