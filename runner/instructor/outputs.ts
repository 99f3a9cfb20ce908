/**
 * outputs.ts — writes a gradebook where `synclab grade` (or `grade merge`) was told to (Node):
 * `--out` in the chosen `--format`, `--report`, `--feedback`. Folders are made as needed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { feedbackText } from "./feedback.ts";
import { rowFileNames } from "./file-names.ts";
import { canvasCsv } from "./formats/canvas.ts";
import { classroomLines } from "./formats/classroom.ts";
import { gradescopeResults } from "./formats/gradescope.ts";
import { gradesCsv } from "./formats/grades-csv.ts";
import { moodleCsv } from "./formats/moodle.ts";
import type { Gradebook } from "./gradebook.ts";
import { reportHtml } from "./report-html.ts";

/** FORMATS are the values of --format: csv (grades.csv), canvas, moodle, gradescope (a folder), classroom. */
export const FORMATS = ["csv", "canvas", "moodle", "gradescope", "classroom"] as const;
export type Format = (typeof FORMATS)[number];

/** OutputOptions say what to write where. */
export interface OutputOptions {
  out: string;
  format: Format;
  report?: string;
  feedback?: string;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** writeOutputs writes the gradebook's outputs; it returns the paths written (for the CLI's summary). */
export function writeOutputs(book: Gradebook, o: OutputOptions): string[] {
  const written: string[] = [];
  switch (o.format) {
    case "csv":
      write(o.out, gradesCsv(book));
      written.push(o.out);
      break;
    case "canvas":
      write(o.out, canvasCsv(book));
      written.push(o.out);
      break;
    case "moodle":
      write(o.out, moodleCsv(book));
      written.push(o.out);
      break;
    case "classroom":
      write(o.out, classroomLines(book));
      written.push(o.out);
      break;
    case "gradescope":
      for (const { name, json } of gradescopeResults(book)) write(join(o.out, name, "results.json"), json);
      written.push(`${o.out}/<student>/results.json`);
      break;
  }
  if (o.report) {
    write(o.report, reportHtml(book));
    written.push(o.report);
  }
  if (o.feedback) {
    const names = rowFileNames(book.rows);
    book.rows.forEach((r, i) => write(join(o.feedback!, `${names[i]}.txt`), feedbackText(book, r)));
    written.push(`${o.feedback}/<student>.txt`);
  }
  return written;
}
