import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * modulePreload is an Astro integration that lists, in each page's <head>, every module the
 * page's module scripts import statically, as `<link rel="modulepreload">` — what Vite does for
 * an HTML entry, and Astro does not for a component's script. Without it the browser finds each
 * import only once the module that imports it has arrived, one round trip per level, and module
 * scripts run in the page's order: the Exercise island waited behind the sidebar's three levels
 * (measured at 20 Mbit/s, 40 ms RTT: the island started ~0.7 s after the page was requested).
 * Nothing more is loaded than before; the same files are asked for at once.
 *
 * The static imports are the client build's own (Rollup's chunk.imports, recorded while the
 * bundle is written); the pages are rewritten at the end of the build, before the service
 * worker's precache list is made from them (offlineSite must come after this integration).
 */
export function modulePreload(): AstroIntegration {
  /** imports: each chunk's file name in the build (`_astro/x.js`) → the chunks it imports statically. */
  const imports = new Map<string, string[]>();
  const record: Plugin = {
    name: "synclab:modulepreload-graph",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === "chunk") imports.set(chunk.fileName, chunk.imports);
    },
  };
  let base = "/";
  return {
    name: "synclab:modulepreload",
    hooks: {
      "astro:config:setup": ({ config, updateConfig }) => {
        base = config.base.replace(/\/?$/, "/");
        updateConfig({ vite: { plugins: [record] } });
      },
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        let pages = 0;
        for (const file of await htmlFiles(root)) {
          const html = await readFile(file, "utf8");
          const next = withModulePreloads(html, base, imports);
          if (next === html) continue;
          await writeFile(file, next);
          pages++;
        }
        logger.info(`module preloads listed in ${pages} pages`);
      },
    },
  };
}

/**
 * withModulePreloads returns `html` with a modulepreload link, before </head>, for every module
 * its `<script type="module" src>` scripts import statically (transitively) that no script or
 * link of the page already names; `html` itself when there is none to add.
 */
export function withModulePreloads(html: string, base: string, imports: ReadonlyMap<string, readonly string[]>): string {
  const named = new Set<string>();
  const entries: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) entries.push(m[1]);
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)) named.add(m[1]);
  const wanted: string[] = [];
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    for (const dep of imports.get(fileName) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (!named.has(base + dep)) wanted.push(base + dep);
      visit(dep);
    }
  };
  for (const src of entries) if (src.startsWith(base)) visit(src.slice(base.length));
  if (wanted.length === 0 || !html.includes("</head>")) return html;
  const links = wanted.map((href) => `<link rel="modulepreload" href="${href}">`).join("");
  return html.replace("</head>", `${links}</head>`);
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith(".html")) out.push(path);
  }
  return out;
}
