/**
 * backup — one JSON file with everything the learner keeps in this browser (drafts, last Runs,
 * exercise states), to move it to another browser: `exportCourse` writes it, `parseBackup`
 * validates a file (zod; a bad file is refused with what is wrong and where, nothing imported),
 * `mergeBackup` writes it in without losing anything silently. Runs on the page's main thread.
 *
 * Merging: a draft the browser lacks, or that has the same code, is taken from the file; a draft
 * that differs is a conflict, and the caller decides (it asks the learner) whether the file's
 * replaces the browser's. A last Run is taken when it is newer than the browser's; a state when
 * it is further (passed beats attempted): progress only ever grows.
 */
import { z } from "zod";
import { TEST_STATUSES, VERDICT_STATUSES } from "../../runner/core/verdict.ts";
import { draftKey, loadDraft, type Draft } from "../exercise/drafts.ts";
import { loadProgress, progressKey, type Progress } from "../exercise/progress.ts";
import { STATE_EVENT, loadStateRecord, stateKey, type StateRecord } from "./state.ts";

/** BACKUP_FORMAT names the file's kind; BACKUP_VERSION is bumped when its shape changes (older versions stay readable). */
export const BACKUP_FORMAT = "synclab-backup";
export const BACKUP_VERSION = 1;
/** BACKUP_MAX_BYTES bounds a file read for import: 14 exercises' drafts are a few tens of KB. */
export const BACKUP_MAX_BYTES = 8 * 1024 * 1024;

const exerciseId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an exercise id (lowercase letters, digits and dashes)");

const draftSchema = z
  .object({
    version: z.literal(1).describe("the draft record's version"),
    code: z.string().max(1_000_000).describe("the learner's code"),
    starterHash: z.string().describe("hash of the starter the draft grew from"),
    savedAt: z.number().describe("when it was saved, ms since the epoch"),
  })
  .strict();

const progressSchema = z
  .object({
    version: z.literal(1).describe("the last Run record's version"),
    status: z.enum(VERDICT_STATUSES).describe("the Run's verdict"),
    tests: z.array(z.object({ name: z.string(), status: z.enum(TEST_STATUSES) }).strict()).describe("each test's name and status"),
    code: z.string().max(1_000_000).describe("the code that was run"),
    ranAt: z.number().describe("when the verdict arrived, ms since the epoch"),
  })
  .strict();

const stateSchema = z
  .object({
    version: z.literal(1).describe("the state record's version"),
    state: z.enum(["attempted", "passed"]).describe("where the learner stands"),
    since: z.number().describe("when the exercise reached it, ms since the epoch"),
  })
  .strict();

export const backupSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT).describe(`always "${BACKUP_FORMAT}"`),
    version: z.literal(BACKUP_VERSION).describe("the file format's version"),
    exportedAt: z.string().describe("when the file was written (ISO 8601)"),
    drafts: z.record(exerciseId, draftSchema).describe("drafts by exercise id"),
    progress: z.record(exerciseId, progressSchema).describe("last Runs by exercise id"),
    states: z.record(exerciseId, stateSchema).describe("states by exercise id"),
  })
  .strict();

export type Backup = z.infer<typeof backupSchema>;

/** storedIds lists the exercise ids that have a key with `prefix` in localStorage. */
function storedIds(prefix: string): string[] {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i))
      .filter((k): k is string => k?.startsWith(prefix) ?? false)
      .map((k) => k.slice(prefix.length))
      .sort();
  } catch {
    return [];
  }
}

/** exportCourse collects every draft, last Run and state of this browser (unreadable entries are left out). */
export function exportCourse(now = new Date()): Backup {
  const drafts: Record<string, Draft> = {};
  const progress: Record<string, Progress> = {};
  const states: Record<string, StateRecord> = {};
  for (const id of storedIds(draftKey(""))) {
    const d = loadDraft(id);
    if (d) drafts[id] = d;
  }
  for (const id of storedIds(progressKey(""))) {
    const p = loadProgress(id);
    if (p) progress[id] = p;
  }
  for (const id of storedIds(stateKey(""))) {
    const s = loadStateRecord(id);
    if (s) states[id] = s;
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), drafts, progress, states };
}

/** BackupProblem says why a file was refused: not JSON, or JSON of another shape (the issues, with their paths). */
export type BackupProblem = { kind: "json"; detail: string } | { kind: "format"; issues: string[] };

/** parseBackup validates a file's text; it never throws. */
export function parseBackup(text: string): { ok: true; backup: Backup } | { ok: false; problem: BackupProblem } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { kind: "json", detail: (e as Error).message } };
  }
  const parsed = backupSchema.safeParse(json);
  if (parsed.success) return { ok: true, backup: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join(".") : "(the file)"}: ${i.message}`);
  if (parsed.error.issues.length > 5) issues.push(`… (${parsed.error.issues.length - 5} more)`);
  return { ok: false, problem: { kind: "format", issues } };
}

/** conflictsOf lists the exercises whose draft in the file differs from this browser's. */
export function conflictsOf(backup: Backup): string[] {
  return Object.entries(backup.drafts)
    .filter(([id, d]) => {
      const mine = loadDraft(id);
      return mine !== null && mine.code !== d.code;
    })
    .map(([id]) => id);
}

/**
 * mergeBackup writes the file into this browser as the file comment says; `replaceConflicts`
 * decides the drafts that differ. It returns what it wrote.
 */
export function mergeBackup(backup: Backup, replaceConflicts: boolean): { drafts: number; states: number; kept: string[] } {
  const conflicts = new Set(conflictsOf(backup));
  let drafts = 0;
  const kept: string[] = [];
  for (const [id, d] of Object.entries(backup.drafts)) {
    if (conflicts.has(id) && !replaceConflicts) {
      kept.push(id);
      continue;
    }
    localStorage.setItem(draftKey(id), JSON.stringify(d));
    drafts++;
  }
  for (const [id, p] of Object.entries(backup.progress)) {
    const mine = loadProgress(id);
    if (!mine || mine.ranAt < p.ranAt) localStorage.setItem(progressKey(id), JSON.stringify(p));
  }
  const ids = new Set([...Object.keys(backup.states), ...Object.keys(backup.progress), ...Object.keys(backup.drafts)]);
  for (const [id, s] of Object.entries(backup.states)) {
    const mine = loadStateRecord(id);
    if (!mine || (mine.state === "attempted" && s.state === "passed")) localStorage.setItem(stateKey(id), JSON.stringify(s));
  }
  dispatchEvent(new CustomEvent(STATE_EVENT, { detail: {} }));
  return { drafts, states: ids.size, kept };
}
