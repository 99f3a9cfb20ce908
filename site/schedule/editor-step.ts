/**
 * editor-step — the timeline's current step in the editor: the line the goroutine that ran it
 * was at, highlighted as a whole line in a Monaco editor and scrolled into view, and written on
 * a root element's data attributes (`data-highlight-line`, `-step`, `-goroutine`) for whatever
 * follows the page (its tests). The playground and the exercises' Schedule view share it.
 *
 * A location in the hidden tests (`hidden.test.ts:L:C`) clears the highlight: that file is not
 * in the editor. Runs on the page's main thread, with the page's Monaco (passed in, so this file
 * adds nothing to a bundle that has not loaded Monaco).
 */
import type * as Monaco from "monaco-editor/editor/editor.api.js";

/** StepHighlight follows a timeline's cursor in one editor. */
export interface StepHighlight {
  /** onStep fits TimelineOptions.onStep: it highlights the line `location` names, or clears the highlight. */
  onStep(step: number, goroutine: number, location: string | undefined): void;
  /** clear removes the highlight and the root's data attributes. */
  clear(): void;
}

/** LOCATION splits a `file:line:col` location. */
const LOCATION = /^(.*):(\d+):(\d+)$/;

/**
 * stepHighlighter highlights in `editor` (with `monaco`'s Range) the line of each step it is
 * told of, the line's decoration carrying `className` (the page styles it), and records the
 * step on `root`'s dataset.
 */
export function stepHighlighter(monaco: typeof Monaco, editor: Monaco.editor.ICodeEditor, root: HTMLElement, className: string): StepHighlight {
  const highlight = editor.createDecorationsCollection();
  const clear = () => {
    highlight.clear();
    delete root.dataset.highlightLine;
    delete root.dataset.highlightStep;
    delete root.dataset.highlightGoroutine;
  };
  return {
    clear,
    onStep(step, goroutine, location) {
      const m = location ? LOCATION.exec(location) : null;
      if (!m || /hidden\.test\.ts$/.test(m[1]!)) return clear();
      const line = Number(m[2]);
      highlight.set([{ range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className } }]);
      editor.revealLineInCenterIfOutsideViewport(line);
      root.dataset.highlightLine = String(line);
      root.dataset.highlightStep = String(step);
      root.dataset.highlightGoroutine = String(goroutine);
    },
  };
}
