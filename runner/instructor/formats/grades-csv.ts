/**
 * grades-csv.ts — grades.csv, the default output of `synclab grade` (csv-stringify). Columns:
 * student_id, name, one column per exercise (its id: points earned), late_days, late_penalty,
 * total, flags, file, error. One row per submission file in the gradebook's order; points with
 * two decimals; no timestamp or timing anywhere, so grading the same files again, with any
 * --jobs or sharded and merged, writes the same bytes.
 */
import { stringify } from "csv-stringify/sync";
import type { Gradebook } from "../gradebook.ts";
import { formatPoints } from "../scoring.ts";

/**
 * spreadsheetSafe keeps a student-typed text from being read as a formula when a CSV is opened
 * in a spreadsheet (CSV injection: a name like `=HYPERLINK(…)`): a text starting with = + - @,
 * a tab or a carriage return gets a leading apostrophe. Only names go through it; ids are
 * written as typed, since the LMS matches rows by them.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** gradesCsvHeader is grades.csv's header row for an assignment's exercise ids. */
export function gradesCsvHeader(exerciseIds: readonly string[]): string[] {
  return ["student_id", "name", ...exerciseIds, "late_days", "late_penalty", "total", "flags", "file", "error"];
}

/** gradesCsv writes the gradebook as grades.csv. */
export function gradesCsv(book: Gradebook): string {
  const ids = book.loaded.assignment.exercises.map((e) => e.id);
  const rows = book.rows.map((r) => [
    r.studentId,
    spreadsheetSafe(r.name),
    ...r.points.map(formatPoints),
    String(r.lateness.daysLate),
    formatPoints(r.penalty),
    formatPoints(r.total),
    r.flags.join("; "),
    r.file,
    r.error ?? "",
  ]);
  return stringify([gradesCsvHeader(ids), ...rows], { record_delimiter: "\n" });
}
