// monaco-internals — types for the one Monaco module the site imports that ships no .d.ts:
// the page-wide tab-focus switch behind Monaco's "Toggle Tab Key Moves Focus" (Ctrl+M).
declare module "monaco-editor/editor/browser/config/tabFocus.js" {
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(on: boolean): void;
    onDidChangeTabFocus(listener: (on: boolean) => void): { dispose(): void };
  };
}
