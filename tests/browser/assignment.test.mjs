// Issue 13, end to end: an instructor's assignment of three exercises becomes a link
// (`synclab assign`), eight students open it in Debian's Chromium — each in a browser context of
// their own, so with drafts and progress of their own — write solutions (some pass, some fail),
// Run them, and press Download submission; one is late, one edits the verdict in the file, one
// copies another's code with the variables renamed, one submits code that attacks the grader.
// A malformed, a truncated and a 50 MB file join them, and `synclab grade` grades the folder:
// the grades, the flags and the error rows are checked, then the shards and the LMS formats
// (Canvas and Moodle CSV, Gradescope results.json, Classroom lines) against their columns and
// fields. The page's own promises are checked on the way: the checklist follows each Run, a
// draft written in a chapter is there, the student's name and id are remembered, a bad link
// says what to do, 390 px and dark mode, keyboard only. Any request that leaves 127.0.0.1
// fails the test.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { findExercise } from "../../exercises/index.ts";
import { parseSubmission, submissionHash } from "../../runner/instructor/schema.ts";
import { runExercise, watchStatus, waitForVerdict } from "./exercise-support.mjs";
import { contrastRatio, launchChromium, offlineContext, ROOT, serveSite, watch } from "./support/site.mjs";

const run = promisify(execFile);
const CLI = resolve(ROOT, "runner/node/cli.ts");
/** synclab runs the CLI in Node (this process's Node 24); it resolves to { code, stdout, stderr } whatever the exit status. */
async function synclab(...args) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: "true" } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== "number") throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const DAY = 86_400_000;
const work = mkdtempSync(join(tmpdir(), "synclab-assignment-"));
const submissions = join(work, "submissions");
mkdirSync(submissions);
const due = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + DAY);
const EXERCISES = [
  { id: "safe-counter", points: 10 },
  { id: "wg-add-inside", points: 6 },
  { id: "goroutine-leak", points: 4, allOrNothing: true },
];
const assignmentFile = join(work, "assignment.yaml");
writeFileSync(
  assignmentFile,
  `id: e2e-week
title: { zh: 端到端作业, en: End-to-end assignment }
due: ${due.toISOString()}
late: { penaltyPerDay: 10, hardClose: ${new Date(due.getTime() + 10 * DAY).toISOString()} }
exercises:
${EXERCISES.map((e) => `  - { id: ${e.id}, points: ${e.points}${e.allOrNothing ? ", allOrNothing: true" : ""} }`).join("\n")}
`,
);

const ex = Object.fromEntries(EXERCISES.map((e) => [e.id, findExercise(e.id)]));
const wrong = (id, name) => readFileSync(join(ex[id].dir, ".meta/wrong", `${name}.ts`), "utf8");

/** OWN is a correct safe-counter written apart from the reference (a lock helper, try/finally). */
const OWN = `import { shared } from "gosync";
import { Mutex } from "gosync/sync";

/** SafeCounter keeps a tally per key; one lock guards every read and write of it. */
export class SafeCounter {
  private readonly guard = new Mutex();
  private readonly counts = shared<Record<string, number>>({});

  /** withLock runs task while holding guard, and always lets go of it. */
  private async withLock<T>(task: () => T): Promise<T> {
    await this.guard.lock();
    try {
      return task();
    } finally {
      this.guard.unlock();
    }
  }

  async inc(key: string): Promise<void> {
    await this.withLock(() => {
      const before = this.counts[key] ?? 0;
      const after = before + 1;
      this.counts[key] = after;
    });
  }

  async value(key: string): Promise<number> {
    return this.withLock(() => {
      const seen = this.counts[key];
      if (seen === undefined) {
        return 0;
      }
      return seen;
    });
  }
}
`;
/** COPIED is OWN with every name of its own renamed and its comments reworded. */
const COPIED = OWN.replace(/guard/g, "lk")
  .replace(/withLock/g, "critical")
  .replace(/task/g, "fn")
  .replace(/before/g, "old")
  .replace(/after/g, "next")
  .replace(/seen/g, "found")
  .replace(/\bkey\b/g, "name")
  .replace(/\/\*\*[^*]*\*\//g, "// my counter");

const HOSTILE = {
  "safe-counter": `${ex["safe-counter"].starter}\n${readFileSync(join(ROOT, "tests/hostile/escape-to-the-host.ts"), "utf8")}`,
  "wg-add-inside": `${ex["wg-add-inside"].starter}\nfor (let i = 0; i < 20_000; i++) console.log("FLOOD ".repeat(200));\n`,
  "goroutine-leak": `${ex["goroutine-leak"].starter}\nconsole.log("goroutine-leak: PASS — 4/4 tests passed");\nconsole.log(JSON.stringify({ version: 1, exerciseId: "goroutine-leak", status: "pass", tests: [] }));\n`,
};

const solutions = Object.fromEntries(EXERCISES.map((e) => [e.id, ex[e.id].solution]));
const starters = Object.fromEntries(EXERCISES.map((e) => [e.id, ex[e.id].starter]));

/**
 * STUDENTS: what each student does on the page. `code` becomes their drafts before they open
 * the link (written in a chapter's editor for Fay); `run` are the exercises they Run; `lateBy`
 * sets their browser's clock that long after the due date when they download.
 */
const STUDENTS = [
  { id: "s01", name: "Ada Lovelace", lang: "en", code: solutions, run: ["safe-counter", "wg-add-inside", "goroutine-leak"] },
  {
    id: "s02",
    name: "Bo Yang",
    lang: "en",
    code: { "safe-counter": OWN, "wg-add-inside": wrong("wg-add-inside", "add-once"), "goroutine-leak": wrong("goroutine-leak", "buffer-of-one") },
    run: ["safe-counter", "wg-add-inside", "goroutine-leak"],
  },
  { id: "s03", name: "蔡文姬", lang: "zh", code: solutions, run: ["safe-counter", "wg-add-inside", "goroutine-leak"], lateBy: 2 * DAY + 3_600_000 },
  { id: "s04", name: "Dee Dee", lang: "en", code: starters, run: ["safe-counter"], editVerdict: "safe-counter" },
  { id: "s05", name: "Eli Copy", lang: "en", code: { ...starters, "safe-counter": COPIED }, run: ["safe-counter"] },
  { id: "s06", name: "Fay Chapter", lang: "en", code: solutions, run: ["safe-counter", "wg-add-inside", "goroutine-leak"], inChapter: "safe-counter" },
  { id: "s07", name: "Gus Hostile", lang: "en", code: HOSTILE, run: [] },
  { id: "s08", name: "侯 未动", lang: "zh", code: starters, run: [] },
];

let browser;
let site;
let link;
/** made: student id → { file, submission, page facts } once test 2 has run. */
const made = new Map();

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), serveSite()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

/** open makes a fresh student context (own storage, offline) and a page at 390 px or desktop. */
async function open(viewport = { width: 1280, height: 900 }, colorScheme = "light") {
  const { context, offsite } = await offlineContext(browser, { viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page);
  return { context, page, offsite, problems };
}

const linkIn = (lang) => link.replace(/\/(zh|en)\/assignment\//, `/${lang}/assignment/`);
const checklistItem = (page, id) => page.locator(`[data-exercise-item="${id}"]`);

/** putDrafts stores code as the student's drafts (the editor starts from them). */
async function putDrafts(page, code) {
  await page.evaluate((code) => {
    for (const [id, text] of Object.entries(code)) localStorage.setItem(`synclab:draft:${id}`, JSON.stringify({ version: 1, code: text, starterHash: "e2e", savedAt: Date.now() }));
  }, code);
}

/**
 * runJudged presses Run and returns the verdict; a `timeout` is Run again, at most twice. No
 * code this test Runs can time out on its own (the flood is never Run in the browser), but two
 * cores shared with other test runs can starve a cold sandbox past the Run's wall-clock limit
 * (seen at load averages near 30: the reference solution of safe-counter judged `timeout`).
 */
async function runJudged(page, id) {
  let verdict;
  for (let attempt = 1; attempt <= 3; attempt++) {
    verdict = await runExercise(page, id, 120_000);
    if (verdict.status !== "timeout") return verdict;
    console.log(`# ${id}: Run ${attempt} judged timeout under the machine's load; running it again`);
  }
  return verdict;
}

describe("synclab assign", () => {
  test("prints a link to the assignment page with the assignment in its fragment", async () => {
    const r = await synclab("assign", assignmentFile, "--site", site.url, "--lang", "en");
    assert.equal(r.code, 0, r.stderr);
    link = r.stdout.trim();
    assert.match(link, new RegExp(`^${site.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}en/assignment/#a1\\.[A-Za-z0-9_-]+$`));
  });
});

describe("the assignment page", () => {
  test("explains a truncated, a corrupted and a missing link, and what to do, in both languages", async () => {
    const { context, page, offsite } = await open();
    for (const [url, want] of [
      [link.slice(0, -12), /incomplete: it was cut short[\s\S]*Copy the whole link again/],
      [link.replace(/#a1\.(.{5})/, "#a1.$1*"), /changed on its way here/],
      [link.replace(/#.*$/, ""), /has no assignment in it/],
      [linkIn("zh").slice(0, -12), /链接不完整/],
    ]) {
      await page.goto("about:blank");
      await page.goto(url);
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.innerText(), want, url.slice(-30));
      assert.equal(await page.locator('[data-role="body"]').isVisible(), false);
    }
    await context.close();
    assert.deepEqual(offsite, []);
  });

  test("keeps the assignment in the address bar through the language picker, the skip link and a reload", async () => {
    const { context, page, offsite, problems } = await open();
    await page.goto(link);
    await page.locator('[data-role="body"]').waitFor();
    const select = page.locator("starlight-lang-select select").first();
    await Promise.all([page.waitForURL(/\/zh\/assignment\/#a1\./), select.selectOption("/zh/assignment/")]);
    await page.locator('[data-role="body"]').waitFor();
    assert.equal(await page.locator('[data-role="title"]').innerText(), "端到端作业");
    await page.keyboard.press("Tab"); // Starlight's skip link, first on the page
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute("href") ?? ""), /^#/, "the skip link has the focus");
    await page.keyboard.press("Enter");
    assert.equal(new URL(page.url()).hash, new URL(link).hash, "the skip link scrolled without replacing the fragment");
    await page.reload();
    await page.locator('[data-role="body"]').waitFor();
    assert.equal(await page.locator('[data-role="title"]').innerText(), "端到端作业");
    await context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(offsite, []);
  });

  test("eight students open the link, solve, Run and download their submission", { timeout: 15 * 60_000 }, async () => {
    for (const s of STUDENTS) {
      const desktop = s.id !== "s02" && s.id !== "s03";
      const { context, page, offsite, problems } = await open(desktop ? undefined : { width: 390, height: 844 }, s.id === "s03" ? "dark" : "light");
      await page.goto(`${site.url}${s.lang}/`);
      const inChapter = s.inChapter;
      await putDrafts(page, inChapter ? Object.fromEntries(Object.entries(s.code).filter(([id]) => id !== inChapter)) : s.code);
      if (inChapter) {
        // A draft written in the chapter's editor is the one the assignment opens.
        await putDrafts(page, { [inChapter]: s.code[inChapter] });
        await page.goto(`${site.url}en/${ex[inChapter].config.chapter}/`);
        const root = page.locator(`[data-exercise="${inChapter}"]`);
        await root.scrollIntoViewIfNeeded();
        await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", inChapter, { timeout: 60_000 });
        await root.locator(".monaco-editor .view-lines").click();
        await page.keyboard.press("Control+Home");
        await page.keyboard.type("// written in the chapter\n");
        await page.waitForFunction((id) => (localStorage.getItem(`synclab:draft:${id}`) ?? "").includes("written in the chapter"), inChapter);
      }
      await page.goto(linkIn(s.lang));
      await page.locator('[data-role="body"]').waitFor();
      const title = await page.locator('[data-role="title"]').innerText();
      assert.equal(title, s.lang === "zh" ? "端到端作业" : "End-to-end assignment");
      assert.deepEqual(
        await page.locator(".sa-exercise [data-exercise]").evaluateAll((roots) => roots.map((r) => r.dataset.exercise)),
        EXERCISES.map((e) => e.id),
        "the exercises in the assignment's order",
      );
      assert.equal(await page.locator('[data-action="solution"]').count(), 0, "no reference solution on an assignment");
      for (const e of EXERCISES) assert.equal(await checklistItem(page, e.id).getAttribute("data-state"), "not-run");

      for (const id of s.run) {
        const root = page.locator(`[data-exercise="${id}"]`);
        await root.scrollIntoViewIfNeeded();
        await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"]`)?.dataset.mounted === "live", id, { timeout: 60_000 });
        if (id === inChapter) {
          await page.waitForFunction((id) => document.querySelector(`[data-exercise="${id}"] .view-lines`)?.textContent?.replace(/\u00a0/g, " ").includes("written in the chapter"), id);
        }
        const verdict = await runJudged(page, id);
        const wantPass = s.code[id] === solutions[id] || s.code[id] === OWN || s.code[id] === COPIED;
        assert.equal(verdict.status === "pass", wantPass, `${s.id} ${id}: ${verdict.status}`);
        assert.equal(await checklistItem(page, id).getAttribute("data-state"), wantPass ? "pass" : "fail", `${s.id} ${id}: the checklist follows the Run`);
      }
      if (s.id === "s04") {
        // An edit after the Run makes the checklist say so; undoing it brings the verdict back.
        const id = "safe-counter";
        await page.locator(`[data-exercise="${id}"] .monaco-editor .view-lines`).click();
        await page.keyboard.press("Control+End");
        await page.keyboard.type("//");
        await page.waitForFunction((id) => document.querySelector(`[data-exercise-item="${id}"]`)?.dataset.state === "stale", id);
        await page.keyboard.press("Backspace");
        await page.keyboard.press("Backspace");
        await page.waitForFunction((id) => document.querySelector(`[data-exercise-item="${id}"]`)?.dataset.state === "fail", id);
      }
      const passing = s.run.filter((id) => s.code[id] === solutions[id] || s.code[id] === OWN || s.code[id] === COPIED).length;
      assert.match(await page.locator('[data-role="summary"]').innerText(), s.lang === "zh" ? new RegExp(`${EXERCISES.length} 道练习中已有 ${passing} 道通过`) : new RegExp(`^${passing} of ${EXERCISES.length} exercises pass`));

      // Keyboard only: the name and id fields, then Download, reached with Tab.
      const name = page.locator('input[name="name"]');
      await page.locator('[data-action="download"]').focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "name");
      assert.equal(await name.getAttribute("aria-invalid"), "true", "a missing name is pointed out");
      await page.keyboard.type(s.name);
      await page.keyboard.press("Tab");
      await page.keyboard.type(s.id);
      if (s.id === "s06") {
        // The name and id are remembered.
        await page.reload();
        await page.locator('[data-role="body"]').waitFor();
        assert.equal(await page.locator('input[name="student-id"]').inputValue(), s.id);
        assert.equal(await name.inputValue(), s.name);
      }
      if (s.lateBy) await page.clock.setFixedTime(new Date(due.getTime() + s.lateBy));
      await page.locator('input[name="student-id"]').focus();
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      assert.equal(download.suggestedFilename(), `e2e-week-${s.id}.synclab.json`);
      const file = join(submissions, download.suggestedFilename());
      await download.saveAs(file);
      assert.match(await page.locator('[data-role="download-status"]').innerText(), s.lang === "zh" ? /已保存 e2e-week-/ : /^Saved e2e-week-/);
      if (s.id === "s03" || s.id === "s01") {
        // Both themes (s03 is dark, s01 light): the page's own text keeps WCAG AA contrast.
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), s.id === "s03" ? "dark" : "light");
        const pairs = await page.evaluate(() =>
          [".sa-due", ".sa-late", ".sa-summary", ".sa-state", ".sa-note", ".sa-download", ".sa-download-status", ".sa-goto"].map((sel) => {
            const el = document.querySelector(sel);
            let bg = "rgba(0, 0, 0, 0)";
            for (let p = el; p && /rgba\(.*, 0\)$|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
            return [sel, getComputedStyle(el).color, bg];
          }),
        );
        for (const [sel, fg, bg] of pairs) assert.ok(contrastRatio(fg, bg) >= 4.5, `${sel}: ${fg} on ${bg} is ${contrastRatio(fg, bg).toFixed(2)}:1`);
      }
      if (!desktop) {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${s.id}: the page is ${width} px wide at 390 px`);
      }
      const text = readFileSync(file, "utf8");
      const submission = parseSubmission(text, file);
      assert.equal(submission.hash, await submissionHash(submission), `${s.id}: the file is sealed`);
      assert.deepEqual(submission.student, { name: s.name, id: s.id });
      assert.deepEqual(submission.exercises.map((e) => e.id), EXERCISES.map((e) => e.id));
      for (const e of submission.exercises) {
        const want = e.id === inChapter ? `// written in the chapter\n${s.code[e.id]}` : s.code[e.id];
        assert.equal(e.code, want, `${s.id} ${e.id}: the code in the file is the editor's`);
        assert.equal(e.clientVerdict !== undefined, s.run.includes(e.id), `${s.id} ${e.id}: a verdict only for what was Run`);
      }
      if (s.lateBy) assert.equal(submission.submittedAt, new Date(due.getTime() + s.lateBy).toISOString());
      made.set(s.id, { file, submission });
      await context.close();
      assert.deepEqual(problems, [], `${s.id}: page errors`);
      assert.deepEqual(offsite, [], `${s.id}: requests to other hosts`);
    }
  });
});

/** shareOf is the fraction of tests a client verdict says passed. */
const shareOf = (v) => v.tests.filter((t) => t.passed).length / v.tests.length;
const fmt = (x) => x.toFixed(2);

describe("synclab grade", () => {
  /** starterShare: exercise id → the share of hidden tests its starter passes, by `synclab check`. */
  const starterShare = {};

  before(async () => {
    assert.equal(made.size, STUDENTS.length, "every student made a submission");
    // The edited verdict: safe-counter's failing Run turned into a pass, the file not resealed.
    const edited = made.get("s04");
    const text = readFileSync(edited.file, "utf8").replace(/"status": "fail"/, '"status": "pass"').replace(/"passed": false/g, '"passed": true');
    assert.notEqual(text, readFileSync(edited.file, "utf8"));
    writeFileSync(edited.file, text);
    const good = readFileSync(made.get("s01").file, "utf8");
    writeFileSync(join(submissions, "malformed.synclab.json"), "{ this is not JSON");
    writeFileSync(join(submissions, "truncated.synclab.json"), good.slice(0, Math.floor(good.length / 2)));
    writeFileSync(join(submissions, "huge.synclab.json"), `${good.slice(0, -2)}${" ".repeat(50 * 1024 * 1024)}}\n`);
    for (const e of EXERCISES) {
      const file = join(work, `${e.id}.starter.ts`);
      writeFileSync(file, starters[e.id]);
      const r = await synclab("check", e.id, file, "--json");
      const v = JSON.parse(r.stdout);
      starterShare[e.id] = v.tests.filter((t) => t.status === "pass").length / v.tests.length;
    }
  });

  let csvText;
  test("grades every submission, flags the late, edited and copied ones, and turns bad files into error rows", { timeout: 15 * 60_000 }, async () => {
    const r = await synclab("grade", assignmentFile, submissions, "--out", join(work, "grades.csv"), "--report", join(work, "report.html"), "--feedback", join(work, "feedback"), "--jobs", "2");
    assert.equal(r.code, 1, `exit 1: the batch finished with error rows\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /graded 8 of 11 submission\(s\); 3 could not be graded/);
    csvText = readFileSync(join(work, "grades.csv"), "utf8");
    const rows = parseCsv(csvText, { columns: true });
    assert.deepEqual(Object.keys(rows[0]), ["student_id", "name", ...EXERCISES.map((e) => e.id), "late_days", "late_penalty", "total", "flags", "file", "error"]);
    const byId = new Map(rows.filter((x) => x.student_id).map((x) => [x.student_id, x]));

    /** expected points: a Run's share of passed tests (the browser's verdict), the starter's for code never Run. */
    const expected = (s) => {
      const sub = made.get(s.id).submission;
      return EXERCISES.map((e, i) => {
        const code = s.code[e.id];
        if (code === solutions[e.id] || code === OWN || code === COPIED) return e.points;
        if (e.allOrNothing) return 0;
        const v = sub.exercises[i].clientVerdict;
        if (v && s.id !== "s04") return e.points * shareOf(v);
        return e.points * starterShare[e.id];
      });
    };
    for (const s of STUDENTS) {
      const row = byId.get(s.id);
      assert.ok(row, `${s.id} has a row`);
      assert.equal(row.name, s.name);
      assert.equal(row.error, "");
      const want = expected(s);
      if (s.id === "s07") {
        // The attacks change nothing but the flood, which may end its Run (0).
        assert.equal(row["safe-counter"], fmt(want[0]), "s07: escaping the sandbox changes nothing");
        assert.ok(Number(row["wg-add-inside"]) <= want[1], "s07: the flood earns no more than the starter");
        assert.equal(row["goroutine-leak"], "0.00", "s07: forged output earns nothing");
      } else {
        assert.deepEqual(EXERCISES.map((e) => row[e.id]), want.map(fmt), `${s.id}: points per exercise`);
      }
      const sum = EXERCISES.reduce((n, e) => n + Number(row[e.id]), 0);
      const penalty = s.lateBy ? sum * 0.3 : 0;
      assert.equal(row.late_days, s.lateBy ? "3" : "0", `${s.id}: days late`);
      assert.equal(row.late_penalty, fmt(penalty), `${s.id}: late penalty`);
      assert.equal(row.total, fmt(sum - penalty), `${s.id}: total`);
    }
    const flags = (id) => byId.get(id).flags.split("; ").filter(Boolean);
    assert.deepEqual(flags("s01"), []);
    assert.deepEqual(flags("s02"), ["similar(safe-counter:s05)"]);
    assert.deepEqual(flags("s03"), ["late(3d)"]);
    assert.deepEqual(flags("s04"), ["claimed-pass(safe-counter)", "code-hash"]);
    assert.deepEqual(flags("s05"), ["similar(safe-counter:s02)"]);
    for (const id of ["s06", "s07", "s08"]) assert.deepEqual(flags(id), [], id);

    const errors = rows.filter((x) => !x.student_id);
    assert.deepEqual(errors.map((x) => x.file.split(/[\\/]/).pop()).sort(), ["huge.synclab.json", "malformed.synclab.json", "truncated.synclab.json"]);
    for (const x of errors) {
      assert.notEqual(x.error, "", `${x.file}: an error row says why`);
      assert.equal(x.total, "0.00");
    }
    assert.match(errors.find((x) => x.file.endsWith("huge.synclab.json")).error, /\d+ bytes|too large|at most/i);

    const report = readFileSync(join(work, "report.html"), "utf8");
    assert.doesNotMatch(report, /\s(src|href)="https?:/, "report.html loads nothing from the network");
    for (const s of STUDENTS) assert.ok(report.includes(s.id), `report.html names ${s.id}`);
    assert.ok(existsSync(join(work, "feedback")) && readdirSync(join(work, "feedback")).length >= STUDENTS.length, "one feedback file per student");
  });

  test("grades the same way in two shards, merged, and writes Canvas, Moodle, Gradescope and Classroom files", { timeout: 15 * 60_000 }, async () => {
    for (const i of [1, 2]) {
      const r = await synclab("grade", assignmentFile, submissions, "--shard", `${i}/2`, "--out", join(work, `shard-${i}.json`), "--jobs", "1");
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
    }
    const shards = [join(work, "shard-1.json"), join(work, "shard-2.json")];
    const merge = (...args) => synclab("grade", "merge", ...shards, ...args);
    await merge("--out", join(work, "merged.csv"));
    assert.equal(readFileSync(join(work, "merged.csv"), "utf8"), csvText, "two shards with --jobs 1 give grades.csv byte for byte");

    await merge("--out", join(work, "canvas.csv"), "--format", "canvas");
    const canvas = parseCsv(readFileSync(join(work, "canvas.csv"), "utf8"));
    // Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment; a "Points Possible" row.
    assert.deepEqual(canvas[0], ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "End-to-end assignment"]);
    assert.deepEqual(canvas[1], ["Points Possible", "", "", "", "", "20.00"]);
    assert.deepEqual(canvas.slice(2).map((r) => r[2]).sort(), STUDENTS.map((s) => s.id).sort());

    await merge("--out", join(work, "moodle.csv"), "--format", "moodle");
    const moodle = parseCsv(readFileSync(join(work, "moodle.csv"), "utf8"), { columns: true });
    assert.deepEqual(Object.keys(moodle[0]), ["ID number", "Full name", "End-to-end assignment (Real)", "Feedback"]);
    assert.equal(moodle.length, STUDENTS.length);

    await merge("--out", join(work, "gradescope"), "--format", "gradescope");
    const results = readdirSync(join(work, "gradescope"), { recursive: true }).filter((p) => String(p).endsWith("results.json"));
    assert.equal(results.length, STUDENTS.length + 3, "a results.json per submission file, error rows included");
    for (const p of results) {
      const r = JSON.parse(readFileSync(join(work, "gradescope", String(p)), "utf8"));
      // Gradescope's results.json: score, output, tests[] with name, score, max_score, status, output.
      assert.equal(typeof r.score, "number", p);
      assert.equal(typeof r.output, "string", p);
      assert.ok(Array.isArray(r.tests), p);
      for (const t of r.tests) {
        assert.equal(typeof t.name, "string");
        assert.equal(typeof t.score, "number");
        assert.equal(typeof t.max_score, "number");
        assert.ok(["passed", "failed"].includes(t.status));
      }
    }

    await merge("--out", join(work, "classroom.txt"), "--format", "classroom");
    const lines = readFileSync(join(work, "classroom.txt"), "utf8").trim().split("\n");
    for (const s of STUDENTS) assert.ok(lines.some((l) => new RegExp(`^${s.id}\\tPoints \\d+(\\.\\d+)?/20(\\.00)?$`).test(l)), `${s.id}: ${lines.join(" | ")}`);
  });
});
