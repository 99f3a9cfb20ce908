/**
 * moodle.ts — `--format moodle`: a CSV for Moodle's grade import (Grades → Import → CSV file).
 * Moodle asks, on import, which column identifies the user ("Map from") and which user field
 * it is ("Map to": ID number, email, username…), and which column goes to which grade item or
 * its feedback. The columns are named the way Moodle's own export names them, so the mapping
 * is the obvious one: "ID number" (the submission's student id: map it to the user's ID
 * number), "Full name", then "<assignment title> (Real)" (the total after the late penalty)
 * and "Feedback" (points per exercise and the late penalty, one line). Error rows are left out.
 */
import { stringify } from "csv-stringify/sync";
import type { Gradebook } from "../gradebook.ts";
import { formatPoints } from "../scoring.ts";
import { spreadsheetSafe } from "./grades-csv.ts";

/** MOODLE_ID_COLUMN is the column to map from (to the user field "ID number"). */
export const MOODLE_ID_COLUMN = "ID number";

/** moodleCsv writes the gradebook for Moodle. */
export function moodleCsv(book: Gradebook): string {
  const a = book.loaded.assignment;
  const rows = book.rows
    .filter((r) => r.error === undefined)
    .map((r) => {
      const parts = a.exercises.map((e, i) => `${e.id} ${formatPoints(r.points[i]!)}/${formatPoints(e.points)}`);
      if (r.lateness.daysLate > 0) parts.push(`late ${r.lateness.daysLate}d -${formatPoints(r.penalty)}`);
      return [r.studentId, spreadsheetSafe(r.name), formatPoints(r.total), parts.join("; ")];
    });
  return stringify([[MOODLE_ID_COLUMN, "Full name", `${a.title.en} (Real)`, "Feedback"], ...rows], { record_delimiter: "\n" });
}
