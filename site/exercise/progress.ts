/**
 * progress — the learner's last Run of each exercise: its status, each test's name and status,
 * the code that was run and when (localStorage, one key per exercise, beside the drafts). The
 * editor controller writes it after every verdict, in a chapter or on an assignment page alike,
 * so an exercise solved in its chapter shows as passing on an assignment that lists it, and a
 * submission can carry the client's verdicts. Runs on the page's main thread; the sandbox
 * (opaque origin) cannot reach this storage.
 *
 * A Progress is the browser's own claim, nothing more: `synclab grade` judges the code again
 * and flags a submission whose recorded verdict its regrade contradicts.
 */
import type { TestStatus, Verdict, VerdictStatus } from "../../runner/browser/protocol.ts";

export interface Progress {
  version: 1;
  /** status is the Verdict's overall status. */
  status: VerdictStatus;
  /** tests are the Verdict's tests, names and statuses only (the full report stays on screen). */
  tests: { name: string; status: TestStatus }[];
  /** code is the learner's file as it was run: a later edit makes this Run stale (see isCurrent). */
  code: string;
  /** ranAt is when the verdict arrived, in ms since the epoch (the browser's clock). */
  ranAt: number;
}

const PREFIX = "synclab:progress:";

export function progressKey(exerciseId: string): string {
  return `${PREFIX}${exerciseId}`;
}

/** progressOf reduces a Verdict to what Progress keeps. */
export function progressOf(verdict: Verdict, code: string, ranAt = Date.now()): Progress {
  return { version: 1, status: verdict.status, tests: verdict.tests.map((t) => ({ name: t.name, status: t.status })), code, ranAt };
}

/** loadProgress returns the exercise's last Run, or null (none, unreadable, storage off). */
export function loadProgress(exerciseId: string): Progress | null {
  try {
    const raw = localStorage.getItem(progressKey(exerciseId));
    if (!raw) return null;
    const p = JSON.parse(raw) as Progress;
    return p && p.version === 1 && typeof p.status === "string" && typeof p.code === "string" && Array.isArray(p.tests) ? p : null;
  } catch {
    return null;
  }
}

/** saveProgress records the exercise's last Run; failures (quota, private mode) are ignored, the panel still shows the verdict. */
export function saveProgress(exerciseId: string, progress: Progress): void {
  try {
    localStorage.setItem(progressKey(exerciseId), JSON.stringify(progress));
  } catch {
    // Storage unavailable: the verdict is on screen all the same.
  }
}

/** isCurrent tells whether the recorded Run judged exactly this code (an edit since makes it stale). */
export function isCurrent(progress: Progress | null, code: string): progress is Progress {
  return progress !== null && progress.code === code;
}
