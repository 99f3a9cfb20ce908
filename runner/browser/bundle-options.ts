/**
 * bundle-options — how the browser host asks esbuild (any instance: esbuild-wasm here) to bundle
 * one Run: the learner's files and the hidden tests from memory, gosync and the test API left
 * as `require()` calls that the run worker answers from its pre-bundled copy (so a warm Run
 * bundles only the learner's code and the tests, never gosync).
 *
 * Runs in the bundler worker (and in Node for the specs). Pure: no I/O.
 */
import type { BuildOptions, Plugin, Message } from "esbuild-wasm";
import type { Diagnostic, RunRequest } from "./protocol.ts";

/** PROVIDED_MODULES are the specifiers the run worker provides; anything else is a compile-error. */
export const PROVIDED_MODULES = [
  "gosync",
  "gosync/sync",
  "gosync/sync/atomic",
  "gosync/time",
  "gosync/context",
  "gosync/errgroup",
  "gosync/semaphore",
  "gosync/runtime",
] as const;

/** TEST_MODULES may be imported by hidden tests only (the learner's file may not). */
export const TEST_MODULES = ["vitest", "gosync/sim"] as const;

const NAMESPACE = "synclab-file";
const ENTRY = "<run>";

/** runBundleOptions returns the esbuild options for one Run; `files` are served from memory. */
export function runBundleOptions(request: RunRequest): BuildOptions {
  return {
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    sourcemap: "external",
    sourcesContent: false,
    outfile: "run.js",
    logLevel: "silent",
    // Keep every import, even one only used as a type, so that an unknown import is always
    // reported (TypeScript's elision would otherwise hide `import fs from "node:fs"`).
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    plugins: [memoryFiles(request)],
  };
}

function memoryFiles(request: RunRequest): Plugin {
  const importable = [...PROVIDED_MODULES, "./solution.ts"];
  return {
    name: "synclab-memory-files",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === ENTRY) return { path: ENTRY, namespace: NAMESPACE };
        const spec = args.path;
        const fromTests = args.importer === request.tests;
        if ((PROVIDED_MODULES as readonly string[]).includes(spec)) return { path: spec, external: true };
        if ((TEST_MODULES as readonly string[]).includes(spec)) {
          if (fromTests) return { path: spec, external: true };
        } else if (spec.startsWith("./") && Object.hasOwn(request.files, spec.slice(2))) {
          return { path: spec.slice(2), namespace: NAMESPACE };
        }
        return {
          errors: [
            {
              text: `cannot import "${spec}": ${args.importer} may import only ${importable.map((s) => `"${s}"`).join(", ")}`,
            },
          ],
        };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        if (args.path === ENTRY) return { contents: `import "./${request.tests}";`, loader: "ts", resolveDir: "/" };
        return { contents: request.files[args.path], loader: "ts", resolveDir: "/" };
      });
    },
  };
}

/** messagesToDiagnostics turns esbuild's messages into Verdict diagnostics (1-based line and column). */
export function messagesToDiagnostics(messages: Message[], severity: Diagnostic["severity"]): Diagnostic[] {
  return messages.map((m) => ({
    file: (m.location?.file ?? "").replace(`${NAMESPACE}:`, ""),
    line: m.location?.line ?? 0,
    column: (m.location?.column ?? 0) + 1,
    message: m.text,
    severity,
  }));
}
