/**
 * monaco-lean-workers — a Vite plugin that keeps Monaco's TypeScript mode from loading every
 * editor contribution there is.
 *
 * Runs in Vite (astro.config.mjs). monaco-editor 0.57's language modes reach their worker
 * through `vs/internal/common/workers.js`, which, besides `createWebWorker`, imports ~70 editor
 * contributions for their side effects (folding, sticky scroll, inline completions, the diff
 * editor, quick access, …: ~600 KB of JS and their CSS). Loaded with the TS mode, right after the
 * editor is created, they cost a long task and a page-wide style recalculation just when the
 * learner starts typing (measured: tsMode chunk 631 KB, 54 ms to evaluate, then a 37 ms style
 * recalc), and they are useless there: contributions only attach to editors created after them,
 * so the editor already on screen never gets them — only a second exercise on the page would.
 * This plugin drops those side-effect imports from that one file; Monaco's own
 * `createWebWorker` stays as it is. The contributions an exercise does want are imported by
 * site/exercise/monaco.ts before its editor is created.
 */
const WORKERS = /[\\/]node_modules[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/;
/** A side-effect-only import of an editor or platform module: `import '../../editor/…js';`. */
const SIDE_EFFECT_IMPORT = /^import\s+['"]\.\.\/\.\.\/(?:editor|platform)\/[^'"]+\.js['"];?[ \t]*$/gm;

export function monacoLeanWorkers() {
  return {
    name: "synclab-monaco-lean-workers",
    enforce: "pre" as const,
    transform(code: string, id: string) {
      if (!WORKERS.test(id.replace(/\?.*$/, ""))) return null;
      const lean = code.replace(SIDE_EFFECT_IMPORT, "");
      // If Monaco reshapes the file so that createWebWorker is gone, fail the build loudly
      // rather than ship a TS mode that cannot start its worker.
      if (!/\bcreateWebWorker\b/.test(lean)) {
        throw new Error(`monaco-lean-workers: ${id} no longer defines createWebWorker (expected monaco-editor 0.57's vs/internal/common/workers.js)`);
      }
      return { code: lean, map: null };
    },
  };
}
