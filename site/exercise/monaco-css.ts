/**
 * monaco-css — a Vite plugin that makes Monaco's CSS arrive with Monaco, not with the page.
 *
 * Runs in Vite (astro.config.mjs). Monaco's modules import their own .css files; Astro hoists
 * the CSS of every module a page's scripts may import, lazily or not, into every page as
 * render-blocking links (withastro/astro#9495: ~175 KB here, on pages without an editor too).
 * This plugin turns each such import into a tiny module that inlines the CSS (its url()s, such
 * as the codicon font, still become hashed assets) and hands it to one shared sheet module,
 * which appends everything handed to it during one module evaluation as a single <style> — that
 * is, when the editor loads.
 *
 * One <style> per evaluation rather than one per file: Monaco's modules query the document
 * while they are evaluated (clipboard.js calls document.queryCommandSupported at top level,
 * which brings style and layout up to date), so styles appended file by file meant a
 * page-wide style recalculation and layout in the middle of Monaco's evaluation (measured:
 * 47 ms on a chapter page) and another one when the editor was created. Appended in a
 * microtask, the sheet lands after the whole chunk has been evaluated and before the code
 * that awaited the import (the editor's creation) continues, in the files' import order.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const PREFIX = "\0synclab-monaco-css:";
const SHEET = "\0synclab-monaco-css-sheet.js";
const SHEET_IMPORT = "synclab:monaco-css-sheet";
const MONACO = /[\\/]node_modules[\\/]monaco-editor[\\/]/;

/** SHEET_MODULE collects CSS texts and appends them as one <style data-monaco> per microtask. */
const SHEET_MODULE = [
  `const pending = [];`,
  `export function addMonacoCss(css) {`,
  `  if (typeof document === "undefined") return;`,
  `  if (pending.push(css) > 1) return;`,
  `  queueMicrotask(() => {`,
  `    const style = document.createElement("style");`,
  `    style.dataset.monaco = "";`,
  `    style.textContent = pending.join("\\n");`,
  `    pending.length = 0;`,
  `    document.head.append(style);`,
  `  });`,
  `}`,
].join("\n");

export function monacoCssOnDemand() {
  return {
    name: "synclab-monaco-css-on-demand",
    enforce: "pre" as const,
    async resolveId(
      this: { resolve(s: string, i: string, o: { skipSelf: boolean }): Promise<{ id: string } | null> },
      source: string,
      importer: string | undefined,
    ) {
      if (source === SHEET_IMPORT) return SHEET;
      if (!importer || !source.endsWith(".css") || !MONACO.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // The ".js" ending keeps Vite's CSS pipeline away from the virtual module.
      return resolved ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id: string) {
      if (id === SHEET) return SHEET_MODULE;
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -".js".length);
      // The CSS is taken raw (Vite's CSS minifier rejects one of Monaco's selectors); its
      // relative url()s (the codicon font) are imported with `?url` so they become assets.
      const raw = readFileSync(file, "utf8");
      const assets: string[] = [];
      const parts = raw.split(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g);
      // split() with two groups yields [text, quote, path, text, quote, path, …, text].
      const pieces: string[] = [];
      for (let i = 0; i < parts.length; i += 3) {
        pieces.push(JSON.stringify(parts[i]));
        if (i + 2 < parts.length) {
          assets.push(resolve(dirname(file), parts[i + 2].replace(/[?#].*$/, "")));
          pieces.push(`"url(" + JSON.stringify(asset${assets.length - 1}) + ")"`);
        }
      }
      return [
        `import { addMonacoCss } from ${JSON.stringify(SHEET_IMPORT)};`,
        ...assets.map((a, i) => `import asset${i} from ${JSON.stringify(`${a}?url`)};`),
        `addMonacoCss(${pieces.join(" + ")});`,
      ].join("\n");
    },
  };
}
