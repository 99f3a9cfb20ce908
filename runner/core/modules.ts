/**
 * modules.ts — the module map: what the learner's solution.ts and the hidden tests may import,
 * and how those imports reach the one pre-bundled copy of gosync and the harness.
 * Runs anywhere (it is data and pure functions).
 *
 * Map:
 *  - the gosync specifiers (LEARNER_SPECIFIERS) → the sandbox's module registry, from any file;
 *  - `gosync/sim` → the registry, from the hidden tests only (the simulator is the judge's tool);
 *  - `./solution.ts` → the learner's file, from the hidden tests;
 *  - `vitest` → the harness (test/describe/it/expect), from the hidden tests only;
 *  - anything else → an error that lists what can be imported.
 *
 * Why a registry instead of bundling gosync into every Run: gosync is bundled once per host
 * (with the harness, which must share its simulator state) and a Run's code only refers to it,
 * so a warm Run compiles a few KB. Each file of a Run is compiled to CommonJS (bundle.ts) and
 * its imports become calls of the `require` that link.ts gives it, which applies this map:
 * `import { Mutex } from "gosync/sync"` becomes a property read of the registry's frozen
 * namespace, so the compiler needs no list of export names, and an import of a type (which
 * has no value) reads undefined instead of failing to link.
 */

/** LEARNER_FILE is the learner's module, as the hidden tests import it (`./solution.ts`). */
export const LEARNER_FILE = "solution.ts";
/** TESTS_FILE is the hidden tests' module, the entry point of a Run's bundle. */
export const TESTS_FILE = "hidden.test.ts";

/** LEARNER_SPECIFIERS are the gosync entry points any file may import. */
export const LEARNER_SPECIFIERS = [
  "gosync",
  "gosync/sync",
  "gosync/sync/atomic",
  "gosync/time",
  "gosync/context",
  "gosync/errgroup",
  "gosync/semaphore",
  "gosync/runtime",
] as const;

/** TEST_ONLY_SPECIFIERS may be imported by the hidden tests but not by the learner. */
export const TEST_ONLY_SPECIFIERS = ["gosync/sim", "vitest"] as const;

/** REGISTRY_SPECIFIERS are the modules a sandbox must install in its registry before importing a bundle. */
export const REGISTRY_SPECIFIERS = [...LEARNER_SPECIFIERS, ...TEST_ONLY_SPECIFIERS] as const;
export type RegistrySpecifier = (typeof REGISTRY_SPECIFIERS)[number];

/** Resolution is where an import goes, or why it may not. */
export type Resolution =
  | { kind: "registry"; specifier: RegistrySpecifier }
  | { kind: "source"; file: typeof LEARNER_FILE }
  | { kind: "error"; message: string };

/** resolveImport maps `specifier` imported from `importer` (LEARNER_FILE or TESTS_FILE) through the module map. */
export function resolveImport(specifier: string, importer: string): Resolution {
  if ((LEARNER_SPECIFIERS as readonly string[]).includes(specifier)) {
    return { kind: "registry", specifier: specifier as RegistrySpecifier };
  }
  const fromTests = importer === TESTS_FILE;
  if (fromTests && (TEST_ONLY_SPECIFIERS as readonly string[]).includes(specifier)) {
    return { kind: "registry", specifier: specifier as RegistrySpecifier };
  }
  if (fromTests && specifier === `./${LEARNER_FILE}`) return { kind: "source", file: LEARNER_FILE };
  return { kind: "error", message: importError(specifier, importer) };
}

/** allowedImports lists what `importer` (LEARNER_FILE or TESTS_FILE) may import, in the order error messages list them. */
export function allowedImports(importer: string): string[] {
  return importer === TESTS_FILE
    ? [...LEARNER_SPECIFIERS, ...TEST_ONLY_SPECIFIERS, `./${LEARNER_FILE}`]
    : [...LEARNER_SPECIFIERS];
}

/** importError is the message for a specifier outside the module map; it lists what can be imported. */
export function importError(specifier: string, importer: string): string {
  return `Cannot import "${specifier}" in ${importer}: only these modules can be imported: ${allowedImports(importer).map((s) => `"${s}"`).join(", ")}`;
}

/** ModuleRegistry is what a Run's module resolves gosync and "vitest" imports to (see link.ts). */
export type ModuleRegistry = Readonly<Record<RegistrySpecifier, object>>;

/**
 * createModuleRegistry makes the registry a Run's `instantiate(registry)` receives: a frozen copy
 * of each namespace in a frozen, prototype-less table. It is handed to the Run's module, never
 * published on the global object, so learner code cannot reach "gosync/sim" or the test API
 * through it, swap a module under the hidden tests, or add exports to one. It throws if a
 * registry specifier is missing.
 */
export function createModuleRegistry(modules: Record<RegistrySpecifier, object>): ModuleRegistry {
  const frozen: Record<string, object> = Object.create(null);
  for (const spec of REGISTRY_SPECIFIERS) {
    const ns = modules[spec];
    if (!ns) throw new Error(`synclab: module registry lacks "${spec}" (expected every one of ${REGISTRY_SPECIFIERS.join(", ")})`);
    frozen[spec] = Object.freeze({ ...ns });
  }
  return Object.freeze(frozen) as ModuleRegistry;
}
