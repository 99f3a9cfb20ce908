/**
 * runtime-bundle.ts — the Node sandbox's code: worker.ts with gosync, the harness and
 * @vitest/expect bundled into one ESM module by native esbuild (core/runtime-bundle.ts), once
 * per process (every Run's worker reuses it; the Run's own bundle holds only the learner's code
 * and the hidden tests). Runs in the Node host (main thread).
 */
import { fileURLToPath } from "node:url";
import type { EsbuildLike } from "../core/bundle.ts";
import { buildRuntimeBundle, runtimeUrl, type RuntimeTarget } from "../core/runtime-bundle.ts";

/** NODE_RUNTIME is the Node sandbox's entry and name. */
const NODE_RUNTIME: RuntimeTarget = {
  entry: fileURLToPath(new URL("./worker.ts", import.meta.url)),
  name: "node-sandbox.js",
  platform: "node",
};

/** RUNTIME_URL names the runtime bundle in stacks; gosync treats frames under `gosync/dist/` as its own, not the learner's. */
export const RUNTIME_URL = runtimeUrl(NODE_RUNTIME);

/** RuntimeBundle is the built sandbox module. */
export interface RuntimeBundle {
  code: string;
  /** `data:` URL a Worker can start from */
  url: URL;
  ms: number;
}

let cached: Promise<RuntimeBundle> | undefined;

/** buildRuntime bundles the sandbox module with `esbuild`; the first call builds, later calls share the result. */
export function buildRuntime(esbuild: EsbuildLike): Promise<RuntimeBundle> {
  cached ??= buildRuntimeBundle(esbuild, NODE_RUNTIME).then(({ code, ms }) => ({
    code,
    url: new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`),
    ms,
  }));
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
