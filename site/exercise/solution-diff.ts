/**
 * solution-diff — the reference solution beside the learner's draft, in Monaco's diff editor
 * (side by side, read-only, the site's theme), in an in-page modal dialog. The draft stays the
 * draft: only "Copy the solution into my editor" changes it, as one edit of the editor's model,
 * so Ctrl/⌘+Z brings the previous draft back. Esc or Close leaves the dialog and the focus
 * returns to what had it. Runs on the page's main thread, loaded by the controller on demand.
 */
import type * as Monaco from "monaco-editor/editor/editor.api.js";
import { replaceUndoably } from "./model-text.ts";

export interface SolutionDiffOptions {
  monaco: typeof Monaco;
  /** model is the learner's editor model: its text is the draft, and the copy edits it. */
  model: Monaco.editor.ITextModel;
  solution: string;
  labels: { title: string; draft: string; solution: string; copy: string; close: string };
  /** onCopy runs after the solution was copied into the draft (the controller marks the verdict stale). */
  onCopy: () => void;
}

let seq = 0;

/** openSolutionDiff shows the dialog inside `host`; it settles once the dialog is closed, true when the solution was copied. */
export function openSolutionDiff(host: HTMLElement, o: SolutionDiffOptions): Promise<boolean> {
  const { monaco } = o;
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const id = `sx-diff-${++seq}`;
  const dialog = document.createElement("dialog");
  dialog.className = "sx-dialog sx-diff-dialog";
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  const title = dialog.appendChild(document.createElement("h4"));
  title.id = `${id}-title`;
  title.textContent = o.labels.title;
  const legend = dialog.appendChild(document.createElement("p"));
  legend.className = "sx-diff-legend";
  const left = legend.appendChild(document.createElement("span"));
  left.textContent = o.labels.draft;
  const right = legend.appendChild(document.createElement("span"));
  right.textContent = o.labels.solution;
  const box = dialog.appendChild(document.createElement("div"));
  box.className = "sx-diff-editor";
  box.dataset.role = "solution-diff";
  const buttons = dialog.appendChild(document.createElement("div"));
  buttons.className = "sx-dialog-buttons";
  const copy = buttons.appendChild(document.createElement("button"));
  copy.type = "button";
  copy.dataset.dialog = "confirm";
  copy.textContent = o.labels.copy;
  const close = buttons.appendChild(document.createElement("button"));
  close.type = "button";
  close.dataset.dialog = "cancel";
  close.textContent = o.labels.close;
  host.append(dialog);

  const original = monaco.editor.createModel(o.model.getValue(), "typescript");
  const modified = monaco.editor.createModel(o.solution, "typescript");
  dialog.showModal();
  const diff = monaco.editor.createDiffEditor(box, {
    automaticLayout: true,
    readOnly: true,
    originalEditable: false,
    renderSideBySide: true,
    useInlineViewWhenSpaceIsLimited: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    originalAriaLabel: o.labels.draft,
    modifiedAriaLabel: o.labels.solution,
  });
  diff.setModel({ original, modified });
  close.focus();

  return new Promise((resolve) => {
    let copied = false;
    copy.addEventListener("click", () => {
      replaceUndoably(o.model, o.solution);
      copied = true;
      dialog.close();
    });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener(
      "close",
      () => {
        diff.dispose();
        original.dispose();
        modified.dispose();
        dialog.remove();
        if (copied) o.onCopy();
        if (returnTo?.isConnected && !(returnTo as HTMLButtonElement).disabled) returnTo.focus();
        resolve(copied);
      },
      { once: true },
    );
  });
}
