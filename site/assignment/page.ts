/**
 * page — the assignment page in the browser (main thread): reads the assignment from the
 * link's fragment, lays out its exercises from the page's templates and arms their editors,
 * keeps the checklist in step with every edit and Run, remembers the student's name and id,
 * and writes the submission file. Loaded by Assignment.astro.
 *
 * Everything in the fragment is the link maker's text: it is only ever set as textContent.
 * The fragment must stay in the address bar (a reload or a bookmark reopens the assignment),
 * so in-page links (Starlight's skip link) scroll without touching it.
 */
import { decodeAssignmentFragment, LINK_PREFIX, type LinkProblem } from "../../runner/instructor/assignment-link.ts";
import { assignmentHash, MAX_CODE_CHARS, MAX_SUBMISSION_BYTES, type PublicAssignment } from "../../runner/instructor/schema.ts";
import { loadDraft } from "../exercise/drafts.ts";
import { mountAll } from "../exercise/island.ts";
import { isCurrent, loadProgress, type Progress } from "../exercise/progress.ts";
import { fill, type AssignmentStringKey, type AssignmentStrings } from "./strings.ts";
import { buildSubmission, submissionFileName, type SubmissionProblem } from "./submission.ts";

interface PageData {
  lang: "zh" | "en";
  strings: AssignmentStrings;
  /** verdictWords name each Verdict status as the results panel does. */
  verdictWords: Record<string, string>;
  /** titles are the site's exercises' titles in the page's language, by id. */
  titles: Record<string, string>;
  siteVersion: string;
}

/** STUDENT_KEY keeps the student's name and id (localStorage). */
const STUDENT_KEY = "synclab:student";
/** LAST_KEY keeps the last assignment opened here, offered again when a link opens none. */
const LAST_KEY = "synclab:assignment:last";

/** ExerciseEntry is one exercise of the assignment as the page follows it. */
interface ExerciseEntry {
  id: string;
  title: string;
  points: number;
  /** root is the exercise's [data-exercise] element, or null when the site lacks the exercise. */
  root: HTMLElement | null;
  code: string;
  progress: Progress | null;
}

/** start runs the page once; a second call (a re-run module) does nothing. */
export function start(): void {
  const host = document.querySelector<HTMLElement>("[data-assignment]");
  if (!host || host.dataset.started) return;
  host.dataset.started = "1";
  const data = JSON.parse(host.querySelector('script[data-role="assignment-data"]')!.textContent!) as PageData;
  const fragment = location.hash.slice(1);
  const decoded = decodeAssignmentFragment(fragment);
  keepFragment(fragment, decoded.ok);
  if (!decoded.ok) {
    showError(host, data, decoded.problem, decoded.detail);
    return;
  }
  void show(host, data, decoded.assignment, fragment);
}

const t = (data: PageData, key: AssignmentStringKey, vars?: Record<string, string | number>) => fill(data.strings[key], vars);
const role = <T extends HTMLElement = HTMLElement>(host: HTMLElement, name: string) => host.querySelector<T>(`[data-role="${name}"]`)!;

/**
 * keepFragment keeps the assignment in the address bar: an in-page link scrolls to its target
 * instead of replacing the fragment, a fragment edited to another assignment reloads the page,
 * and any other change of fragment is undone.
 */
function keepFragment(fragment: string, isAssignment: boolean): void {
  document.addEventListener(
    "click",
    (e) => {
      const link = (e.target as Element | null)?.closest?.<HTMLAnchorElement>('a[href^="#"]');
      if (!link || !isAssignment) return;
      const target = decodeURIComponent(link.getAttribute("href")!.slice(1));
      if (target.startsWith(LINK_PREFIX)) return;
      e.preventDefault();
      const el = document.getElementById(target);
      if (!el) return;
      el.scrollIntoView();
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
      el.focus({ preventScroll: true });
    },
    true,
  );
  addEventListener("hashchange", () => {
    const now = location.hash.slice(1);
    if (now === fragment) return;
    if (decodeURIComponent(now).startsWith(LINK_PREFIX) || !isAssignment) location.reload();
    else history.replaceState(history.state, "", `#${fragment}`);
  });
}

/** withCode sets text into el, showing `backquoted` parts as code. */
function withCode(el: HTMLElement, text: string): HTMLElement {
  text.split("`").forEach((part, i) => {
    if (i % 2 === 0) el.append(part);
    else {
      const code = document.createElement("code");
      code.textContent = part;
      el.append(code);
    }
  });
  return el;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** showError explains in the page's language why the link opens no assignment, and what to do. */
function showError(host: HTMLElement, data: PageData, problem: LinkProblem, detail: string): void {
  role(host, "loading").hidden = true;
  const box = role(host, "error");
  box.replaceChildren(
    el("h2", { textContent: t(data, "assignment.error.title") }),
    withCode(el("p"), t(data, `assignment.error.${problem}` as AssignmentStringKey)),
    el("p", { textContent: t(data, "assignment.error.drafts") }),
  );
  const last = readLast();
  if (last && problem === "empty") {
    box.append(el("p", {}, el("a", { href: `#${last.fragment}`, textContent: t(data, "assignment.error.last", { title: last.title[data.lang] }) })));
  }
  if (problem !== "empty") {
    box.append(el("details", {}, el("summary", { textContent: t(data, "assignment.error.detail") }), el("pre", { textContent: `${problem}: ${detail}` })));
  }
  box.hidden = false;
}

function readLast(): { fragment: string; title: { zh: string; en: string } } | null {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_KEY) ?? "null") as { fragment?: unknown; title?: { zh?: unknown; en?: unknown } } | null;
    return v && typeof v.fragment === "string" && typeof v.title?.zh === "string" && typeof v.title?.en === "string" ? (v as { fragment: string; title: { zh: string; en: string } }) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage off: the page works, it only forgets.
  }
}

/** formatDate writes a date-time in the reader's time zone and language, with the zone's name. */
function formatDate(data: PageData, iso: string): string {
  return new Intl.DateTimeFormat(data.lang === "zh" ? "zh-CN" : "en", {
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** relative says how far `iso` is from now ("in 3 days", "2 hours ago"). */
function relative(data: PageData, iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const rtf = new Intl.RelativeTimeFormat(data.lang === "zh" ? "zh-CN" : "en", { numeric: "auto" });
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return rtf.format(Math.trunc(ms / 86_400_000), "day");
  if (abs >= 3_600_000) return rtf.format(Math.trunc(ms / 3_600_000), "hour");
  return rtf.format(Math.trunc(ms / 60_000), "minute");
}

async function show(host: HTMLElement, data: PageData, a: PublicAssignment, fragment: string): Promise<void> {
  const title = a.title[data.lang];
  document.title = `${title} | ${document.title}`;
  store(LAST_KEY, { fragment, title: a.title });
  role(host, "title").textContent = title;
  const now = Date.now();
  role(host, "due").textContent = `${t(data, "assignment.due", { date: formatDate(data, a.due) })} ${t(data, "assignment.due.in", { relative: relative(data, a.due, now) })}`;
  const late = role(host, "late");
  const policy = a.late.penaltyPerDay > 0 ? t(data, "assignment.policy", { penalty: a.late.penaltyPerDay }) : t(data, "assignment.policy.flagOnly");
  const closes = a.late.hardClose ? ` ${t(data, "assignment.closes", { date: formatDate(data, a.late.hardClose) })}` : "";
  if (a.late.hardClose && now > Date.parse(a.late.hardClose)) {
    late.dataset.kind = "closed";
    late.textContent = t(data, "assignment.closed", { date: formatDate(data, a.late.hardClose) });
  } else if (now > Date.parse(a.due)) {
    late.dataset.kind = "late";
    late.textContent = `${t(data, "assignment.pastDue")} ${policy}${closes}`;
  } else {
    late.dataset.kind = "policy";
    late.textContent = `${policy}${closes}`;
  }
  const total = a.exercises.reduce((n, e) => n + e.points, 0);
  role(host, "total").textContent = t(data, "assignment.total", { count: a.exercises.length, points: total });

  const entries = layOut(host, data, a);
  const checklist = checklistOf(host, data, entries);
  checklist.render();
  followExercises(host, entries, checklist.render);
  student(host, data, entries, a, checklist.passed);

  role(host, "loading").hidden = true;
  role(host, "body").hidden = false;
  mountAll();
}

/** layOut puts a section per exercise, in the assignment's order, from the page's templates. */
function layOut(host: HTMLElement, data: PageData, a: PublicAssignment): ExerciseEntry[] {
  const list = role(host, "exercises");
  return a.exercises.map((e, i) => {
    const section = el("section", { className: "sa-exercise", id: `sa-ex-${e.id}` });
    const heading = el(
      "h2",
      { id: `sa-ex-${e.id}-heading`, tabIndex: -1 },
      el("span", { textContent: t(data, "assignment.exercise", { n: i + 1, count: a.exercises.length }) }),
      el("span", { className: "sa-points", textContent: t(data, "assignment.points", { points: e.points }) }),
    );
    section.setAttribute("aria-labelledby", heading.id);
    section.append(heading);
    const template = host.querySelector<HTMLTemplateElement>(`template[data-exercise-template="${CSS.escape(e.id)}"]`);
    let root: HTMLElement | null = null;
    let code = "";
    if (template) {
      section.append(template.content.cloneNode(true));
      root = section.querySelector<HTMLElement>("[data-exercise]");
      const payload = JSON.parse(root?.querySelector('script[data-role="data"]')?.textContent ?? "{}") as { starter?: string };
      code = loadDraft(e.id)?.code ?? payload.starter ?? "";
    } else {
      section.append(el("p", { className: "sa-missing", textContent: t(data, "assignment.missing", { id: e.id }) }));
    }
    list.append(section);
    return { id: e.id, title: data.titles[e.id] ?? e.id, points: e.points, root, code, progress: loadProgress(e.id) };
  });
}

type ItemState = "pass" | "fail" | "stale" | "not-run";

/** stateOf says where an exercise stands: its last Run judged this exact code (pass or fail), or an older code (stale), or none. */
function stateOf(entry: ExerciseEntry): ItemState {
  if (!entry.progress) return "not-run";
  if (!isCurrent(entry.progress, entry.code)) return "stale";
  return entry.progress.status === "pass" ? "pass" : "fail";
}

const MARKS: Record<ItemState, string> = { pass: "✓", fail: "✗", stale: "!", "not-run": "○" };

function checklistOf(host: HTMLElement, data: PageData, entries: ExerciseEntry[]) {
  const list = role<HTMLOListElement>(host, "checklist");
  const summary = role(host, "summary");
  const items = entries.map((entry) => {
    const mark = el("span", { className: "sa-mark" });
    mark.setAttribute("aria-hidden", "true");
    const goto = el("button", { type: "button", className: "sa-goto", textContent: entry.title });
    goto.setAttribute("aria-label", t(data, "assignment.checklist.goto", { title: entry.title }));
    goto.addEventListener("click", () => {
      const heading = document.getElementById(`sa-ex-${entry.id}-heading`);
      heading?.scrollIntoView({ block: "start" });
      heading?.focus({ preventScroll: true });
    });
    const state = el("span", { className: "sa-state" });
    const li = el("li", { className: "sa-item" }, mark, goto, el("span", { className: "sa-points", textContent: t(data, "assignment.points", { points: entry.points }) }), state);
    li.dataset.exerciseItem = entry.id;
    list.append(li);
    return { entry, li, mark, state };
  });
  let lastSummary = "";
  const render = () => {
    for (const { entry, li, mark, state } of items) {
      const s = entry.root ? stateOf(entry) : "not-run";
      li.dataset.state = s;
      mark.textContent = MARKS[s];
      const p = entry.progress;
      state.textContent =
        s === "pass"
          ? t(data, "assignment.checklist.pass")
          : s === "fail" && p
            ? p.tests.length > 0
              ? t(data, "assignment.checklist.fail", { passed: p.tests.filter((x) => x.status === "pass").length, total: p.tests.length })
              : t(data, "assignment.checklist.failed", { status: data.verdictWords[p.status] ?? p.status })
            : s === "stale"
              ? t(data, "assignment.checklist.stale")
              : t(data, "assignment.checklist.notRun");
    }
    // The summary is a live region: it is rewritten only when it changes, not on every keystroke.
    const text = t(data, "assignment.checklist.summary", { passed: passed(), count: entries.length });
    if (text !== lastSummary) summary.textContent = lastSummary = text;
    role(host, "not-all").hidden = passed() === entries.length;
  };
  const passed = () => entries.filter((e) => e.root && stateOf(e) === "pass").length;
  return { render, passed };
}

/**
 * followExercises keeps each entry's code and last Run current: from the editors' events
 * (controller.ts), and from another tab (a chapter open beside the assignment) for an exercise
 * whose editor is not open here.
 */
function followExercises(host: HTMLElement, entries: ExerciseEntry[], render: () => void): void {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const list = role(host, "exercises");
  list.addEventListener("synclab:code", (e) => {
    const { id, code } = (e as CustomEvent<{ id: string; code: string }>).detail;
    const entry = byId.get(id);
    if (!entry || entry.code === code) return;
    entry.code = code;
    render();
  });
  list.addEventListener("synclab:verdict", (e) => {
    const { id } = (e as CustomEvent<{ id: string }>).detail;
    const entry = byId.get(id);
    if (!entry) return;
    entry.progress = loadProgress(id);
    render();
  });
  addEventListener("storage", () => {
    for (const entry of entries) {
      if (!entry.root || entry.root.dataset.mounted === "live") continue;
      entry.code = loadDraft(entry.id)?.code ?? entry.code;
      entry.progress = loadProgress(entry.id);
    }
    render();
  });
}

/** student wires the name and id fields (remembered here) and Download submission. */
function student(host: HTMLElement, data: PageData, entries: ExerciseEntry[], a: PublicAssignment, passed: () => number): void {
  const form = role<HTMLFormElement>(host, "form");
  const name = form.querySelector<HTMLInputElement>('input[name="name"]')!;
  const id = form.querySelector<HTMLInputElement>('input[name="student-id"]')!;
  const status = role(host, "download-status");
  try {
    const saved = JSON.parse(localStorage.getItem(STUDENT_KEY) ?? "null") as { name?: unknown; id?: unknown } | null;
    if (typeof saved?.name === "string") name.value = saved.name;
    if (typeof saved?.id === "string") id.value = saved.id;
  } catch {
    // Nothing remembered.
  }
  for (const input of [name, id]) {
    input.addEventListener("input", () => {
      input.removeAttribute("aria-invalid");
      store(STUDENT_KEY, { name: name.value, id: id.value });
    });
  }
  const fail = (text: string, field?: HTMLInputElement) => {
    status.dataset.kind = "error";
    status.textContent = text;
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  };
  const problemText = (p: SubmissionProblem): [string, HTMLInputElement?] => {
    switch (p.kind) {
      case "need-name":
        return [t(data, "assignment.download.needName"), name];
      case "need-id":
        return [t(data, "assignment.download.needId"), id];
      case "code-too-long":
        return [t(data, "assignment.download.tooLong", { title: data.titles[p.id] ?? p.id, max: MAX_CODE_CHARS })];
      case "too-large":
        return [t(data, "assignment.download.tooLarge", { max: MAX_SUBMISSION_BYTES / (1024 * 1024) })];
    }
  };
  let busy = false;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (busy) return;
    busy = true;
    void (async () => {
      try {
        if (!globalThis.crypto?.subtle) return fail(t(data, "assignment.download.noCrypto"));
        const built = await buildSubmission({
          assignment: { id: a.id, hash: await assignmentHash(a) },
          student: { name: name.value, id: id.value },
          exercises: entries.map((x) => ({ id: x.id, code: x.code, progress: x.progress })),
          siteVersion: data.siteVersion,
          now: new Date(),
        });
        if (!built.ok) return fail(...problemText(built.problem));
        const file = submissionFileName(a.id, built.submission.student.id);
        const url = URL.createObjectURL(new Blob([built.text], { type: "application/json" }));
        const link = el("a", { href: url, download: file });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.dataset.kind = passed() === entries.length ? "done" : "done-partial";
        const time = new Intl.DateTimeFormat(data.lang === "zh" ? "zh-CN" : "en", { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date());
        status.textContent = t(data, "assignment.download.done", { file, time });
      } finally {
        busy = false;
      }
    })();
  });
}
