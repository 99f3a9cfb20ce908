/**
 * runtime-bundle.ts — building a sandbox runtime: a host's sandbox entry (the Node worker
 * thread's worker.ts, the browser's run-worker.ts) with gosync, the harness and @vitest/expect,
 * bundled by esbuild into one file (an ES module; a classic script for the Node sandbox), once per host (once per process in Node, once per
 * site build in the browser). Every Run's own bundle then holds only the learner's code and the
 * hidden tests, and reaches gosync through the module registry (modules.ts).
 * Runs wherever the esbuild it is given runs (native esbuild in Node, at CLI time or site build).
 *
 * The runtime is named under RUNTIME_URL_PREFIX, both as gosync's `import.meta.url` and as the
 * module's `//# sourceURL`: gosync's stack capture skips frames whose URL contains
 * `gosync/dist/` as its own, so the location it reports (a race, a blocked goroutine) is the
 * learner's line, never the runtime's.
 */
import type { EsbuildLike } from "./bundle.ts";

/** RUNTIME_URL_PREFIX is where every runtime bundle is named; gosync treats frames under `gosync/dist/` as its own. */
export const RUNTIME_URL_PREFIX = "synclab:///gosync/dist/";

/** RuntimeTarget says which host's sandbox entry to bundle. */
export interface RuntimeTarget {
  /** absolute path of the sandbox entry module */
  entry: string;
  /** file name under RUNTIME_URL_PREFIX, e.g. "node-sandbox.js" */
  name: string;
  /** esbuild platform of the sandbox realm */
  platform: "node" | "browser";
  /** minify whitespace and syntax (identifiers stay: gosync's dumps and error names show them) */
  compact?: boolean;
  /** esbuild options of this target's own, over the shared ones (the Node sandbox's is a classic script, not a module) */
  esbuild?: Record<string, unknown>;
}

/** BuiltRuntime is a built runtime module. */
export interface BuiltRuntime {
  /** the bundle's text, ending with its `//# sourceURL` */
  code: string;
  /** its name in stacks: RUNTIME_URL_PREFIX + target.name */
  url: string;
  /** wall-clock build time */
  ms: number;
}

/** runtimeUrl is the name a runtime runs under. */
export function runtimeUrl(target: RuntimeTarget): string {
  return `${RUNTIME_URL_PREFIX}${target.name}`;
}

/** runtimeOptions are esbuild's options for a sandbox runtime. */
export function runtimeOptions(target: RuntimeTarget): Record<string, unknown> {
  const url = runtimeUrl(target);
  return {
    entryPoints: [target.entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: target.platform,
    target: "es2022",
    conditions: ["source"],
    logLevel: "silent",
    legalComments: "none",
    minifyWhitespace: target.compact === true,
    minifySyntax: target.compact === true,
    // import.meta.url inside gosync would otherwise point at a data:/blob: URL it cannot resolve against.
    define: { "import.meta.url": JSON.stringify(url) },
    ...target.esbuild,
  };
}

/** buildRuntimeBundle bundles one sandbox runtime with `esbuild`; it throws with esbuild's first error. */
export async function buildRuntimeBundle(esbuild: EsbuildLike, target: RuntimeTarget): Promise<BuiltRuntime> {
  const t0 = typeof performance !== "undefined" ? performance.now() : Date.now();
  const result = await esbuild.build(runtimeOptions(target));
  const out = result.outputFiles?.[0];
  if (!out) {
    const first = result.errors[0];
    throw new Error(`synclab: esbuild produced no sandbox runtime for ${target.entry} (expected one output file)${first ? `: ${first.text}` : ""}`);
  }
  const url = runtimeUrl(target);
  const code = `${out.text}\n//# sourceURL=${url}\n`;
  const t1 = typeof performance !== "undefined" ? performance.now() : Date.now();
  return { code, url, ms: t1 - t0 };
}
