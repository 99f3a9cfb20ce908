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

/** EsbuildOutput is what a build or rebuild resolves with. */
export interface EsbuildOutput {
  errors: EsbuildMessage[];
  warnings: EsbuildMessage[];
  outputFiles?: { path: string; text: string }[];
}

/** EsbuildLike is the part of esbuild's API the runner uses (esbuild and esbuild-wasm both fit). */
export interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<EsbuildOutput>;
  /** context makes an incremental build (esbuild ≥ 0.17); createBundler uses it when present */
  context?(options: Record<string, unknown>): Promise<{ rebuild(): Promise<EsbuildOutput>; dispose(): Promise<void> }>;
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

/**
 * synclabPlugin serves the Run's virtual files and applies the module map (modules.ts). It reads
 * `files` at each load, so an incremental build (createBundler) serves the Run it is given.
 */
export function synclabPlugin(files: RunFiles) {
  const source = (path: string): string => (path === LEARNER_FILE ? files.solution : path === TESTS_FILE ? files.tests : "");
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
        contents: source(args.path),
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
  return toBundleResult(await settle(esbuild.build({ ...bundleOptions(), plugins: [synclabPlugin(files)] })), t0);
}

/** settle turns esbuild's rejection for a failed build (it carries the same errors/warnings arrays) into its output. */
async function settle(p: Promise<EsbuildOutput>): Promise<EsbuildOutput> {
  try {
    return await p;
  } catch (e) {
    const failure = e as { errors?: EsbuildMessage[]; warnings?: EsbuildMessage[] };
    if (!Array.isArray(failure.errors)) throw e;
    return { errors: failure.errors, warnings: failure.warnings ?? [] };
  }
}

function toBundleResult(result: EsbuildOutput, t0: number): BundleResult {
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

/** Bundler bundles Runs one after another with one long-lived esbuild context. */
export interface Bundler {
  bundle(files: RunFiles): Promise<BundleResult>;
  dispose(): Promise<void>;
}

/**
 * createBundler returns a Bundler over `esbuild`: one incremental context (same options and
 * plugin as bundleRun, so the same output), rebuilt per Run with that Run's files, so esbuild
 * keeps its parsed copies of what did not change (the hidden tests, the registry stand-ins)
 * and its set-up between Runs. Runs are bundled one at a time, in call order. Without
 * `context` (an older esbuild) every Run is a bundleRun.
 */
export function createBundler(esbuild: EsbuildLike): Bundler {
  const files: RunFiles = { solution: "", tests: "" };
  let ctx: ReturnType<NonNullable<EsbuildLike["context"]>> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const one = async (next: RunFiles): Promise<BundleResult> => {
    if (!esbuild.context) return bundleRun(esbuild, next);
    const t0 = now();
    ctx ??= esbuild.context({ ...bundleOptions(), plugins: [synclabPlugin(files)] });
    ctx.catch(() => {
      ctx = null;
    });
    const c = await ctx;
    files.solution = next.solution;
    files.tests = next.tests;
    return toBundleResult(await settle(c.rebuild()), t0);
  };
  return {
    bundle(next) {
      const result = queue.then(() => one(next));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      const c = ctx;
      ctx = null;
      await queue;
      if (c) await (await c).dispose();
    },
  };
}
