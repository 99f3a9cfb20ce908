/**
 * bundle.ts — bundling one Run: the learner's solution.ts and the hidden tests, each compiled by
 * esbuild to CommonJS and joined by link.ts into one program (a script, evaluated in the Run's Compartment) with a source map, through any
 * esbuild instance (native in Node, esbuild-wasm in the browser: the same API). Runs wherever
 * that esbuild runs.
 *
 * gosync and the harness are NOT in this bundle: imports of them become reads from the
 * sandbox's module registry (modules.ts), so a warm Run compiles a few KB. Each file is built
 * on its own with the module map as esbuild `external`s and no plugin (esbuild-wasm pays a
 * round trip into Go per plugin callback): an import outside the map cannot be resolved (there
 * is no file system to resolve it in) and esbuild reports it where it is written.
 * Target es2022 lowers `using` / `await using` (stack-notes: the helpers then look up
 * `Symbol.dispose ?? Symbol.for("Symbol.dispose")`, which gosync's guards answer to), even where
 * the engine runs them natively: measured per call, an async function with a native `using`
 * block runs ~1.7× slower than its lowered form in Node 24 and Chromium 156, and every
 * `using _ = await mu.lock()` is on the judge's hot path. link.ts gives the lowered form fast
 * paths (judging safe-counter in Node: 21.5 ms native, 18.8 ms lowered with them).
 */
import { linkRun, type CompiledFile } from "./link.ts";
import { LEARNER_FILE, TESTS_FILE, allowedImports, importError } from "./modules.ts";
import type { Diagnostic } from "./verdict.ts";

/** EsbuildOutput is what a build or rebuild resolves with. */
export interface EsbuildOutput {
  errors: EsbuildMessage[];
  warnings: EsbuildMessage[];
  outputFiles?: { path: string; text: string }[];
  metafile?: { inputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
}

/** EsbuildLike is the part of esbuild's API the runner uses (esbuild and esbuild-wasm both fit). */
export interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<EsbuildOutput>;
}

/** EsbuildMessage is esbuild's Message, reduced to what diagnostics need. */
export interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
  notes?: { text: string }[];
}

/** BUNDLE_URL is the name the bundle runs under (`//# sourceURL`), so stack frames can be recognised and mapped. */
export const BUNDLE_URL = "synclab:///bundle.js";

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
  /** the Run's program, ending with `//# sourceURL=BUNDLE_URL` (empty when !ok) */
  code: string;
  /** the source map, as JSON text (empty when !ok) */
  map: string;
  diagnostics: Diagnostic[];
  /** wall-clock bundling time */
  ms: number;
}

/** SourceFile names the two files of a Run. */
export type SourceFile = typeof LEARNER_FILE | typeof TESTS_FILE;

/**
 * compileOptions are esbuild's build options for one file of a Run: TypeScript in, CommonJS out
 * (link.ts joins the files), what `file` may import left external and everything else
 * unresolvable, so reported where it is written.
 */
export function compileOptions(file: SourceFile, contents: string): Record<string, unknown> {
  return {
    stdin: { contents, loader: "ts", sourcefile: file },
    bundle: true,
    external: allowedImports(file),
    write: false,
    format: "cjs",
    platform: "neutral",
    target: "es2022",
    sourcemap: "external",
    sourcesContent: false,
    outfile: file.replace(/\.ts$/, ".js"),
    // The imports it lists are checked again: an external package name also lets its subpaths
    // through (`gosync` lets `gosync/sim` and `gosync/nope` compile).
    metafile: true,
    logLevel: "silent",
    minify: false,
    charset: "utf8",
    // Keep every import, even one whose bindings go unused: a forbidden import must be
    // reported, not silently dropped as TypeScript's import elision would.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  };
}

/** UNRESOLVED matches esbuild's message for an import it could not resolve (outside the module map). */
const UNRESOLVED = /^Could not resolve "((?:[^"\\]|\\.)*)"$/;
/** TOP_LEVEL_AWAIT matches esbuild's refusal of top-level await in CommonJS output. */
const TOP_LEVEL_AWAIT = /^Top-level await is currently not supported/;

/**
 * toDiagnostic turns an esbuild message about `file` into a Verdict diagnostic (1-based line and
 * column), in the module map's words where esbuild's would name its own internals.
 */
export function toDiagnostic(m: EsbuildMessage, severity: "error" | "warning", file: SourceFile): Diagnostic {
  const loc = m.location;
  let message = m.text;
  let notes = (m.notes ?? []).map((n) => n.text).filter(Boolean);
  const unresolved = UNRESOLVED.exec(m.text);
  if (unresolved) {
    message = importError(JSON.parse(`"${unresolved[1]}"`) as string, file);
    notes = [];
  } else if (TOP_LEVEL_AWAIT.test(m.text)) {
    message = `top-level await is not supported in ${file}: await inside an async function instead (a test calls your functions; nothing needs to wait while the module loads)`;
  }
  return {
    file,
    line: loc ? Math.max(1, loc.line) : 1,
    column: loc ? loc.column + 1 : 1,
    message: notes.length ? `${message} (${notes.join("; ")})` : message,
    severity,
  };
}

/** now is a monotonic clock in ms (performance.now where it exists). */
function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/** Compiled is one file after compileFile: code and map when ok, its diagnostics always. */
export interface Compiled extends CompiledFile {
  ok: boolean;
  diagnostics: Diagnostic[];
}

/**
 * CompiledAhead is a file compiled before the Run that needs it (the site compiles each
 * exercise's hidden tests and starter at build, site/pages/exercise/compiled/[id].json.ts): a
 * Bundler given it (seed) bundles a Run of that text without esbuild.
 */
export interface CompiledAhead {
  file: SourceFile;
  /** text is the file's source, which a Run's must equal for `compiled` to stand for it. */
  text: string;
  compiled: Compiled;
}

/** compileFile compiles one file of a Run; it never throws for mistakes in the file. */
export async function compileFile(esbuild: EsbuildLike, file: SourceFile, contents: string): Promise<Compiled> {
  const result = await settle(esbuild.build(compileOptions(file, contents)));
  const diagnostics = [
    ...result.errors.map((m) => toDiagnostic(m, "error", file)),
    ...result.warnings.map((m) => toDiagnostic(m, "warning", file)),
  ];
  diagnostics.push(...outsideTheMap(result, file, contents));
  if (diagnostics.some((d) => d.severity === "error") || !result.outputFiles) return { ok: false, code: "", map: "", diagnostics };
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".map"));
  if (!js || !map) throw new Error(`synclab: esbuild returned no code or no source map for ${file} (expected both with sourcemap: external)`);
  // The sandbox gets the map separately; a sourceMappingURL comment would point nowhere.
  return { ok: true, code: js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, ""), map: map.text, diagnostics };
}

/**
 * outsideTheMap reports the imports esbuild let through as external that `file` may not make
 * (a subpath of an allowed package), located at the first place the specifier is written.
 */
function outsideTheMap(result: EsbuildOutput, file: SourceFile, contents: string): Diagnostic[] {
  const allowed = allowedImports(file);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const input of Object.values(result.metafile?.inputs ?? {})) {
    for (const { path, external } of input.imports) {
      // Only externals got through unchecked; `<runtime>` is esbuild's own helpers (for `using`).
      if (!external || path === "<runtime>" || allowed.includes(path) || seen.has(path)) continue;
      seen.add(path);
      out.push({ file, ...whereWritten(contents, path), message: importError(path, file), severity: "error" });
    }
  }
  return out;
}

/** whereWritten is the 1-based line and column of the first quoted occurrence of `specifier` in `contents`. */
function whereWritten(contents: string, specifier: string): { line: number; column: number } {
  const at = [`"${specifier}"`, `'${specifier}'`, `\`${specifier}\``]
    .map((q) => contents.indexOf(q))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)[0];
  if (at === undefined) return { line: 1, column: 1 };
  const before = contents.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
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

/** joined links two compiled files into the Run's BundleResult (ok only if both compiled). */
function joined(solution: Compiled, tests: Compiled, t0: number): BundleResult {
  const diagnostics = [...solution.diagnostics, ...tests.diagnostics];
  if (!solution.ok || !tests.ok) return { ok: false, code: "", map: "", diagnostics, ms: now() - t0 };
  const linked = linkRun(solution, tests, BUNDLE_URL);
  return { ok: true, code: linked.code, map: linked.map, diagnostics, ms: now() - t0 };
}

/**
 * bundleRun bundles `files` with `esbuild` into one program (link.ts) and its source map.
 * It never throws for the learner's mistakes: syntax errors and forbidden imports come back
 * as error diagnostics located in solution.ts or hidden.test.ts (ok = false).
 */
export async function bundleRun(esbuild: EsbuildLike, files: RunFiles): Promise<BundleResult> {
  const t0 = now();
  const [solution, tests] = await Promise.all([
    compileFile(esbuild, LEARNER_FILE, files.solution),
    compileFile(esbuild, TESTS_FILE, files.tests),
  ]);
  return joined(solution, tests, t0);
}

/** Bundler bundles Runs one after another, keeping what does not change between them. */
export interface Bundler {
  bundle(files: RunFiles): Promise<BundleResult>;
  /** seed keeps files compiled ahead (CompiledAhead): a Run of their texts links them without compiling. */
  seed(files: readonly CompiledAhead[]): void;
}

/** TESTS_KEPT is how many hidden test files a Bundler keeps compiled (a page has a few exercises). */
const TESTS_KEPT = 8;

/**
 * keptCompiles compiles `file` through a cache of the last `keep` texts it was given (a text's
 * compilation is shared by every caller while it is kept; one that threw is dropped, so the
 * next call tries again).
 */
function keptCompiles(esbuild: EsbuildLike, file: SourceFile, keep: number) {
  const kept = new Map<string, Promise<Compiled>>();
  /** seeded are the texts compiled ahead (seed), kept for good: the exercises of a page, a few each. */
  const seeded = new Map<string, Promise<Compiled>>();
  const compile = (text: string): Promise<Compiled> => {
    const ahead = seeded.get(text);
    if (ahead !== undefined) return ahead;
    let c = kept.get(text);
    if (c === undefined) {
      const compiled = compileFile(esbuild, file, text);
      compiled.catch(() => {
        if (kept.get(text) === compiled) kept.delete(text);
      });
      kept.set(text, (c = compiled));
      if (kept.size > keep) kept.delete(kept.keys().next().value!);
    }
    return c;
  };
  compile.seed = (text: string, compiled: Compiled) => void seeded.set(text, Promise.resolve(compiled));
  return compile;
}

/**
 * createBundler returns a Bundler over `esbuild` that gives each Run the same bundle as
 * bundleRun, compiling only the learner's file when the hidden tests were compiled before
 * (they are the same text every Run of an exercise), and not even that when it is the text
 * compiled last (a host may compile ahead while the learner pauses typing) or one seeded
 * (compiled at site build): a Run of seeded texts never calls `esbuild`, so a host may hand it
 * one that waits for esbuild-wasm to arrive. Runs are bundled one at a time, in call order.
 */
export function createBundler(esbuild: EsbuildLike): Bundler {
  const compiledSolution = keptCompiles(esbuild, LEARNER_FILE, 1);
  const compiledTests = keptCompiles(esbuild, TESTS_FILE, TESTS_KEPT);
  let queue: Promise<unknown> = Promise.resolve();
  const one = async (next: RunFiles): Promise<BundleResult> => {
    const t0 = now();
    const [solution, compiled] = await Promise.all([compiledSolution(next.solution), compiledTests(next.tests)]);
    return joined(solution, compiled, t0);
  };
  return {
    bundle(next) {
      const result = queue.then(() => one(next));
      queue = result.catch(() => undefined);
      return result;
    },
    seed(files) {
      for (const f of files) (f.file === LEARNER_FILE ? compiledSolution : compiledTests).seed(f.text, f.compiled);
    },
  };
}
