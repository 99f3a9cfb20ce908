/**
 * model-text — replacing the whole text of a Monaco model as the learner's own edit would: one
 * step of the undo stack, where `setValue` would clear it. Used where text comes from elsewhere
 * into the draft: a shared solution copied in, the reference solution from the diff, what the
 * plain editor held when Monaco took over.
 */
import type * as Monaco from "monaco-editor/editor/editor.api.js";

/** replaceUndoably sets the model's whole text as one undoable edit (unlike setValue, which clears the undo stack). */
export function replaceUndoably(model: Monaco.editor.ITextModel, text: string): void {
  model.pushStackElement();
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
  model.pushStackElement();
}
