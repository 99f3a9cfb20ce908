/**
 * monaco-css — a Vite plugin that makes Monaco's CSS arrive with Monaco, not with the page.
 *
 * Runs in Vite (astro.config.mjs). Monaco's modules import their own .css files; Astro hoists
 * the CSS of every module a page's scripts may import, lazily or not, into every page as
 * render-blocking links (withastro/astro#9495: ~175 KB here, on pages without an editor too).
 * This plugin turns each such import into a tiny module that inlines the CSS (its url()s, such
 * as the codicon font, still become hashed assets) and appends it as a
 * <style> when the importing Monaco module is evaluated — that is, when the editor loads.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const PREFIX = "\0synclab-monaco-css:";
const MONACO = /[\\/]node_modules[\\/]monaco-editor[\\/]/;

export function monacoCssOnDemand() {
  return {
    name: "synclab-monaco-css-on-demand",
    enforce: "pre" as const,
    async resolveId(
      this: { resolve(s: string, i: string, o: { skipSelf: boolean }): Promise<{ id: string } | null> },
      source: string,
      importer: string | undefined,
    ) {
      if (!importer || !source.endsWith(".css") || !MONACO.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // The ".js" ending keeps Vite's CSS pipeline away from the virtual module.
      return resolved ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id: string) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -".js".length);
      // The CSS is taken raw (Vite's CSS minifier rejects one of Monaco's selectors); its
      // relative url()s (the codicon font) are imported with `?url` so they become assets.
      const raw = readFileSync(file, "utf8");
      const assets: string[] = [];
      const body = raw.replace(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g, (_m, _q, rel: string) => {
        assets.push(resolve(dirname(file), rel.replace(/[?#].*$/, "")));
        return `url(\u0000${assets.length - 1}\u0000)`;
      });
      return [
        ...assets.map((a, i) => `import asset${i} from ${JSON.stringify(`${a}?url`)};`),
        `const assets = [${assets.map((_, i) => `asset${i}`).join(", ")}];`,
        `const css = ${JSON.stringify(body)}.replace(/\u0000(\d+)\u0000/g, (_, i) => assets[i]);`,
        `if (typeof document !== "undefined") {`,
        `  const style = document.createElement("style");`,
        `  style.dataset.monaco = ${JSON.stringify(file.replace(/^.*monaco-editor[\\/]/, ""))};`,
        `  style.textContent = css;`,
        `  document.head.append(style);`,
        `}`,
      ].join("\n");
    },
  };
}
