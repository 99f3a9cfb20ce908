/**
 * build-sandbox — builds /sandbox.html, the isolated document the page runs learner code in.
 *
 * Runs in Node at site build (and in `astro dev`), from site/pages/sandbox.html.ts. Native
 * esbuild bundles the bundler worker (esbuild-wasm's browser API), the run worker (harness +
 * gosync, pre-bundled once here so a Run never re-bundles them) and the host script; the two
 * worker sources are inlined into the host, which turns them into Blob workers (an opaque-origin
 * document may not start a Worker from a site URL). The host is inlined into the HTML and
 * allowed by its sha256 in the CSP: no other script, no network, no storage.
 */
import { build } from "esbuild";
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
    `script-src 'sha256-${scriptHash}' blob: 'wasm-unsafe-eval'`,
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
    const [bundler, runner] = await Promise.all([
      bundleScript(`${here}bundler-worker.ts`),
      bundleScript(`${here}run-worker.ts`),
    ]);
    const host = await bundleScript(`${here}sandbox-host.ts`, {
      __BUNDLER_SOURCE__: JSON.stringify(bundler),
      __RUNNER_SOURCE__: JSON.stringify(runner),
    });
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
