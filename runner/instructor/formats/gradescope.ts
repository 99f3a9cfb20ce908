/**
 * gradescope.ts — `--format gradescope`: one results.json per submission, as Gradescope's
 * autograder specification defines the file (/autograder/results/results.json): a top-level
 * `score` (the total after the late penalty, which Gradescope takes over the tests' sum),
 * `output` (text shown for the whole submission), and `tests[]`, one per exercise with `name`,
 * `number`, `score`, `max_score`, `status` ("passed" | "failed") and `output` (the exercise's
 * feedback, feedback.ts), plus a "Late penalty" entry with a negative score when one applies.
 * Flags are the instructor's and are not written. `--out` is a folder: `<out>/<name>/results.json`
 * with the names of file-names.ts.
 */
import type { Gradebook } from "../gradebook.ts";
import { exerciseFeedback } from "../feedback.ts";
import { rowFileNames } from "../file-names.ts";
import { formatPoints } from "../scoring.ts";

/** GradescopeTest is one entry of results.json's tests[]. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
}

/** GradescopeResults is a results.json. */
export interface GradescopeResults {
  score: number;
  output: string;
  tests: GradescopeTest[];
}

const num = (x: number) => Number(formatPoints(x));

/** gradescopeResults returns, per row in the gradebook's order, its folder name and results.json text. */
export function gradescopeResults(book: Gradebook): { name: string; json: string }[] {
  const names = rowFileNames(book.rows);
  return book.rows.map((row, k) => {
    let results: GradescopeResults;
    if (row.error !== undefined) {
      results = { score: 0, output: `This submission could not be graded / 此提交无法评分: ${row.error}`, tests: [] };
    } else {
      const tests: GradescopeTest[] = book.loaded.exercises.map((ex, i) => {
        const r = row.graded!.exercises[i]!;
        return {
          name: `${ex.exercise.config.title.en} / ${ex.exercise.config.title.zh} (${ex.entry.id})`,
          number: String(i + 1),
          score: num(r.earned),
          max_score: num(r.points),
          status: r.earned >= r.points ? "passed" : "failed",
          output: exerciseFeedback(r),
        };
      });
      if (row.penalty > 0) {
        tests.push({
          name: "Late penalty / 迟交扣分",
          number: String(tests.length + 1),
          score: -num(row.penalty),
          max_score: 0,
          status: "failed",
          output: row.lateness.closed ? "Submitted after the hard close / 截止关闭后提交" : `Late by ${row.lateness.daysLate} day(s) / 迟交 ${row.lateness.daysLate} 天: -${row.lateness.penaltyPercent}%`,
        });
      }
      results = { score: num(row.total), output: `Total / 总分: ${formatPoints(row.total)}/${formatPoints(book.maxPoints)}`, tests };
    }
    return { name: names[k]!, json: `${JSON.stringify(results, null, 2)}\n` };
  });
}
