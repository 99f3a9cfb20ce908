/**
 * drafts — the learner's code per exercise, saved as they type (localStorage, one key per
 * exercise). A draft records the hash of the starter it grew from: a site update that changes
 * the starter never overwrites a draft, it only flags it (the learner may Reset). Runs on the
 * page's main thread; the sandbox (opaque origin) cannot reach this storage.
 */
export interface Draft {
  version: 1;
  code: string;
  starterHash: string;
  savedAt: number;
}

const PREFIX = "synclab:draft:";

/** SAVE_DELAY_MS is how long after the last keystroke a draft is saved (the editor's and the plain editor's). */
export const SAVE_DELAY_MS = 250;

export function draftKey(exerciseId: string): string {
  return `${PREFIX}${exerciseId}`;
}

/** loadDraft returns the saved draft of the exercise, or null (none, unreadable, storage off). */
export function loadDraft(exerciseId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(exerciseId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    return d && d.version === 1 && typeof d.code === "string" ? d : null;
  } catch {
    return null;
  }
}

/** saveDraft writes the draft now; failures (quota, private mode) are ignored, the editor keeps the code. */
export function saveDraft(exerciseId: string, code: string, starterHash: string): void {
  try {
    localStorage.setItem(draftKey(exerciseId), JSON.stringify({ version: 1, code, starterHash, savedAt: Date.now() } satisfies Draft));
  } catch {
    // Storage unavailable: nothing to do but keep the code in the editor.
  }
}

export function clearDraft(exerciseId: string): void {
  try {
    localStorage.removeItem(draftKey(exerciseId));
  } catch {
    // Storage unavailable.
  }
}
