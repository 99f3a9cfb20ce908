/**
 * bundle.ts — bundling one Run: the learner's solution.ts plus the hidden tests, as one ESM
 * module with a source map, through any esbuild instance (native in Node, esbuild-wasm in the
 * browser: the same API). Runs wherever that esbuild runs.
 *
 * gosync and the harness are NOT in this bundle: imports of them become reads from the
 * sandbox's module registry (modules.ts), so a warm Run bundles a few KB.
 * Target es2022 lowers `using` / `await using` (stack-notes: the helpers then look up
 * `Symbol.dispose ?? Symbol.for("Symbol.dispose")`, which gosync's guards answer to).
 */
import {
  LEARNER_FILE,
  TESTS_FILE,
  registryModuleSource,
  resolveImport,
  type RegistrySpecifier,
} from "./modules.ts";
import type { Diagnostic } from "./verdict.ts";

/** EsbuildLike is the part of esbuild's API the runner uses (esbuild and esbuild-wasm both fit). */
export interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{
    errors: EsbuildMessage[];
    warnings: EsbuildMessage[];
    outputFiles?: { path: string; text: string }[];
  }>;
}

/** EsbuildMessage is esbuild's Message, reduced to what diagnostics need. */
export interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
  notes?: { text: string }[];
}

/** BUNDLE_URL is the name the bundle runs under (`//# sourceURL`), so stack frames can be recognised and mapped. */
export const BUNDLE_URL = "synclab:///bundle.js";

/** SOURCE_NAMESPACE is esbuild's namespace for the virtual source files of a Run. */
const SOURCE_NAMESPACE = "synclab-src";
const REGISTRY_NAMESPACE = "synclab-registry";

/** RunFiles are the two sources of a Run. */
export interface RunFiles {
  /** the learner's code (solution.ts) */
  solution: string;
  /** the hidden tests (hidden.test.ts) */
  tests: string;
}

/** BundleResult is what bundleRun returns: code and map when ok, located diagnostics always. */
export interface BundleResult {
  ok: boolean;
  /** the ESM bundle, ending with `//# sourceURL=BUNDLE_URL` (empty when !ok) */
  code: string;
  /** the source map, as JSON text (empty when !ok) */
  map: string;
  diagnostics: Diagnostic[];
  /** wall-clock bundling time */
  ms: number;
}

/** bundleOptions are esbuild's build options for a Run, without the plugin (see synclabPlugin). */
export function bundleOptions(): Record<string, unknown> {
  return {
    entryPoints: [TESTS_FILE],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    sourcemap: "external",
    sourcesContent: false,
    outfile: "bundle.js",
    logLevel: "silent",
    // Keep names readable in stacks and in gosync's dumps (function names of goroutines).
    keepNames: false,
    minify: false,
    charset: "utf8",
    // Keep every import, even one whose bindings go unused: a forbidden import must be
    // reported, not silently dropped as TypeScript's import elision would.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  };
}

/** synclabPlugin serves the Run's virtual files and applies the module map (modules.ts). */
export function synclabPlugin(files: RunFiles) {
  const sources: Record<string, string> = { [LEARNER_FILE]: files.solution, [TESTS_FILE]: files.tests };
  return {
    name: "synclab-module-map",
    setup(build: {
      onResolve(o: { filter: RegExp }, cb: (a: { path: string; importer: string; kind: string; namespace: string }) => unknown): void;
      onLoad(o: { filter: RegExp; namespace: string }, cb: (a: { path: string }) => unknown): void;
    }) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: TESTS_FILE, namespace: SOURCE_NAMESPACE };
        const importer = args.namespace === SOURCE_NAMESPACE ? args.importer : TESTS_FILE;
        const r = resolveImport(args.path, importer);
        if (r.kind === "registry") return { path: r.specifier, namespace: REGISTRY_NAMESPACE };
        if (r.kind === "source") return { path: r.file, namespace: SOURCE_NAMESPACE };
        return { errors: [{ text: r.message }] };
      });
      build.onLoad({ filter: /.*/, namespace: SOURCE_NAMESPACE }, (args) => ({
        contents: sources[args.path] ?? "",
        loader: "ts",
      }));
      build.onLoad({ filter: /.*/, namespace: REGISTRY_NAMESPACE }, (args) => ({
        contents: registryModuleSource(args.path as RegistrySpecifier),
        loader: "js",
      }));
    },
  };
}

/** toDiagnostic turns an esbuild message into a Verdict diagnostic (1-based line and column). */
export function toDiagnostic(m: EsbuildMessage, severity: "error" | "warning"): Diagnostic {
  const loc = m.location;
  const file = loc ? stripNamespace(loc.file) : TESTS_FILE;
  const notes = (m.notes ?? []).map((n) => n.text).filter(Boolean);
  return {
    file,
    line: loc ? Math.max(1, loc.line) : 1,
    column: loc ? loc.column + 1 : 1,
    message: notes.length ? `${m.text} (${notes.join("; ")})` : m.text,
    severity,
  };
}

/** stripNamespace turns esbuild's `synclab-src:solution.ts` into `solution.ts`. */
export function stripNamespace(file: string): string {
  const i = file.lastIndexOf(":");
  return i >= 0 ? file.slice(i + 1) : file;
}

/** now is a monotonic clock in ms (performance.now where it exists). */
function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/**
 * bundleRun bundles `files` with `esbuild` into one ESM module and its source map.
 * It never throws for the learner's mistakes: syntax errors and forbidden imports come back
 * as error diagnostics located in solution.ts or hidden.test.ts (ok = false).
 */
export async function bundleRun(esbuild: EsbuildLike, files: RunFiles): Promise<BundleResult> {
  const t0 = now();
  let result: Awaited<ReturnType<EsbuildLike["build"]>>;
  try {
    result = await esbuild.build({ ...bundleOptions(), plugins: [synclabPlugin(files)] });
  } catch (e) {
    // esbuild rejects with the same errors/warnings arrays when the build fails.
    const failure = e as { errors?: EsbuildMessage[]; warnings?: EsbuildMessage[] };
    if (!Array.isArray(failure.errors)) throw e;
    result = { errors: failure.errors, warnings: failure.warnings ?? [] };
  }
  const diagnostics = [
    ...result.errors.map((m) => toDiagnostic(m, "error")),
    ...result.warnings.map((m) => toDiagnostic(m, "warning")),
  ];
  const ms = now() - t0;
  if (result.errors.length || !result.outputFiles) return { ok: false, code: "", map: "", diagnostics, ms };
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".map"));
  if (!js || !map) throw new Error("synclab: esbuild returned no bundle.js/bundle.js.map (expected both with sourcemap: external)");
  // Replace esbuild's sourceMappingURL comment: the sandbox gets the map separately.
  const code = js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, "") + `//# sourceURL=${BUNDLE_URL}\n`;
  return { ok: true, code, map: map.text, diagnostics, ms };
}
