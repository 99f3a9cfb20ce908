/**
 * monaco — a lean Monaco for TypeScript: the editor API, the contributions an exercise needs
 * (imported before any editor is created, or completion never shows), the TypeScript language
 * with gosync's types, and the workers through Vite `?worker` imports (Monaco's own worker
 * lookup breaks under Vite 8). Loaded by the controller, never by the page itself.
 */
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution.js";
import "monaco-editor/editor/contrib/parameterHints/browser/parameterHints.js";
import "monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js";
import "monaco-editor/editor/contrib/comment/browser/comment.js";
import "monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js";
import "monaco-editor/editor/contrib/find/browser/findController.js";
import "monaco-editor/editor/contrib/gotoError/browser/gotoError.js";
import "monaco-editor/editor/contrib/snippet/browser/snippetController2.js";
import "monaco-editor/editor/contrib/clipboard/browser/clipboard.js";
import "monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js";
import "monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js";
// Ctrl+M (⌃⇧M on a Mac) toggles whether Tab indents or moves the focus (see tabMovesFocus).
import "monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js";
import { TabFocus } from "monaco-editor/editor/browser/config/tabFocus.js";
import "monaco-editor/languages/definitions/typescript/register.js";
import { typescriptDefaults, ScriptTarget, ModuleKind, ModuleResolutionKind } from "monaco-editor/languages/features/typescript/register.js";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import TsWorker from "monaco-editor/language/typescript/ts.worker.js?worker";

/** tsWorkerGate: the TypeScript worker starts once it settles (holdTypeScriptWorker). */
let tsWorkerGate: Promise<unknown> = Promise.resolve();

/**
 * holdTypeScriptWorker delays the TypeScript worker (~1.1 MB compressed, only for diagnostics and
 * completion) until `until` settles: the page asks it to while esbuild.wasm downloads for an
 * exercise the learner is about to Run, which on a slow network would otherwise share the bandwidth.
 */
export function holdTypeScriptWorker(until: Promise<unknown>): void {
  tsWorkerGate = until.catch(() => undefined);
}

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker | Promise<Worker> {
    return label === "typescript" || label === "javascript" ? tsWorkerGate.then(() => new TsWorker()) : new EditorWorker();
  },
};

/** GosyncTypes is /exercise/gosync-types.json: every .d.ts of gosync and which one each specifier means. */
export interface GosyncTypes {
  files: Record<string, string>;
  specifiers: Record<string, string>;
}

let typesReady: Promise<void> | null = null;

/** configureTypeScript sets the compiler options and gosync's types, once per page. */
export function configureTypeScript(typesURL: string): Promise<void> {
  typesReady ??= (async () => {
    const base = "file:///node_modules/gosync/";
    let types: GosyncTypes = { files: {}, specifiers: {} };
    try {
      const r = await fetch(typesURL);
      if (r.ok) types = await r.json();
    } catch {
      // Without types the editor still works; diagnostics then flag gosync imports.
    }
    const paths: Record<string, string[]> = {};
    for (const [spec, file] of Object.entries(types.specifiers)) paths[spec] = [`${base}${file}`];
    typescriptDefaults.setCompilerOptions({
      target: ScriptTarget.ESNext,
      module: ModuleKind.ESNext,
      moduleResolution: ModuleResolutionKind.NodeJs,
      lib: ["lib.esnext.d.ts", "lib.webworker.d.ts"],
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      allowNonTsExtensions: true,
      baseUrl: "file:///",
      paths,
    });
    typescriptDefaults.setEagerModelSync(true);
    for (const [file, text] of Object.entries(types.files)) typescriptDefaults.addExtraLib(text, `${base}${file}`);
  })();
  return typesReady;
}

/**
 * THEMES are the editor's colours in Starlight's light and dark themes: Monaco's own, with line
 * numbers dark (or light) enough to read against the background (4.5:1 or more; Monaco's
 * inactive line numbers measured 1.75:1 in axe). The number of an empty last line, which Monaco
 * dims (renderFinalNewline), is as readable as the others: axe measured it 1.8:1 (light) and
 * 2.2:1 (dark) with the editor scrolled to the end.
 */
const THEMES = { light: "synclab-light", dark: "synclab-dark" } as const;
monaco.editor.defineTheme(THEMES.light, {
  base: "vs",
  inherit: true,
  rules: [],
  colors: { "editorLineNumber.foreground": "#5c6370", "editorLineNumber.dimmedForeground": "#5c6370", "editorLineNumber.activeForeground": "#1f2328" },
});
monaco.editor.defineTheme(THEMES.dark, {
  base: "vs-dark",
  inherit: true,
  // Comments: vs-dark's green measured 4.47:1 on this background.
  rules: [{ token: "comment", foreground: "7fae6b" }],
  colors: {
    "editor.background": "#17181c",
    "editorLineNumber.foreground": "#a0a6b0",
    "editorLineNumber.dimmedForeground": "#a0a6b0",
    "editorLineNumber.activeForeground": "#e6e6e6",
  },
});

/** siteTheme is the theme Starlight shows now: `data-theme` on <html>, "dark" or "light". */
export function siteTheme(): "light" | "dark" {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** editorTheme is the Monaco theme name matching the site's theme now. */
export function editorTheme(): string {
  return THEMES[siteTheme()];
}

// Monaco's theme is global to the page: one observer switches every editor and diff view the
// moment Starlight's theme picker changes `data-theme`.
monaco.editor.setTheme(editorTheme());
new MutationObserver(() => monaco.editor.setTheme(editorTheme())).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ["data-theme"],
});

/**
 * tabMovesFocus is Monaco's tab-focus mode, for every editor of the page: on (the default here),
 * Tab and Shift+Tab move the focus out of the editor like in any text field, so the keyboard is
 * never trapped (WCAG 2.1.2); off, they indent. Ctrl+M (⌃⇧M on a Mac) or the toolbar's toggle
 * switches it; onTabFocusChange tells the toggles.
 */
export const tabMovesFocus = {
  get: (): boolean => TabFocus.getTabFocusMode(),
  set: (on: boolean): void => TabFocus.setTabFocusMode(on),
  onChange: (fn: (on: boolean) => void): void => void TabFocus.onDidChangeTabFocus(fn),
};
TabFocus.setTabFocusMode(true);

export { monaco };
