/**
 * results — renders a Verdict into the exercise's results region. Runs on the page's main
 * thread (loaded with the editor controller); everything from the Verdict is inserted as text,
 * never as HTML.
 *
 * The panel, top to bottom: the overall status (a badge with a word, never color alone) and a
 * summary line with the timings; the Verdict's own message; compile errors with their
 * locations; the tests, grouped by their describe block, each with a status badge, its name
 * and, when it failed, its message, expected vs received, gosync's detector reports as Go
 * prints them, the failing schedule and a collapsed "Replay trace"; then console output.
 *
 * Each detector report is shown exactly once: the test's message says in a line what went wrong,
 * and the detectors' texts (race reports, the deadlock dump, the leak list) come from the
 * report, typed by gosync's schema (runner/core/report-text.ts). Every `solution.ts:L:C` in
 * any text becomes a button that moves the editor's cursor there (through `goTo`);
 * `hidden.test.ts:L:C` is marked but not clickable, since the hidden tests are not in the editor.
 *
 * Long things are drawn a part at a time, so a Verdict at its size cap (256 KiB: a dump of 50
 * goroutines, a trace of 2000 events, 200 console lines) stays a panel of a few hundred nodes:
 * a text shows its first SHOWN_LINES lines, a trace its first SHOWN_ROWS events, the data races
 * after the first their first SHOWN_RACES, each followed by a "show N more" button (a real
 * button, in the tab order) that draws the next part; only the first LINKED locations of a text
 * become buttons. Before that, 20,000 blocked goroutines made a panel of 40,000 nodes that kept
 * the page from answering for 34 s.
 */
import type { ConsoleCapture, Progress, SourceLocation, TestResult, Verdict } from "../../runner/browser/protocol.ts";
import { detectorReports, headline, scheduleText, type DetectorKind, type DetectorReport } from "../../runner/core/report-text.ts";
import type { VerdictReport } from "../../runner/core/verdict.ts";
import { pick, type Lang } from "../../runner/core/bilingual.ts";
import type { TraceEvent } from "gosync/sim";
import { appendInlineCode } from "./inline-code.ts";
import { profileTable } from "./profile-table.ts";
import { BADGE_KEY } from "./status-badge.ts";
import type { ScheduleHooks } from "./schedule-view.ts";
import { afterNextPaint } from "./after-paint.ts";
import type { strings as allStrings } from "./strings.ts";

type Strings = (typeof allStrings)["en"] | (typeof allStrings)["zh"];
type Key = keyof (typeof allStrings)["en"];
type GoTo = (loc: SourceLocation) => void;

/** The learner's file: the only one the editor shows, so the only one a location can move the cursor in. */
const EDITABLE = "solution.ts";
/** A position in one of the two files the learner knows, as every gosync and esbuild text writes it. */
const LOCATION = /\b(solution\.ts|hidden\.test\.ts):(\d+):(\d+)\b/g;

function fill(s: string, vars: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * PROGRESS_SHOWN_AFTER_MS is how long a Run's start leaves the previous verdict as it is: a warm
 * Run is judged sooner (~30–50 ms), and then its verdict simply replaces the last one in one
 * frame. Drawing "running" first cost that frame twice the work (the line pushes the page below
 * it down and back up: measured ~5–10 ms more between the verdict in the DOM and on screen).
 */
const PROGRESS_SHOWN_AFTER_MS = 100;
/** pendingProgress holds each region's progress not drawn yet (see PROGRESS_SHOWN_AFTER_MS). */
const pendingProgress = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/** dropPendingProgress forgets a region's progress not drawn yet: something newer is shown. */
function dropPendingProgress(region: HTMLElement): void {
  clearTimeout(pendingProgress.get(region));
  pendingProgress.delete(region);
}

/**
 * renderProgress shows that a Run is under way: `data-status` is "running" at once; a status
 * line (with a progress bar once tests run) goes on top of the previous verdict, which stays,
 * dimmed, until the new one replaces it — after PROGRESS_SHOWN_AFTER_MS when there is a previous
 * verdict and the Run has only started, so a quick Run swaps one verdict for the next.
 */
export function renderProgress(region: HTMLElement, s: Strings, p: Progress): void {
  dropPendingProgress(region);
  const first = region.dataset.status === "idle";
  if (first) region.replaceChildren(); // nothing to keep: the "press Run" line
  region.dataset.status = "running";
  if (!first && p.phase === "loading" && !region.classList.contains("sx-stale")) {
    pendingProgress.set(region, setTimeout(() => {
      pendingProgress.delete(region);
      if (region.dataset.status === "running") drawProgress(region, s, p);
    }, PROGRESS_SHOWN_AFTER_MS));
    return;
  }
  drawProgress(region, s, p);
}

function drawProgress(region: HTMLElement, s: Strings, p: Progress): void {
  region.classList.add("sx-stale");
  const line = el("div", "sx-running");
  const key = p.phase === "loading" ? "runner.status.loading" : p.phase === "bundling" ? "runner.status.bundling" : "runner.status.running";
  line.append(el("p", "sx-summary", s[key]));
  if (p.total) {
    const bar = el("progress");
    bar.max = p.total;
    bar.value = p.done ?? 0;
    line.append(bar, el("span", "sx-progress", ` ${fill(s["runner.progress"], { done: p.done ?? 0, total: p.total })}${p.test ? ` — ${p.test}` : ""}`));
  }
  const previous = region.querySelector(":scope > .sx-running");
  if (previous) previous.replaceWith(line);
  else region.prepend(line);
}

/** locationElement is a button that moves the cursor (solution.ts) or shows the line in the Tests tab (hidden.test.ts). */
function locationElement(loc: SourceLocation, s: Strings, goTo: GoTo): HTMLElement {
  const label = `${loc.file}:${loc.line}:${loc.column}`;
  const b = el("button", loc.file === EDITABLE ? "sx-loc" : "sx-loc sx-loc-hidden", label);
  b.type = "button";
  b.title = loc.file === EDITABLE ? fill(s["runner.loc.goto"], { line: loc.line, column: loc.column }) : s["runner.loc.hidden"];
  b.dataset.line = String(loc.line);
  b.dataset.column = String(loc.column);
  b.addEventListener("click", () => goTo(loc));
  return b;
}

/** LINKED is how many source locations of one text become location elements; later ones stay text. */
const LINKED = 100;
/** SHOWN_LINES is how many lines of a long text (a dump, the console) are drawn at first, and per "show more". */
const SHOWN_LINES = 60;
/** SHOWN_ROWS is how many trace events are drawn at first, and per "show more". */
const SHOWN_ROWS = 100;
/** SHOWN_RACES is how many of a test's further data races are drawn at first, and per "show more". */
const SHOWN_RACES = 5;

/** appendLinked appends text to parent with its source locations (the first LINKED) turned into location elements. */
function appendLinked(parent: HTMLElement, text: string, s: Strings, goTo: GoTo): HTMLElement {
  let last = 0;
  let linked = 0;
  for (const m of text.matchAll(LOCATION)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    parent.append(locationElement({ file: m[1], line: Number(m[2]), column: Number(m[3]) }, s, goTo));
    last = m.index + m[0].length;
    if (++linked >= LINKED) break;
  }
  if (last < text.length) parent.append(text.slice(last));
  return parent;
}

/**
 * showMore puts after `anchor` a button that draws `total` more items `step` at a time by
 * calling draw(from, to), labelled with `key` ("Show {n} more …"). The button keeps the focus
 * while items remain; once it goes, the focus moves to `focusAfter` (made focusable), so a
 * keyboard user is never dropped to the top of the page.
 */
function showMore(anchor: HTMLElement, total: number, step: number, key: Key, s: Strings, draw: (from: number, to: number) => void, focusAfter: HTMLElement): void {
  if (total <= 0) return;
  let done = 0;
  const b = el("button", "sx-show-more");
  b.type = "button";
  const label = () => (b.textContent = fill(s[key], { n: Math.min(step, total - done), left: total - done }));
  label();
  b.addEventListener("click", () => {
    const to = Math.min(total, done + step);
    draw(done, to);
    done = to;
    if (done < total) return void label();
    if (focusAfter.tabIndex < 0) focusAfter.tabIndex = -1;
    const hadFocus = document.activeElement === b;
    b.remove();
    if (hadFocus) focusAfter.focus();
  });
  anchor.after(b);
}

/**
 * linkedLines fills `pre` with text, its first SHOWN_LINES lines at once and the rest behind a
 * "show more lines" button after `pre` (so `pre` must be in the document or in its parent by
 * the time it is returned: the caller appends it, then calls the returned function).
 */
function linkedLines(pre: HTMLElement, text: string, s: Strings, goTo: GoTo): () => void {
  const lines = text.split("\n");
  if (lines.length <= SHOWN_LINES + SHOWN_LINES / 2) {
    appendLinked(pre, text, s, goTo);
    return () => {};
  }
  appendLinked(pre, lines.slice(0, SHOWN_LINES).join("\n"), s, goTo);
  const rest = lines.slice(SHOWN_LINES);
  return () =>
    showMore(pre, rest.length, SHOWN_LINES * 5, "runner.more.lines", s, (from, to) => appendLinked(pre, `\n${rest.slice(from, to).join("\n")}`, s, goTo), pre);
}

type Block = DetectorReport;

const BLOCK_TITLE: Record<DetectorKind, Key> = {
  race: "runner.report.race",
  deadlock: "runner.report.deadlock",
  leak: "runner.report.leaks",
  panic: "runner.report.panic",
  fatal: "runner.report.fatal",
  goroutines: "runner.report.goroutines",
};

function reportFigure(b: Block, title: string, s: Strings, goTo: GoTo): HTMLElement {
  const fig = el("figure", "sx-report");
  fig.dataset.kind = b.kind;
  const pre = el("pre");
  const more = linkedLines(pre, b.text, s, goTo);
  fig.append(el("figcaption", undefined, title), pre);
  more();
  return fig;
}

/** badge is a status word with a glyph; the glyph is decoration, the word carries the meaning. */
function badge(kind: string, word: string): HTMLElement {
  const b = el("span", "sx-badge");
  b.dataset.kind = kind;
  const glyph = el("span", "sx-badge-glyph", kind === "pass" ? "✓" : kind === "skipped" ? "–" : "✗");
  glyph.setAttribute("aria-hidden", "true");
  b.append(glyph, word);
  return b;
}

/** diff shows expected and received as two aligned lines (the Verdict carries them as formatted strings). */
function diff(t: TestResult, s: Strings): HTMLElement {
  const d = el("dl", "sx-diff");
  const row = (sign: string, kind: string, label: string, value: string | undefined) => {
    const dt = el("dt");
    dt.dataset.kind = kind;
    const mark = el("span", "sx-diff-sign", sign);
    mark.setAttribute("aria-hidden", "true");
    dt.append(mark, label);
    const dd = el("dd");
    dd.dataset.kind = kind;
    dd.append(el("code", undefined, value ?? s["runner.test.none"]));
    d.append(dt, dd);
  };
  row("−", "expected", s["runner.test.expected"], t.expected);
  row("+", "actual", s["runner.test.actual"], t.actual);
  return d;
}

function scheduleLine(t: TestResult, s: Strings, lang: Lang): HTMLElement | undefined {
  if (!t.schedule) return undefined;
  // A shrunk schedule says where it was found and what shrinking did (report-text.ts, both languages).
  if (t.schedule.shrunk) return el("p", "sx-schedule", `${lang === "zh" ? "失败的调度：" : "Failing schedule: "}${scheduleText(t.schedule, lang)}`);
  const key = t.schedule.runs <= 1 ? "runner.schedule.first" : "runner.schedule";
  // The strategy with the parameters its token needs to replay it (gosync/sim's tokenOf).
  const { strategy, seed, runs, depth, expectedSteps, bound } = t.schedule;
  const params = [depth !== undefined ? `depth=${depth}` : "", expectedSteps !== undefined ? `expectedSteps=${expectedSteps}` : "", bound !== undefined ? `bound=${bound}` : ""].filter(Boolean).join(" ");
  return el("p", "sx-schedule", fill(s[key], { strategy: params ? `${strategy} (${params})` : strategy, seed, runs }));
}

/**
 * traceTable builds the replay trace as a table: step, virtual time, goroutine, event, detail,
 * location; its first SHOWN_ROWS events, and a function that puts the "show more events" button
 * after `wrap` (call it once the table is in `wrap`).
 */
function traceTable(report: VerdictReport, s: Strings, goTo: GoTo): { table: HTMLElement; more: (wrap: HTMLElement) => void } {
  const table = el("table", "sx-trace-table");
  const head = el("tr");
  for (const k of ["runner.trace.step", "runner.trace.time", "runner.trace.goroutine", "runner.trace.event", "runner.trace.detail", "runner.trace.location"] as const) {
    const th = el("th", undefined, s[k]);
    th.scope = "col";
    head.append(th);
  }
  table.appendChild(el("thead")).append(head);
  const body = table.appendChild(el("tbody"));
  let mainReturned = false;
  const events = report.trace ?? [];
  const row = (e: TraceEvent) => {
    if (e.afterMain === true && !mainReturned) {
      mainReturned = true;
      const tr = body.appendChild(el("tr", "sx-trace-mark"));
      const td = tr.appendChild(el("td", undefined, s["runner.trace.mainReturned"]));
      td.colSpan = 6;
    }
    const tr = body.appendChild(el("tr"));
    if (mainReturned) tr.className = "sx-after-main";
    const { g, child, obj, by } = e;
    // The primitive's id leads, muted, so "#2 chan receive" and "#1 WaitGroup counter 3" read apart.
    const detail = el("td");
    if (obj !== undefined) detail.append(el("span", "sx-muted", `#${obj} `));
    detail.append([e.detail, child !== undefined ? fill(s["runner.trace.child"], { g: child }) : undefined, by !== undefined ? fill(s["runner.trace.by"], { g: by }) : undefined].filter(Boolean).join(" "));
    tr.append(
      el("td", undefined, String(e.step)),
      el("td", undefined, `${e.t} ms`),
      el("td", undefined, g === 0 ? s["runner.trace.runtime"] : String(g)),
      el("td", "sx-trace-kind", e.kind),
      detail,
      appendLinked(el("td"), e.at ?? "", s, goTo),
    );
  };
  const first = Math.min(events.length, SHOWN_ROWS);
  for (let i = 0; i < first; i++) row(events[i]);
  const more = (wrap: HTMLElement) =>
    showMore(wrap, events.length - first, SHOWN_ROWS * 2, "runner.more.events", s, (from, to) => {
      for (let i = first + from; i < first + to; i++) row(events[i]);
    }, wrap);
  return { table, more };
}

/**
 * replay is the collapsed "Replay trace" disclosure of a failing test: the goroutine dump of a
 * failed assertion (context the detector blocks leave out) and the event trace. Its contents are
 * built on first open: a trace holds up to 2000 events and most learners never open it. A Run
 * leaves its failures' traces out (Limits.traceFailures): the first opening asks for it
 * (hooks.traced) and says so meanwhile.
 */
function replay(t: TestResult, s: Strings, goTo: GoTo, hooks?: ScheduleHooks): HTMLElement | undefined {
  const r = t.report;
  const events = r?.trace?.length ?? 0;
  const dump = t.status === "fail" ? r?.dump || undefined : undefined;
  const asked = r !== undefined && r.trace === undefined && hooks !== undefined;
  if (!r || (!events && !dump && !asked)) return undefined;
  const d = el("details", "sx-replay");
  const summary = el("summary", undefined, s["runner.trace"]);
  const count = (of: VerdictReport) => summary.append(el("span", "sx-muted", ` ${fill(s["runner.trace.count"], { n: of.trace!.length, ms: of.elapsedMs })}`));
  if (events) count(r);
  d.append(summary);
  const drawTrace = (of: VerdictReport) => {
    const dropped = of.traceDropped;
    if (dropped) d.append(el("p", "sx-muted", fill(s["runner.trace.dropped"], { n: dropped })));
    if (!of.trace?.length) return;
    const wrap = el("div", "sx-trace-scroll");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", s["runner.trace"]);
    const { table, more } = traceTable(of, s, goTo);
    wrap.append(table);
    d.append(wrap);
    more(wrap);
  };
  d.addEventListener(
    "toggle",
    () => {
      if (dump) d.append(reportFigure({ kind: "goroutines", text: dump }, s["runner.report.goroutines"], s, goTo));
      if (!asked) return drawTrace(r);
      const status = d.appendChild(el("p", "sx-muted", s["runner.schedule.tracing"]));
      status.setAttribute("role", "status");
      d.setAttribute("aria-busy", "true");
      void hooks
        .traced(t)
        .catch(() => undefined)
        .then((traced) => {
          d.removeAttribute("aria-busy");
          if (!traced?.report?.trace) {
            status.textContent = s["runner.trace.unavailable"];
            return;
          }
          status.remove();
          if (traced.report.trace.length) count(traced.report);
          drawTrace(traced.report);
        });
    },
    { once: true },
  );
  return d;
}

/**
 * moreRaces is the disclosure holding a test's data races after the first: it draws them when
 * first opened, SHOWN_RACES at a time, each further part behind a "show more" button.
 */
function moreRaces(raceBlocks: readonly Block[], title: (b: Block, i: number) => string, s: Strings, goTo: GoTo): HTMLElement {
  const more = el("details", "sx-more");
  more.append(el("summary", undefined, fill(s["runner.report.moreRaces"], { n: raceBlocks.length - 1 })));
  more.addEventListener(
    "toggle",
    () => {
      const list = more.appendChild(el("div", "sx-more-list"));
      list.style.display = "grid";
      list.style.gap = "0.5rem";
      const draw = (from: number, to: number) => {
        for (let i = from + 1; i < to + 1; i++) list.append(reportFigure(raceBlocks[i], title(raceBlocks[i], i), s, goTo));
      };
      const first = Math.min(raceBlocks.length - 1, SHOWN_RACES);
      draw(0, first);
      showMore(list, raceBlocks.length - 1 - first, SHOWN_RACES, "runner.more.races", s, (from, to) => draw(first + from, first + to), list);
    },
    { once: true },
  );
  return more;
}

/** pageLang is the language the page is in (the tests' names and messages are shown in it). */
function pageLang(node: Node): Lang {
  return (node.ownerDocument?.documentElement.lang ?? "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** profileOf is test `t`'s blocking profile as a table, when its result carries one. */
function profileOf(t: TestResult, s: Strings, goTo: GoTo): HTMLElement | undefined {
  if (!t.profile) return undefined;
  return profileTable(t.profile, s[t.status === "pass" ? "runner.profile.first" : "runner.profile.failing"], s, (cell, text) => appendLinked(cell, text, s, goTo));
}

/** scheduleViewModule is schedule-view.ts (and the timeline) once asked for: one load however many ask. */
let scheduleViewModule: Promise<typeof import("./schedule-view.ts")> | undefined;

/**
 * loadScheduleView loads schedule-view.ts once; a load that failed (offline, the site updated
 * meanwhile) is tried again by the next caller.
 */
function loadScheduleView(): Promise<typeof import("./schedule-view.ts")> {
  const p = (scheduleViewModule ??= import("./schedule-view.ts"));
  p.catch(() => {
    if (scheduleViewModule === p) scheduleViewModule = undefined;
  });
  return p;
}

/**
 * preloadScheduleView starts loading schedule-view.ts (its chunk holds the timeline) once the
 * panel has painted a failed test's verdict: in a task of the lowest priority after that frame
 * (afterNextPaint), so the verdict's frame waits for nothing and the chunk is there before a
 * learner can tap a Schedule summary — on a phone there is no hover to load it on, and the
 * browser's first idle moment may come after the tap. Once loaded, at the next idle moment, it
 * warms the view up (schedule-view.ts's warmUp: the engine compiles the drawing then, not at the
 * first opening); where the browser has no requestIdleCallback, a while after.
 */
let preloadQueued = false;
function preloadScheduleView(lang: Lang): void {
  if (scheduleViewModule || preloadQueued) return;
  preloadQueued = true;
  const idle = (f: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 500));
  void afterNextPaint().then(() => {
    preloadQueued = false;
    loadScheduleView().then(
      (view) => idle(() => view.warmUp(lang)),
      () => undefined, // the opening says why, if it still fails
    );
  });
}

/**
 * scheduleView is the collapsed "Schedule" disclosure of a test: on first open it draws the
 * failing schedule from the report, or asks for a passing test's first schedule, with
 * schedule-view.ts (and the timeline with it), loaded when the learner is about to open it —
 * the pointer on or the focus at its summary — or, for a failed test, right after the verdict is
 * painted (preloadScheduleView). Nothing of it is loaded before the panel shows a verdict.
 */
function scheduleView(t: TestResult, s: Strings, goTo: GoTo, lang: Lang, hooks: ScheduleHooks): HTMLElement {
  const d = el("details", "sx-schedule-view");
  const summary = d.appendChild(el("summary", undefined, s[t.status === "pass" ? "runner.schedule.view.passing" : "runner.schedule.view.failing"]));
  const soon = () => void loadScheduleView().catch(() => undefined); // the opening says why, if it still fails
  summary.addEventListener("pointerenter", soon, { once: true });
  summary.addEventListener("focus", soon, { once: true });
  if (t.status !== "pass") preloadScheduleView(lang);
  let drawn = false;
  // Drawn in the click (or Enter, or Space) that opens it, so the frame that shows it open shows
  // the timeline: its toggle event comes only after that frame. The toggle draws it when
  // something else opened it (a script, the browser's find in page).
  summary.addEventListener("click", () => {
    if (!d.open) draw();
  });
  d.addEventListener("toggle", () => {
    if (d.open) draw();
  });
  return d;

  function draw(): void {
    if (drawn) return;
    drawn = true;
    const body = d.appendChild(el("div", "sx-schedule-body"));
    const loading = body.appendChild(el("p", "sx-muted", s["runner.schedule.loading"]));
    void loadScheduleView()
      .then(({ openSchedule }) => {
        loading.remove();
        return openSchedule(body, t, s, lang, hooks, (r) => profileOf(r, s, goTo));
      })
      .catch((e: unknown) => {
        // A chunk that did not load (the site was updated meanwhile, or offline and not cached) is said in place.
        body.append(el("p", "sx-muted", fill(s["runner.schedule.failed"], { why: e instanceof Error ? e.message : String(e) })));
      });
  }
}

function testItem(t: TestResult, shortName: string, s: Strings, goTo: GoTo, lang: Lang, hooks?: ScheduleHooks): HTMLLIElement {
  const li = el("li", "sx-test");
  li.dataset.testStatus = t.status;
  li.dataset.testName = t.name;
  const head = li.appendChild(el("div", "sx-test-head"));
  head.append(badge(t.status, s[BADGE_KEY[t.status]]), appendInlineCode(el("strong", "sx-test-name"), shortName));
  if (t.status === "skipped") return li;
  const profile = profileOf(t, s, goTo);
  if (t.status === "pass") {
    if (profile) li.append(profile);
    if (hooks) li.append(scheduleView(t, s, goTo, lang, hooks));
    return li;
  }
  if (t.location) head.append(locationElement(t.location, s, goTo));
  const blocks = detectorReports(t);
  const message = headline({ ...t, message: t.message === undefined ? undefined : pick(lang, t.message, t.zh?.message) });
  if (message) {
    const p = el("p", "sx-test-message");
    const more = linkedLines(p, message, s, goTo);
    li.append(p);
    more();
  }
  if (t.expected !== undefined || t.actual !== undefined) li.append(diff(t, s));
  // Every race is shown once; after the first, they wait behind a disclosure: a test's races
  // usually share a cause, and eight reports in a row bury the one to read first. The
  // disclosure draws its races when first opened, SHOWN_RACES at a time.
  const raceBlocks = blocks.filter((b) => b.kind === "race");
  const races = raceBlocks.length;
  const title = (b: Block, i: number) => (b.kind === "race" && races > 1 ? fill(s["runner.report.raceOf"], { i: i + 1, n: races }) : s[BLOCK_TITLE[b.kind]]);
  for (const b of blocks) {
    if (b.kind !== "race" || b === raceBlocks[0]) li.append(reportFigure(b, title(b, 0), s, goTo));
    else if (b === raceBlocks[1]) li.append(moreRaces(raceBlocks, title, s, goTo));
  }
  const sched = scheduleLine(t, s, lang);
  if (sched) li.append(sched);
  if (profile) li.append(profile);
  // A report without a trace is a Run's (Limits.traceFailures): the view asks for it when opened.
  if (hooks && t.report && (t.report.trace === undefined || t.report.trace.length)) li.append(scheduleView(t, s, goTo, lang, hooks));
  const r = replay(t, s, goTo, hooks);
  if (r) li.append(r);
  return li;
}

/** groups splits tests into runs of the same describe path (the name in `lang` minus its last " > " part). */
function groups(tests: readonly TestResult[], lang: Lang): { title: string; tests: { t: TestResult; name: string }[] }[] {
  const out: { title: string; tests: { t: TestResult; name: string }[] }[] = [];
  for (const t of tests) {
    const full = pick(lang, t.name, t.zh?.name);
    const cut = full.lastIndexOf(" > ");
    const title = cut < 0 ? "" : full.slice(0, cut);
    const name = cut < 0 ? full : full.slice(cut + 3);
    if (out.at(-1)?.title !== title) out.push({ title, tests: [] });
    out.at(-1)!.tests.push({ t, name });
  }
  return out;
}

function summaryLine(v: Verdict, s: Strings): string {
  const run = v.tests.filter((t) => t.status !== "skipped");
  const failed = run.filter((t) => t.status !== "pass").length;
  const skipped = v.tests.length - run.length;
  let line: string;
  if (!run.length) line = s[`runner.status.${v.status}`];
  else if (failed === 0) line = run.length === 1 ? s["runner.summary.passOne"] : fill(s["runner.summary.pass"], { total: run.length });
  else line = fill(s["runner.summary.fail"], { failed, total: run.length });
  if (skipped) line += ` ${fill(s["runner.summary.skipped"], { n: skipped })}`;
  return line;
}

/**
 * blindSpotNote is the note a pass of an exercise with a documented blind spot carries: what the
 * hidden tests cannot see (config.json's `blindSpot`), so a pass is not read as proof.
 */
function blindSpotNote(text: string, s: Strings): HTMLElement {
  const note = el("div", "sx-blind-spot");
  note.setAttribute("role", "note");
  note.append(el("p", "sx-blind-spot-title", s["runner.blindSpot"]), appendInlineCode(el("p"), text));
  return note;
}

/**
 * renderVerdict draws v into the results region; `blindSpot` (the exercise's, in the page's
 * language) is said on a pass, right under the summary. With `schedule`, each test offers its
 * Schedule view (the timeline, loaded when first opened: schedule-view.ts), whose steps and
 * requests go there.
 */
export function renderVerdict(region: HTMLElement, s: Strings, v: Verdict, out: ConsoleCapture | undefined, goTo: GoTo, blindSpot?: string, schedule?: ScheduleHooks): void {
  dropPendingProgress(region);
  region.replaceChildren();
  region.classList.remove("sx-stale");
  const overview = region.appendChild(el("div", "sx-overview"));
  const title = overview.appendChild(el("h4", "sx-summary"));
  title.append(badge(v.status === "pass" ? "pass" : v.status, s[`runner.verdict.${v.status}`]), summaryLine(v, s));
  // A bundle made ahead of the Run (while the learner typed) took no time in it: "0 ms" said otherwise.
  const ms = { bundle: Math.round(v.timings.bundleMs), run: Math.round(v.timings.runMs) || "<1" };
  const timings = !v.tests.length ? "runner.timings.bundle" : ms.bundle === 0 ? "runner.timings.prepared" : "runner.timings";
  overview.append(el("p", "sx-timings", fill(s[timings], { ...ms, bundle: ms.bundle || "<1" })));
  if (v.status === "pass" && blindSpot) region.append(blindSpotNote(blindSpot, s));

  // A compile error's message repeats its first diagnostic; the list below says it, with links.
  const diagnosticTexts = new Set(v.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`));
  if (v.message && !diagnosticTexts.has(v.message)) region.append(appendLinked(el("p", "sx-message"), pick(pageLang(region), v.message, v.zh?.message), s, goTo));
  if (v.diagnostics.length) {
    region.append(el("h5", "sx-heading", s[v.diagnostics.every((d) => d.severity === "warning") ? "runner.diagnostics.types" : "runner.diagnostics"]));
    const ul = region.appendChild(el("ul", "sx-diagnostics"));
    for (const d of v.diagnostics) {
      const li = ul.appendChild(el("li"));
      li.dataset.severity = d.severity;
      li.append(badge(d.severity === "error" ? "error" : "warning", s[d.severity === "error" ? "runner.severity.error" : "runner.severity.warning"]), locationElement(d, s, goTo));
      appendLinked(li.appendChild(el("span", "sx-diagnostic-message")), d.message, s, goTo);
    }
  }

  const lang = pageLang(region);
  for (const g of groups(v.tests, lang)) {
    const section = region.appendChild(el("section", "sx-group"));
    if (g.title) section.append(el("h5", "sx-heading", g.title));
    const ol = section.appendChild(el("ol", "sx-tests"));
    for (const { t, name } of g.tests) ol.append(testItem(t, name, s, goTo, lang, schedule));
  }

  if (out && (out.lines.length || out.dropped)) {
    const d = region.appendChild(el("details", "sx-console"));
    d.open = true;
    d.append(el("summary", undefined, fill(s["runner.console"], { n: out.lines.length + out.dropped })));
    const body = out.lines.join("\n") + (out.dropped ? `\n${fill(s["runner.console.dropped"], { n: out.dropped })}` : "");
    const pre = el("pre");
    const more = linkedLines(pre, body, s, goTo);
    d.append(pre);
    more();
  }
  if (v.cut?.length) {
    region.append(el("p", "sx-muted sx-cut", fill(s["runner.cut"], { what: v.cut.map((c) => s[`runner.cut.${c}`]).join(s["runner.cut.separator"]) })));
  }
  // Set last: tests wait for data-status, and everything above must be in place by then.
  region.dataset.status = v.status;
}
