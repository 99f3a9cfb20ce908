/**
 * classroom.ts — `--format classroom`: GitHub Classroom's points line. Classroom's autograding
 * reporter writes `Points <score>/<max>` in the check run of the autograding workflow, and
 * Classroom reads the score from it; `synclab grade` in such a workflow (one submission: the
 * student's repository) prints that line. For a batch, one line per submission:
 * `<student id>\tPoints <total>/<max>`, in the gradebook's order; a submission that could not
 * be graded scores 0.
 */
import type { Gradebook } from "../gradebook.ts";
import { roundPoints } from "../scoring.ts";

/** pointsLine is Classroom's `Points <score>/<max>`, numbers written as its reporter writes them (JavaScript's shortest form: 17.5, 20). */
export function pointsLine(total: number, max: number): string {
  return `Points ${roundPoints(total) + 0}/${roundPoints(max) + 0}`;
}

/** classroomLines writes the gradebook as Classroom points lines (one submission: just the line). */
export function classroomLines(book: Gradebook): string {
  if (book.rows.length === 1) return `${pointsLine(book.rows[0]!.total, book.maxPoints)}\n`;
  return book.rows.map((r) => `${r.studentId || r.file}\t${pointsLine(r.total, book.maxPoints)}\n`).join("");
}
