/**
 * file-names.ts — one file name per gradebook row, for --feedback and --format gradescope:
 * the student id with anything but letters, digits, `.`, `_` and `-` written `_` (never a path,
 * never hidden), or the submission file's name for a row without an id; a name two rows would
 * share gets `-2`, `-3`… in the gradebook's order, so names are the same on every run.
 */
import type { Row } from "./gradebook.ts";

/** safeName makes a text a file name: no separators, no leading dot, at most 100 characters. */
export function safeName(text: string): string {
  const s = text.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_").slice(0, 100);
  return s || "_";
}

/** rowFileNames returns one distinct base name per row, in the rows' order. */
export function rowFileNames(rows: readonly Row[]): string[] {
  const used = new Map<string, number>();
  return rows.map((r) => {
    const base = safeName(r.studentId || (r.file.split("/").pop() ?? r.file).replace(/\.synclab\.json$/, ""));
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
