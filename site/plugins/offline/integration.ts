import type { AstroIntegration } from "astro";
import { fileURLToPath } from "node:url";
import { generateSW } from "workbox-build";

/** SERVICE_WORKER is the service worker's file name at the site's root (its scope is the whole site). */
export const SERVICE_WORKER = "sw.js";

/**
 * PRECACHE_LIMIT is the largest file the service worker precaches. The biggest the site has is
 * the TypeScript worker (~7 MB); esbuild.wasm is ~14 MB as is. Anything bigger fails the build
 * instead of silently missing offline.
 */
const PRECACHE_LIMIT = 24 * 1024 * 1024;

/**
 * offlineSite is an Astro integration that writes `sw.js`, a Workbox service worker that
 * precaches every file of the build (pages, search index, editor, esbuild.wasm, the gosync
 * runtime, diagrams), so the whole site works with the network off after the first visit. Runs
 * in Node at the end of `astro build`; `astro dev` gets no service worker.
 *
 * Each file is precached under a revision (its content hash), so a new deploy re-fetches only
 * what changed and deletes the old copies; the learner's drafts and progress live in
 * localStorage, which a service worker never touches. A new worker waits until the page asks it
 * to take over (site/offline/register.ts shows "update ready"), so a page never mixes files of two
 * builds. Must come before the compressor in `integrations`, so that sw.js is compressed too.
 */
export function offlineSite(): AstroIntegration {
  return {
    name: "synclab:offline",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const { count, size, warnings } = await generateSW({
          globDirectory: root,
          globPatterns: ["**/*"],
          // The build's precompressed copies are the same files again; the browser gets them by
          // Accept-Encoding when the worker fetches the originals.
          globIgnores: ["**/*.br", "**/*.gz", SERVICE_WORKER, "workbox-*.js"],
          swDest: `${root}/${SERVICE_WORKER}`,
          maximumFileSizeToCacheInBytes: PRECACHE_LIMIT,
          // /en/pitfalls/ is served from /en/pitfalls/index.html.
          directoryIndex: "index.html",
          // Hashed build assets carry their version in the name; no cache-busting query needed.
          dontCacheBustURLsMatching: /^_astro\//,
          cleanupOutdatedCaches: true,
          // One self-contained file, no workbox-*.js beside it and nothing from a CDN.
          inlineWorkboxRuntime: true,
          mode: "production",
          sourcemap: false,
        });
        for (const warning of warnings) logger.warn(warning);
        if (warnings.some((w) => /maximumFileSizeToCacheInBytes/.test(w))) {
          throw new Error(`synclab:offline: a file is bigger than ${PRECACHE_LIMIT} bytes and would be missing offline (see the warning above); raise PRECACHE_LIMIT in site/plugins/offline/integration.ts`);
        }
        logger.info(`${SERVICE_WORKER} precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MB`);
      },
    },
  };
}
