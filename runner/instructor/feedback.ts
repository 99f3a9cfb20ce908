/**
 * feedback.ts — `--feedback dir/`: one text file per submission, for the student (both
 * languages for our own words; the judge's reports are Go's, in English). Per exercise: the
 * points, then the hidden tests' verdict as the site shows it — the failing tests with their
 * messages, expected/received, where, the detectors' Go-shaped reports (DATA RACE, deadlock
 * dump, leaks) and the failing schedule (strategy and seed) — through the Verdict's own
 * renderer (runner/core/verdict.ts summarize). Instructor-only tests are listed by name and
 * outcome only: their code and messages stay the instructor's. Then the late penalty and the
 * total. Nothing in it depends on the machine (timings are left out).
 */
import { summarize, type Verdict } from "../core/verdict.ts";
import type { ExerciseResult } from "./batch.ts";
import type { Gradebook, Row } from "./gradebook.ts";
import { formatPoints } from "./scoring.ts";

/** TIMINGS_LINE is summarize's last line, the Run's timings: left out, they are the machine's. */
const TIMINGS_LINE = /^\s*bundle \d+ ms, run \d+ ms$/;

/** verdictText renders a Verdict as the CLI and the site do, without its timings. */
export function verdictText(v: Verdict): string {
  return summarize(v)
    .split("\n")
    .filter((l) => !TIMINGS_LINE.test(l))
    .join("\n");
}

/** exerciseFeedback renders one exercise's result (Gradescope's per-test output uses it too). */
export function exerciseFeedback(r: ExerciseResult): string {
  if (!r.submitted) return "Not submitted. / 未提交。";
  const lines: string[] = [];
  const hidden = r.runs.find((x) => x.source === "hidden");
  if (hidden) lines.push(verdictText(hidden.verdict));
  const instructor = r.runs.filter((x) => x.source !== "hidden");
  if (instructor.length) {
    lines.push("", "Instructor's tests / 教师的测试:");
    for (const run of instructor) {
      if (run.verdict.tests.length === 0) lines.push(`  ✗ ${run.verdict.status}${run.verdict.message ? `: ${run.verdict.message.split("\n")[0]}` : ""}`);
      for (const t of run.verdict.tests) lines.push(`  ${t.status === "pass" ? "✓" : "✗"} ${t.name}${t.status === "pass" ? "" : ` [${t.status}]`}`);
    }
  }
  return lines.join("\n");
}

/** feedbackText renders one row's feedback file. */
export function feedbackText(book: Gradebook, row: Row): string {
  const a = book.loaded.assignment;
  const out: string[] = [];
  out.push(`${a.title.en} / ${a.title.zh}`);
  out.push(`Student / 学生: ${row.name} (${row.studentId})`);
  if (row.error !== undefined) {
    out.push("", `This submission could not be graded / 此提交无法评分: ${row.error}`);
    out.push("", `Total / 总分: ${formatPoints(0)}/${formatPoints(book.maxPoints)}`, "");
    return out.join("\n");
  }
  for (const [i, ex] of book.loaded.exercises.entries()) {
    const r = row.graded!.exercises[i]!;
    out.push("", `## ${ex.exercise.config.title.en} / ${ex.exercise.config.title.zh} (${ex.entry.id}): ${formatPoints(r.earned)}/${formatPoints(r.points)}`);
    if (r.submitted) out.push(`Tests passed / 通过的测试: ${r.passed}/${r.total}${ex.entry.allOrNothing ? " (all or nothing / 全部通过才得分)" : ""}`);
    out.push("", exerciseFeedback(r));
  }
  out.push("");
  if (row.lateness.closed) out.push(`Submitted after the hard close / 截止关闭后提交: ${row.submittedAt} — 0 points / 0 分`);
  else if (row.lateness.daysLate > 0) {
    out.push(`Late by ${row.lateness.daysLate} day(s) / 迟交 ${row.lateness.daysLate} 天: -${row.lateness.penaltyPercent}% = -${formatPoints(row.penalty)}`);
  }
  out.push(`Total / 总分: ${formatPoints(row.total)}/${formatPoints(book.maxPoints)}`, "");
  return out.join("\n");
}
