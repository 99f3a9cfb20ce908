/**
 * build-sandbox — builds /sandbox.html, the isolated document the page runs learner code in.
 *
 * Runs in Node at site build (and in `astro dev`), from site/pages/sandbox.html.ts and
 * site/pages/exercise/gosync/dist/browser-sandbox.js.ts. Native esbuild bundles:
 * - the bundler worker (esbuild-wasm's browser API + core's bundleRun), inlined into the host
 *   script, which turns it into a Blob worker (an opaque-origin document may not start a Worker
 *   from a site URL); the host is inlined into the HTML and allowed by its sha256 in the CSP: no
 *   other script, no network, no storage;
 * - the run workers' runtime (run-worker.ts: gosync + harness, core/runtime-bundle.ts, the same
 *   builder as the Node host's), served as its own file under a path containing `gosync/dist/`;
 *   the page fetches it and hands its bytes to the sandbox, which may not fetch anything.
 */
import * as esbuild from "esbuild";
import { build } from "esbuild";
import { buildRuntimeBundle, type BuiltRuntime } from "../core/runtime-bundle.ts";
import type { EsbuildLike } from "../core/bundle.ts";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Astro's build runs this file from a bundled chunk under dist/, where import.meta.url no longer
// points at the sources; the project root (the build's working directory) still does.
const here = [fileURLToPath(new URL(".", import.meta.url)), resolve(process.cwd(), "runner/browser") + "/"].find((dir) =>
  existsSync(`${dir}bundler-worker.ts`),
)!;

/** SANDBOX_CSP is the policy of the sandbox document (and, inherited, of its Blob workers). */
export function sandboxCsp(scriptHash: string): string {
  return [
    "default-src 'none'",
    // blob: for the workers and the runtime; 'unsafe-eval' for ses, which evaluates each Run's
    // program in a Compartment (core/compartment.ts). The opaque origin and connect-src 'none'
    // are the walls: code in here already is arbitrary learner code.
    `script-src 'sha256-${scriptHash}' blob: 'unsafe-eval' 'wasm-unsafe-eval'`,
    "worker-src blob:",
    "child-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "manifest-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

async function bundleScript(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

let cached: Promise<string> | null = null;

/** buildSandboxHtml returns the sandbox document; built once per process. */
export function buildSandboxHtml(): Promise<string> {
  cached ??= (async () => {
    const bundler = await bundleScript(`${here}bundler-worker.ts`);
    const host = await bundleScript(`${here}sandbox-host.ts`, { __BUNDLER_SOURCE__: JSON.stringify(bundler) });
    // A literal "</script" inside the inlined sources would end the script element early.
    const script = host.replace(/<\/(script)/gi, "<\\/$1");
    const hash = createHash("sha256").update(script).digest("base64");
    return [
      "<!doctype html>",
      '<html lang="en"><head><meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${sandboxCsp(hash)}">`,
      '<meta name="robots" content="noindex">',
      "<title>SyncLab sandbox</title></head><body>",
      `<script>${script}</script>`,
      "</body></html>",
    ].join("\n");
  })();
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

let runtime: Promise<BuiltRuntime> | null = null;

/** buildBrowserRuntime returns the run workers' runtime module (gosync + harness); built once per process. */
export function buildBrowserRuntime(): Promise<BuiltRuntime> {
  runtime ??= buildRuntimeBundle(esbuild as unknown as EsbuildLike, {
    entry: `${here}run-worker.ts`,
    name: "browser-sandbox.js",
    platform: "browser",
    compact: true,
  });
  runtime.catch(() => {
    runtime = null;
  });
  return runtime;
}
