/**
 * report-html.ts — `--report report.html`: the class report, one self-contained HTML page (its
 * CSS inline, no script, no image, no request to any host; `<details>` gives the drill-down),
 * in both languages. It shows: where the submission times came from; per exercise the pass
 * rate, mean points and the tests failed most; the distribution of totals; the flagged
 * submissions; the near-identical pairs with their shared lines side by side; and per student
 * the points, flags and the feedback file's text. Runs anywhere; pure.
 */
import type { Gradebook, Row } from "./gradebook.ts";
import { feedbackText } from "./feedback.ts";
import { compareText } from "./flags.ts";
import { formatPoints } from "./scoring.ts";

/** esc escapes text for HTML content and attribute values. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** MOST_FAILED is how many of an exercise's most failed tests the report lists. */
const MOST_FAILED = 5;
/** BINS is how many bars the distribution of totals has. */
const BINS = 10;

const CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{background:#4e6bd8;height:1rem;display:inline-block}.flag{background:#fde8e8;color:#8a1c1c;border-radius:3px;padding:0 .3rem;margin-right:.2rem;white-space:nowrap}
pre{background:#f6f6f8;padding:.5rem;overflow:auto;font-size:13px}.pair{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
details{margin:.3rem 0}summary{cursor:pointer}.err{color:#8a1c1c}.muted{color:#666}`;

/** lines returns lines from..to (1-based, inclusive) of code, numbered. */
function numbered(code: string, from: number, to: number): string {
  const all = code.split("\n");
  const out: string[] = [];
  for (let l = from; l <= Math.min(to, all.length); l++) out.push(`${String(l).padStart(4)}  ${all[l - 1]}`);
  return out.join("\n");
}

/** flagChips renders flags as chips. */
function flagChips(flags: readonly string[]): string {
  return flags.map((f) => `<span class="flag">${esc(f)}</span>`).join(" ");
}

/** reportHtml renders the gradebook as the class report. */
export function reportHtml(book: Gradebook): string {
  const a = book.loaded.assignment;
  const graded = book.rows.filter((r) => r.graded);
  const h: string[] = [];
  h.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  h.push(`<title>${esc(a.title.en)} — SyncLab report</title><style>${CSS}</style></head><body>`);
  h.push(`<h1>${esc(a.title.en)} / ${esc(a.title.zh)}</h1>`);
  h.push(`<p>Assignment / 作业 <code>${esc(a.id)}</code> · hash <code>${esc(book.loaded.hash)}</code> · due / 截止 ${esc(a.due)}${a.late.hardClose ? ` · hard close / 关闭 ${esc(a.late.hardClose)}` : ""} · late penalty / 迟交扣分 ${a.late.penaltyPerDay}% per day / 每天</p>`);
  h.push(
    `<p>Submissions / 提交: ${book.rows.length} · graded / 已评分: ${graded.length} · could not be graded / 无法评分: ${book.rows.length - graded.length}</p>`,
  );
  h.push(
    book.timesFrom === "client"
      ? `<p><strong>Submission times / 提交时间:</strong> the students' own timestamps (they can be forged: pass <code>--submitted-at</code> with the LMS's export) / 学生客户端的时间戳（可被伪造：请用 <code>--submitted-at</code> 提供 LMS 导出的时间）</p>`
      : `<p><strong>Submission times / 提交时间:</strong> from the LMS's export <code>${esc(book.timesFrom)}</code> / 来自 LMS 导出文件</p>`,
  );

  // Per exercise.
  h.push(`<h2>Exercises / 练习</h2><table><tr><th>Exercise / 练习</th><th>Points / 分值</th><th>Pass rate / 通过率</th><th>Mean / 平均分</th><th>Most failed tests / 失败最多的测试</th></tr>`);
  for (const [i, ex] of book.loaded.exercises.entries()) {
    const results = graded.map((r) => r.graded!.exercises[i]!);
    const submitted = results.filter((r) => r.submitted);
    const passing = submitted.filter((r) => r.status === "pass").length;
    const mean = graded.length ? graded.reduce((s, r) => s + r.points[i]!, 0) / graded.length : 0;
    const failed = new Map<string, number>();
    for (const r of submitted) for (const t of r.tests) if (!t.passed) failed.set(t.name, (failed.get(t.name) ?? 0) + 1);
    const most = [...failed].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0])).slice(0, MOST_FAILED);
    h.push(
      `<tr><td>${esc(ex.exercise.config.title.en)} / ${esc(ex.exercise.config.title.zh)}<br><code>${esc(ex.entry.id)}</code></td><td class="n">${formatPoints(ex.entry.points)}</td>` +
        `<td class="n">${submitted.length ? `${((100 * passing) / submitted.length).toFixed(1)}% (${passing}/${submitted.length})` : "—"}</td><td class="n">${formatPoints(mean)}</td>` +
        `<td>${most.length ? `<ol>${most.map(([n, c]) => `<li>${esc(n)} — ${c}</li>`).join("")}</ol>` : `<span class="muted">none / 无</span>`}</td></tr>`,
    );
  }
  h.push(`</table>`);

  // Distribution of totals.
  h.push(`<h2>Score distribution / 分数分布</h2><table><tr><th>Total / 总分</th><th>Submissions / 提交数</th><th></th></tr>`);
  const counts = new Array<number>(BINS).fill(0);
  for (const r of graded) counts[Math.min(BINS - 1, Math.floor((book.maxPoints > 0 ? r.total / book.maxPoints : 0) * BINS))]! += 1;
  const most = Math.max(1, ...counts);
  counts.forEach((c, i) => {
    const lo = (book.maxPoints * i) / BINS;
    const hi = (book.maxPoints * (i + 1)) / BINS;
    h.push(`<tr><td>${formatPoints(lo)} – ${formatPoints(hi)}${i === BINS - 1 ? "" : " (excl. / 不含)"}</td><td class="n">${c}</td><td style="width:50%"><span class="bar" style="width:${((100 * c) / most).toFixed(1)}%"></span></td></tr>`);
  });
  h.push(`</table>`);

  // Flagged.
  const flagged = book.rows.filter((r) => r.flags.length > 0);
  h.push(`<h2>Flagged submissions / 需关注的提交 (${flagged.length})</h2>`);
  if (flagged.length) {
    h.push(`<table><tr><th>Student / 学生</th><th>File / 文件</th><th>Flags / 标记</th><th>Total / 总分</th></tr>`);
    for (const r of flagged) {
      h.push(`<tr><td>${esc(r.name)} <code>${esc(r.studentId)}</code></td><td><code>${esc(r.file)}</code></td><td>${flagChips(r.flags)}${r.error !== undefined ? `<div class="err">${esc(r.error)}</div>` : ""}</td><td class="n">${formatPoints(r.total)}</td></tr>`);
    }
    h.push(`</table>`);
  } else h.push(`<p class="muted">None / 无</p>`);

  // Similar pairs.
  h.push(`<h2>Near-identical code / 高度相似的代码 (${book.similar.length})</h2>`);
  h.push(`<p class="muted">Winnowing fingerprints over TypeScript tokens with identifiers and literals normalized; the starter and the reference solution are not evidence. / 基于 TypeScript 词法单元的 winnowing 指纹（标识符与字面量已归一化）；起始代码与参考答案不计入。</p>`);
  const byFile = new Map(graded.map((r) => [r.file, r]));
  for (const s of book.similar) {
    const l = byFile.get(s.pair.left)!;
    const r = byFile.get(s.pair.right)!;
    const lc = l.graded!.exercises.find((e) => e.id === s.exercise)!.code;
    const rc = r.graded!.exercises.find((e) => e.id === s.exercise)!.code;
    h.push(
      `<details><summary><code>${esc(s.exercise)}</code>: ${esc(l.name)} <code>${esc(s.leftStudent)}</code> ↔ ${esc(r.name)} <code>${esc(s.rightStudent)}</code> — similarity / 相似度 ${(s.pair.similarity * 100).toFixed(1)}%, ${s.pair.sharedLines} shared lines / 行相同</summary>`,
    );
    for (const f of s.pair.fragments) {
      h.push(`<div class="pair"><pre>${esc(`${s.pair.left}:${f.left.from}-${f.left.to}\n${numbered(lc, f.left.from, f.left.to)}`)}</pre><pre>${esc(`${s.pair.right}:${f.right.from}-${f.right.to}\n${numbered(rc, f.right.from, f.right.to)}`)}</pre></div>`);
    }
    h.push(`</details>`);
  }

  // Per student.
  h.push(`<h2>Students / 学生</h2><table><tr><th>Student / 学生</th>${book.loaded.exercises.map((e) => `<th><code>${esc(e.entry.id)}</code></th>`).join("")}<th>Late / 迟交</th><th>Total / 总分</th></tr>`);
  for (const r of book.rows) h.push(studentRow(book, r));
  h.push(`</table>`);
  h.push(`<h2>Drill-down / 详情</h2>`);
  for (const r of book.rows) {
    h.push(`<details><summary>${esc(r.name || r.file)} <code>${esc(r.studentId)}</code> — ${formatPoints(r.total)}/${formatPoints(book.maxPoints)} ${flagChips(r.flags)}</summary>`);
    h.push(`<p>File / 文件 <code>${esc(r.file)}</code>${r.submittedAt ? ` · submitted / 提交于 ${esc(r.submittedAt)} (${r.timeSource === "lms" ? "LMS" : "client / 客户端"})` : ""}</p>`);
    h.push(`<pre>${esc(feedbackText(book, r))}</pre></details>`);
  }
  h.push(`</body></html>\n`);
  return h.join("\n");
}

/** studentRow renders one row of the students' table. */
function studentRow(book: Gradebook, r: Row): string {
  const cells = r.points.map((p, i) => `<td class="n">${r.error !== undefined ? "—" : `${formatPoints(p)}/${formatPoints(book.loaded.exercises[i]!.entry.points)}`}</td>`).join("");
  const late = r.lateness.closed ? "closed / 已关闭" : r.lateness.daysLate > 0 ? `${r.lateness.daysLate}d −${formatPoints(r.penalty)}` : "";
  return `<tr><td>${esc(r.name || r.file)} <code>${esc(r.studentId)}</code>${r.error !== undefined ? `<div class="err">${esc(r.error)}</div>` : ""}</td>${cells}<td>${late}</td><td class="n">${formatPoints(r.total)}</td></tr>`;
}
