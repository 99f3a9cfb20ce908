import { describe, expect, test } from "vitest";
import { LEARNER_SPECIFIERS, importError, installModuleRegistry, resolveImport, REGISTRY_SPECIFIERS } from "./modules.ts";

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

describe("installModuleRegistry", () => {
  const modules = Object.fromEntries(REGISTRY_SPECIFIERS.map((s) => [s, { name: s }])) as never;
  test("publishes frozen copies in a slot that cannot be replaced", () => {
    const realm = {} as Record<symbol, unknown>;
    installModuleRegistry(modules, realm);
    const reg = realm[Symbol.for("synclab.modules")] as Record<string, { name: string }>;
    expect(reg["gosync/time"]!.name).toBe("gosync/time");
    expect(Object.isFrozen(reg) && Object.isFrozen(reg["gosync"])).toBe(true);
    expect(() => { "use strict"; realm[Symbol.for("synclab.modules")] = {}; }).toThrow(TypeError);
  });
  test("refuses a second registry and a missing module", () => {
    const realm = {};
    installModuleRegistry(modules, realm);
    expect(() => installModuleRegistry(modules, realm)).toThrow(/already installed/);
    expect(() => installModuleRegistry({} as never, {})).toThrow('synclab: module registry lacks "gosync"');
  });
});
