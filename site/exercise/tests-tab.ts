/**
 * tests-tab — the workspace's Tests tab after a Run: each hidden test listed at build
 * (Exercise.astro, from test-cases.ts) takes its state from the Verdict; a test that failed
 * shows its message, expected and received, and its own code from hidden.test.ts with the line
 * it failed at marked, so "at hidden.test.ts:NN" can be read where the learner is, highlighted
 * as the editor highlights it (Monaco's colorize, already loaded for the Run: nothing more is
 * fetched). Runs on the page's main thread, loaded with the editor controller. Text from the
 * Verdict is inserted as text, never as HTML; the only HTML is colorize's, of hidden.test.ts.
 */
import type { TestResult, Verdict } from "../../runner/browser/protocol.ts";
import { appendInlineCode } from "./inline-code.ts";
import { pick, type Lang } from "../../runner/core/bilingual.ts";
import type { strings as allStrings } from "./strings.ts";
import { selectTab } from "./workspace.ts";
import { BADGE_KEY } from "./status-badge.ts";
import { afterNextPaint } from "./after-paint.ts";

type Strings = (typeof allStrings)["en"] | (typeof allStrings)["zh"];

/** TestSpan is where a test's call sits in hidden.test.ts (test-cases.ts's TestCase). */
export interface TestSpan {
  name: string;
  line: number;
  endLine: number;
}

const HIDDEN = "hidden.test.ts";
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** failedLine is the line of hidden.test.ts inside the test's span where it failed: its location, else its stack's first such frame. */
function failedLine(t: TestResult, span: TestSpan): number | undefined {
  const inSpan = (line: number) => line >= span.line && line <= span.endLine;
  if (t.location?.file === HIDDEN && inSpan(t.location.line)) return t.location.line;
  for (const m of `${t.stack ?? ""}\n${t.message ?? ""}`.matchAll(/hidden\.test\.ts:(\d+)/g)) {
    if (inSpan(Number(m[1]))) return Number(m[1]);
  }
  return undefined;
}

/**
 * Colorize turns TypeScript source into the editor's highlighted HTML, one `<br/>`-ended line per
 * source line (monaco.editor.colorize with the page's theme): its token classes are those of the
 * theme in force, so each code block is drawn again when the site's theme changes.
 */
export type Colorize = (source: string) => Promise<string>;

/** colorizeWith is the Colorize of a loaded Monaco: its TypeScript tokenizer, as in the editor. */
export function colorizeWith(monaco: { editor: { colorize(text: string, languageId: string, options: { tabSize?: number }): Promise<string> } }): Colorize {
  return (source) => monaco.editor.colorize(source, "typescript", { tabSize: 2 });
}

/** colorized holds the code blocks drawn with a Colorize, to draw again in the next theme. */
const colorized = new Map<HTMLPreElement, { lines: string[]; colorize: Colorize }>();
let themeObserver: MutationObserver | undefined;

/**
 * linesHTML holds each test's colorized lines by theme and source: a test that fails again in the
 * next Run (the usual case while a learner works) is drawn from it, without tokenizing again.
 */
const linesHTML = new Map<string, string[]>();

/** colorizedLines is the colorized HTML of each of `lines` in the theme in force, from linesHTML when it has it. */
async function colorizedLines(lines: string[], colorize: Colorize): Promise<string[]> {
  const source = lines.join("\n");
  const key = `${document.documentElement.dataset.theme ?? ""}\n${source}`;
  const known = linesHTML.get(key);
  if (known) return known;
  // colorize writes spaces as no-break spaces (`&nbsp;` or U+00A0 in its HTML, never inside a tag):
  // the code is read (and copied) with plain ones.
  const html = (await colorize(source)).replace(/&nbsp;|&#160;|\u00a0/g, " ").split("<br/>");
  linesHTML.set(key, html);
  return html;
}

/**
 * highlight replaces the text of each line of `pre` by its colorized HTML (the line numbers and
 * the failed line's mark stay); a block whose colorizing fails stays plain text.
 */
async function highlight(pre: HTMLPreElement, lines: string[], colorize: Colorize): Promise<void> {
  for (const p of colorized.keys()) if (!p.isConnected) colorized.delete(p); // a later Run's details replaced it
  colorized.set(pre, { lines, colorize });
  themeObserver ??= new MutationObserver(() => {
    for (const [p, c] of colorized) void highlight(p, c.lines, c.colorize);
  });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  let html: string[];
  try {
    html = await colorizedLines(lines, colorize);
  } catch {
    return;
  }
  const rows = Array.from(pre.querySelectorAll<HTMLElement>(":scope > .sx-code-line"));
  // One parse for the whole block (a parse per line was ~5 ms a Run for a few failed tests), where
  // each line's markup is balanced spans, as colorize writes them; else a parse per line.
  const balanced = (h: string) => h.split("<span").length === h.split("</span>").length && !/<\/?div\b/.test(h);
  const pieces = html.slice(0, rows.length);
  if (pieces.length === rows.length && pieces.every(balanced)) {
    pre.innerHTML = rows
      .map((row, i) => {
        const n = Number(row.dataset.line); // a number this module wrote
        return `<span class="sx-code-line" data-line="${n}"${row.hasAttribute("data-failed") ? ' data-failed=""' : ""}><span class="sx-code-num" aria-hidden="true">${n}</span><span class="sx-code-text" data-colorized="">${pieces[i]}</span>\n</span>`;
      })
      .join("");
    return;
  }
  rows.forEach((row, i) => {
    const code = row.querySelector<HTMLElement>(":scope > .sx-code-text");
    if (!code || html[i] === undefined) return;
    code.innerHTML = html[i]; // colorize's HTML of hidden.test.ts: the text is escaped, only its spans are markup
    code.dataset.colorized = "";
  });
}

/** testCode is the test's lines of hidden.test.ts, numbered, the failing one marked, highlighted once `colorize` answers. */
function testCode(source: string, span: TestSpan, failed: number | undefined, s: Strings, colorize?: Colorize): HTMLElement {
  const figure = el("figure", "sx-test-code");
  const caption = el("figcaption", undefined, s["workspace.tests.code"].replace("{from}", String(span.line)).replace("{to}", String(span.endLine)));
  const pre = el("pre");
  pre.tabIndex = 0;
  const lines = source.split("\n").slice(span.line - 1, span.endLine);
  lines.forEach((text, i) => {
    const n = span.line + i;
    const row = pre.appendChild(el("span", "sx-code-line"));
    row.dataset.line = String(n);
    if (n === failed) row.dataset.failed = "";
    const num = row.appendChild(el("span", "sx-code-num", String(n)));
    num.setAttribute("aria-hidden", "true");
    row.append(el("span", "sx-code-text", text), "\n");
  });
  figure.append(caption, pre);
  // Highlighted once the verdict is on screen: the plain text is there at once, and the verdict's
  // frame does not wait for the tokenizer and the markup (~4 ms a Run for a few failed tests).
  if (colorize) void afterNextPaint().then(() => (pre.isConnected ? highlight(pre, lines, colorize) : undefined));
  return figure;
}

/** pageLang is the page's language: the tests' names and messages are shown in it (the Verdict carries both). */
function pageLang(node: Node): Lang {
  return (node.ownerDocument?.documentElement.lang ?? "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** details is what a failed test shows under its name: message (in the page's language), expected/received, its code. */
function details(t: TestResult, span: TestSpan | undefined, source: string, s: Strings, lang: Lang, colorize?: Colorize): HTMLElement {
  const box = el("div", "sx-test-details");
  if (t.message) appendInlineCode(box.appendChild(el("p", "sx-test-message")), pick(lang, t.message, t.zh?.message).split("\n").slice(0, 12).join("\n"));
  if (t.expected !== undefined || t.actual !== undefined) {
    const dl = box.appendChild(el("dl", "sx-diff"));
    for (const [kind, label, value] of [["expected", s["runner.test.expected"], t.expected], ["actual", s["runner.test.actual"], t.actual]] as const) {
      const dt = dl.appendChild(el("dt", undefined, label));
      dt.dataset.kind = kind;
      const dd = dl.appendChild(el("dd"));
      dd.dataset.kind = kind;
      dd.append(el("code", undefined, value ?? s["runner.test.none"]));
    }
  }
  if (span) box.append(testCode(source, span, failedLine(t, span), s, colorize));
  return box;
}

/** itemFor finds the list's item for a test, adding one at the end for a test the build did not list. */
function itemFor(list: HTMLElement, name: string, s: Strings, shown = name): HTMLLIElement {
  const found = Array.from(list.querySelectorAll<HTMLLIElement>(":scope > li")).find((li) => li.dataset.testName === name);
  if (found) return found;
  const li = list.appendChild(el("li", "sx-testcase"));
  li.dataset.testName = name;
  const head = li.appendChild(el("div", "sx-test-head"));
  head.append(el("span", "sx-badge", s["workspace.tests.idle"]), appendInlineCode(el("span", "sx-test-name"), shown));
  return li;
}

/** pendingDetails is, per test list, the drawing of the last Run's failures' details while it waits for the verdict's paint. */
const pendingDetails = new WeakMap<HTMLElement, () => void>();

/**
 * showTestResults gives each listed test the state the Verdict reports (a test the Verdict does
 * not name goes back to "not run": it did not run, e.g. after a compile error) and the details
 * of each failure, its code highlighted by `colorize` when given.
 */
export function showTestResults(root: HTMLElement, verdict: Verdict, spans: readonly TestSpan[], source: string, s: Strings, colorize?: Colorize): void {
  const list = root.querySelector<HTMLElement>('[data-role="testlist"]');
  if (!list) return;
  list.removeAttribute("data-stale");
  const byName = new Map(verdict.tests.map((t) => [t.name, t]));
  const spanOf = new Map(spans.map((sp) => [sp.name, sp]));
  const lang = pageLang(root);
  for (const t of verdict.tests) itemFor(list, t.name, s, pick(lang, t.name, t.zh?.name));
  const failed: Array<[HTMLLIElement, TestResult]> = [];
  for (const li of list.querySelectorAll<HTMLLIElement>(":scope > li")) {
    const t = byName.get(li.dataset.testName ?? "");
    const badge = li.querySelector<HTMLElement>(".sx-badge")!;
    li.querySelector(".sx-test-details")?.remove();
    li.dataset.testStatus = t?.status ?? "idle";
    badge.dataset.kind = t?.status ?? "idle";
    badge.textContent = t ? s[BADGE_KEY[t.status]] : s["workspace.tests.idle"];
    if (t && t.status !== "pass" && t.status !== "skipped") failed.push([li, t]);
  }
  const draw = () => {
    if (pendingDetails.get(list) !== draw) return; // a later Run's results replaced these
    pendingDetails.delete(list);
    for (const [li, t] of failed) li.append(details(t, spanOf.get(t.name), source, s, lang, colorize));
  };
  pendingDetails.set(list, draw);
  // In a closed tab the failures' details are drawn once the verdict is on screen (~2 ms of the
  // verdict's frame for seven failed tests, profiled); revealHiddenLine draws them at once.
  if (list.closest("[hidden]")) void afterNextPaint().then(draw);
  else draw();
  const tab = root.querySelector<HTMLElement>('[role="tab"][data-tab="tests"] .sx-tab-count');
  if (tab) {
    const run = verdict.tests.filter((t) => t.status !== "skipped");
    const count = run.length ? `${run.filter((t) => t.status === "pass").length}/${run.length}` : String(list.children.length);
    // Written only when it changes: the tab bar is laid out with the page, not inside a contained pane.
    if (tab.textContent !== count) tab.textContent = count;
  }
}

/**
 * revealHiddenLine opens the Tests tab at a line of hidden.test.ts: the failed test's code that
 * holds it, scrolled into view and focused (its code is drawn only for failed tests; a line
 * outside them opens the tab alone).
 */
export function revealHiddenLine(root: HTMLElement, line: number): void {
  selectTab(root, "tests");
  const list = root.querySelector<HTMLElement>('[data-role="testlist"]');
  if (list) pendingDetails.get(list)?.();
  const row = root.querySelector<HTMLElement>(`[data-role="testlist"] .sx-code-line[data-line="${line}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  row.closest("pre")?.focus({ preventScroll: true });
}

/** markTestsStale dims the Tests tab's states: the code they judged has been replaced. */
export function markTestsStale(root: HTMLElement): void {
  root.querySelector('[data-role="testlist"]')?.setAttribute("data-stale", "");
}
