/**
 * runtime-bundle.ts — the Node sandbox's code: worker.ts with gosync, the harness and
 * @vitest/expect bundled into one ESM module by native esbuild, once per process (every Run's
 * worker reuses it; the Run's own bundle holds only the learner's code and the hidden tests).
 * Runs in the Node host (main thread).
 */
import { fileURLToPath } from "node:url";
import type { EsbuildLike } from "../core/bundle.ts";

/** RUNTIME_URL names the runtime bundle in stacks; gosync treats frames under `gosync/dist/` as its own, not the learner's. */
export const RUNTIME_URL = "synclab:///gosync/dist/node-sandbox.js";

/** RuntimeBundle is the built sandbox module. */
export interface RuntimeBundle {
  code: string;
  /** `data:` URL a Worker can start from */
  url: URL;
  ms: number;
}

let cached: Promise<RuntimeBundle> | undefined;

/** runtimeOptions are the esbuild options of the Node sandbox's module. */
export function runtimeOptions(): Record<string, unknown> {
  return {
    entryPoints: [fileURLToPath(new URL("./worker.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "es2022",
    conditions: ["source"],
    logLevel: "silent",
    legalComments: "none",
    // import.meta.url inside gosync would otherwise point at a data: URL it cannot resolve against.
    define: { "import.meta.url": JSON.stringify(RUNTIME_URL) },
  };
}

/** buildRuntime bundles the sandbox module with `esbuild`; the first call builds, later calls share the result. */
export function buildRuntime(esbuild: EsbuildLike): Promise<RuntimeBundle> {
  cached ??= (async () => {
    const t0 = performance.now();
    const result = await esbuild.build(runtimeOptions());
    const out = result.outputFiles?.[0];
    if (!out) throw new Error("synclab: esbuild produced no sandbox module (expected one output file)");
    const code = `${out.text}\n//# sourceURL=${RUNTIME_URL}\n`;
    return { code, url: new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`), ms: performance.now() - t0 };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
