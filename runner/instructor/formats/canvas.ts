/**
 * canvas.ts — `--format canvas`: a CSV that Canvas's Gradebook imports (Grades → Import).
 * Canvas matches a row to a student by its ID, SIS User ID or SIS Login ID column and reads
 * each further column as an assignment, named as in the Gradebook (a name it does not know
 * creates that assignment); the row whose Student is "Points Possible" gives an assignment's
 * points. So: Student, ID (Canvas's own id, left empty), SIS User ID (the submission's student
 * id), SIS Login ID (empty), Section (empty), then one column named after the assignment's
 * English title with the total after the late penalty. Error rows are left out (an empty
 * cell would be imported as no grade anyway; grades.csv lists them).
 */
import { stringify } from "csv-stringify/sync";
import type { Gradebook } from "../gradebook.ts";
import { formatPoints } from "../scoring.ts";
import { spreadsheetSafe } from "./grades-csv.ts";

/** CANVAS_COLUMNS are the student columns of a Canvas gradebook import, in its order. */
export const CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

/** canvasCsv writes the gradebook for Canvas. */
export function canvasCsv(book: Gradebook): string {
  const title = book.loaded.assignment.title.en;
  const rows = book.rows.filter((r) => r.error === undefined).map((r) => [spreadsheetSafe(r.name), "", r.studentId, "", "", formatPoints(r.total)]);
  return stringify([[...CANVAS_COLUMNS, title], ["Points Possible", "", "", "", "", formatPoints(book.maxPoints)], ...rows], { record_delimiter: "\n" });
}
