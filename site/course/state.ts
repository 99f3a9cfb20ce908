/**
 * state — where the learner stands on each exercise: not started, attempted (edited or Run) or
 * passed (a Run passed once; a later failing Run does not take that back). Kept in localStorage
 * beside the drafts and the last Runs (drafts.ts, progress.ts), one versioned key per exercise,
 * which no site update touches. Runs on the page's main thread.
 *
 * A browser that has drafts or Runs from before these keys existed is read from them: a last
 * Run that passed counts as passed, a draft or a Run as attempted.
 */
import { loadDraft } from "../exercise/drafts.ts";
import { loadProgress } from "../exercise/progress.ts";

export type ExerciseState = "not-started" | "attempted" | "passed";

/** StateRecord is the stored form: only attempted and passed are stored (no key means not started). */
export interface StateRecord {
  version: 1;
  state: "attempted" | "passed";
  /** since is when the exercise reached this state, in ms since the epoch (the browser's clock). */
  since: number;
}

const PREFIX = "synclab:state:";

export function stateKey(exerciseId: string): string {
  return `${PREFIX}${exerciseId}`;
}

/** STATE_EVENT is dispatched on window after every change of a state, for the sidebar and the exercises page. */
export const STATE_EVENT = "synclab:state";

/** loadStateRecord returns the stored record, or null (none, unreadable, storage off). */
export function loadStateRecord(exerciseId: string): StateRecord | null {
  try {
    const raw = localStorage.getItem(stateKey(exerciseId));
    if (!raw) return null;
    const r = JSON.parse(raw) as StateRecord;
    return r && r.version === 1 && (r.state === "attempted" || r.state === "passed") && typeof r.since === "number" ? r : null;
  } catch {
    return null;
  }
}

/** exerciseState is where the learner stands on the exercise, from its record or, failing that, its draft and last Run. */
export function exerciseState(exerciseId: string): ExerciseState {
  const record = loadStateRecord(exerciseId);
  if (record) return record.state;
  const progress = loadProgress(exerciseId);
  if (progress?.status === "pass") return "passed";
  return progress || loadDraft(exerciseId) ? "attempted" : "not-started";
}

/**
 * recordState moves the exercise to `state` unless it is already further: passed stays passed.
 * Failures (quota, private mode) are ignored: the page goes on without a mark.
 */
export function recordState(exerciseId: string, state: "attempted" | "passed", now = Date.now()): void {
  const next = exerciseState(exerciseId) === "passed" ? "passed" : state;
  if (loadStateRecord(exerciseId)?.state === next) return;
  write(exerciseId, { version: 1, state: next, since: now });
}

function write(exerciseId: string, record: StateRecord): void {
  try {
    localStorage.setItem(stateKey(exerciseId), JSON.stringify(record));
  } catch {
    return;
  }
  dispatchEvent(new CustomEvent(STATE_EVENT, { detail: { id: exerciseId, state: record.state } }));
}

/** STORAGE_PREFIXES are the keys of everything the learner keeps in this browser: drafts, last Runs, states. */
export const STORAGE_PREFIXES = ["synclab:draft:", "synclab:progress:", PREFIX] as const;

/** clearCourse removes every draft, last Run and state of this browser (the reset, after the learner confirmed). */
export function clearCourse(): void {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(
      (k): k is string => k !== null && STORAGE_PREFIXES.some((p) => k.startsWith(p)),
    );
    for (const k of keys) localStorage.removeItem(k);
  } catch {
    return;
  }
  dispatchEvent(new CustomEvent(STATE_EVENT, { detail: {} }));
}
