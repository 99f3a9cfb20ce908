/**
 * plain-editor — the exercise's code, editable the moment the learner reaches for it, before the
 * editor (Monaco: ~1 MB of script, which starts loading as the exercise nears the viewport and
 * takes ~0.6–1 s to arrive and start on a two-core machine) is there. Runs on the page's main
 * thread, from island.ts; a few hundred bytes.
 *
 * The static preview (the starter, highlighted at build) becomes a plain <textarea> holding the
 * learner's draft, or the starter, when it is clicked or focused; a click puts the caret where it
 * landed. What is typed there is saved as the draft, as the editor saves it (drafts.ts), so it
 * outlives a page closed before the editor came. Tab leaves it, as it leaves any textarea.
 *
 * The controller hands it over to Monaco (takePlainEditor, then handOver): the text, as one
 * undoable edit over the draft the editor loaded; the selection; the scroll; the focus. While an
 * input method composes (Chinese, Japanese…) the hand-over waits for the composition to end, so
 * no keystroke and no half-composed word is lost.
 */
import { SAVE_DELAY_MS, loadDraft, saveDraft } from "./drafts.ts";

/** PlainState is what the plain editor held when the controller took it. */
export interface PlainState {
  /** the text as the learner left it */
  text: string;
  /** the text it started from (the draft, or the starter) */
  from: string;
  start: number;
  end: number;
  backward: boolean;
  scrollTop: number;
  scrollLeft: number;
}

/** open holds, for each editor host whose plain editor is open, its textarea and what the hand-over reads of it. */
const open = new WeakMap<HTMLElement, { area: HTMLTextAreaElement; from: string; composing: () => boolean; ended: () => Promise<void>; lastInput: () => number }>();

/**
 * QUIET_MS is how long the learner must have stopped typing in the plain editor before Monaco
 * takes over: creating the editor keeps the page busy for ~0.2 s, which in mid-word would hold
 * the next keystrokes back (measured on two cores: a typed line echoed ~0.2 s later).
 */
const QUIET_MS = 300;

interface Payload {
  id: string;
  starter: string;
  starterHash: string;
}

/**
 * armPlainEditor lets the learner edit the exercise under `root` before the editor is live: a
 * click (or touch) on its code, or the focus reaching it by keyboard, opens the plain editor.
 * Not on a share link to this exercise, whose code the editor shows read-only.
 */
export function armPlainEditor(root: HTMLElement): void {
  const host = root.querySelector<HTMLElement>('[data-role="editor"]');
  const preview = host?.querySelector<HTMLElement>('[data-role="static"]');
  if (!host || !preview) return;
  const closed = () => root.dataset.mounted === "live" || open.has(host) || location.hash.startsWith(`#share:${root.dataset.exercise}:`);
  host.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || closed()) return;
    // No focus or selection of the browser's own: the textarea takes both.
    e.preventDefault();
    openPlainEditor(root, host, preview, (lines) => offsetAt(preview, e.clientX, e.clientY, lines));
  });
  host.addEventListener("focusin", (e) => {
    if (e.target !== host || closed()) return;
    openPlainEditor(root, host, preview, () => 0);
  });
}

/** openPlainEditor puts the textarea in place of the preview, focused, its caret at `caretAt(lines)`. */
function openPlainEditor(root: HTMLElement, host: HTMLElement, preview: HTMLElement, caretAt: (lines: string[]) => number | null): void {
  let data: Payload;
  try {
    data = JSON.parse(root.querySelector('script[data-role="data"]')?.textContent ?? "") as Payload;
  } catch {
    return; // no payload: the editor, once live, says what is wrong
  }
  if (typeof data?.starter !== "string") return;
  const from = loadDraft(data.id)?.code ?? data.starter;
  const caret = Math.min(caretAt(from.split("\n")) ?? 0, from.length);
  const area = document.createElement("textarea");
  area.className = "sx-plain";
  area.value = from;
  area.spellcheck = false;
  area.wrap = "off";
  for (const [k, v] of [["autocapitalize", "off"], ["autocomplete", "off"], ["autocorrect", "off"], ["aria-label", `${data.id}/solution.ts`]]) area.setAttribute(k!, v!);
  area.style.height = `${Math.max(preview.getBoundingClientRect().height, 192)}px`;
  let composing = false;
  let composed: (() => void) | null = null;
  area.addEventListener("compositionstart", () => (composing = true));
  area.addEventListener("compositionend", () => {
    composing = false;
    composed?.();
    composed = null;
  });
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (open.get(host)?.area === area) saveDraft(data.id, area.value, data.starterHash);
  };
  let lastInput = -Infinity;
  area.addEventListener("input", () => {
    lastInput = performance.now();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  });
  addEventListener("pagehide", () => saveTimer !== undefined && save());
  open.set(host, {
    area,
    from,
    composing: () => composing,
    ended: () => new Promise<void>((resolve) => (composed = resolve)),
    lastInput: () => lastInput,
  });
  // The host stops being a stop of its own in the Tab order: Shift+Tab from the textarea leaves.
  host.removeAttribute("tabindex");
  host.replaceChildren(area);
  area.focus({ preventScroll: true });
  area.setSelectionRange(caret, caret);
}

/**
 * offsetAt is the offset in `lines` (the code, split at line ends) of the point (x, y) of the
 * preview, in Expressive Code's rendering (a `.ec-line` per line of code), clamped to `lines` (a
 * draft may differ from the starter the preview shows); null when the point is on no line. The
 * line and column are where the browser puts a caret there; for a preview not drawn yet (it is
 * `content-visibility: auto`, and hit testing skips it until a frame has drawn it), the line
 * whose box holds y and the column x falls in, the code being monospace.
 */
function offsetAt(preview: HTMLElement, x: number, y: number, lines: string[]): number | null {
  const rows = Array.from(preview.querySelectorAll<HTMLElement>(".ec-line"));
  const text = (line: HTMLElement) => line.querySelector(".code") ?? line;
  let row = -1;
  let column = 0;
  const hit = caretAtPoint(x, y);
  const line = hit && preview.contains(hit.node) ? (hit.node instanceof Element ? hit.node : hit.node.parentElement)?.closest<HTMLElement>(".ec-line") : null;
  if (line) {
    row = rows.indexOf(line);
    const before = document.createRange();
    before.setStart(text(line), 0);
    before.setEnd(hit!.node, hit!.offset);
    column = before.toString().replace(/\n/g, "").length;
  } else {
    row = rows.findIndex((r) => {
      const b = r.getBoundingClientRect();
      return y >= b.top && y < b.bottom;
    });
    if (row >= 0) {
      const all = document.createRange();
      all.selectNodeContents(text(rows[row]!));
      const chars = all.toString().replace(/\n/g, "").length;
      const box = all.getBoundingClientRect();
      column = chars > 0 && box.width > 0 ? Math.max(0, Math.round((x - box.left) / (box.width / chars))) : 0;
    }
  }
  if (row < 0) return null;
  row = Math.min(row, lines.length - 1);
  let at = Math.min(column, lines[row]!.length);
  for (let i = 0; i < row; i++) at += lines[i]!.length + 1;
  return at;
}

/** caretAtPoint is where the browser puts a caret at (x, y): its node and offset, or null. */
function caretAtPoint(x: number, y: number): { node: Node; offset: number } | null {
  const doc = document as Document & { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null };
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) return { node: pos.offsetNode, offset: pos.offset };
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/** plainEditorStart is the text the plain editor in `host` started from, or null when none is open. */
export function plainEditorStart(host: HTMLElement): string | null {
  return open.get(host)?.from ?? null;
}

/**
 * takePlainEditor returns what the plain editor in `host` holds, once the learner has paused
 * typing there for QUIET_MS and no composition is under way, and closes it for good (its
 * textarea stays in place, read, until the caller replaces it); null when none was opened. Read
 * the result and replace the textarea in the same task: input that comes later goes wherever the
 * focus is then.
 */
export async function takePlainEditor(host: HTMLElement): Promise<PlainState | null> {
  const plain = open.get(host);
  if (!plain) return null;
  for (;;) {
    if (plain.composing()) await plain.ended();
    const wait = plain.lastInput() + QUIET_MS - performance.now();
    if (wait <= 0 && !plain.composing()) break;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  open.delete(host);
  const { area, from } = plain;
  return {
    text: area.value,
    from,
    start: area.selectionStart,
    end: area.selectionEnd,
    backward: area.selectionDirection === "backward",
    scrollTop: area.scrollTop,
    scrollLeft: area.scrollLeft,
  };
}
