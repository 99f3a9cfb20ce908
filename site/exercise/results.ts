/**
 * results — renders a Verdict into the results region: the summary, each test with its message,
 * expected/received, a clickable location, the failing schedule and gosync's report (deadlock
 * dump, leaks, races), then diagnostics and console output. Runs on the page's main thread;
 * everything from the Verdict is inserted as text, never as HTML.
 */
import type { ConsoleCapture, Progress, SourceLocation, Verdict } from "../../runner/browser/protocol.ts";
import type { strings as allStrings } from "./strings.ts";

type Strings = (typeof allStrings)["en"] | (typeof allStrings)["zh"];

function fill(s: string, vars: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderProgress(region: HTMLElement, s: Strings, p: Progress): void {
  region.dataset.status = "running";
  region.replaceChildren();
  const key = p.phase === "loading" ? "runner.status.loading" : p.phase === "bundling" ? "runner.status.bundling" : "runner.status.running";
  region.append(el("p", "sx-summary", s[key]));
  if (p.total) {
    const bar = el("progress");
    bar.max = p.total;
    bar.value = p.done ?? 0;
    region.append(bar, el("span", "sx-progress", ` ${fill(s["runner.progress"], { done: p.done ?? 0, total: p.total })}${p.test ? ` — ${p.test}` : ""}`));
  }
}

function locationButton(loc: SourceLocation, goTo: (loc: SourceLocation) => void): HTMLElement {
  const b = el("button", "sx-loc", `${loc.file}:${loc.line}:${loc.column}`);
  b.type = "button";
  b.dataset.line = String(loc.line);
  b.addEventListener("click", () => goTo(loc));
  return b;
}

function pre(title: string, body: string): HTMLElement {
  const d = el("details");
  d.open = true;
  d.append(el("summary", undefined, title), el("pre", undefined, body));
  return d;
}

function text(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

export function renderVerdict(
  region: HTMLElement,
  s: Strings,
  v: Verdict,
  out: ConsoleCapture | undefined,
  goTo: (loc: SourceLocation) => void,
): void {
  region.replaceChildren();
  const passed = v.tests.filter((t) => t.status === "pass").length;
  const summary = `${s[`runner.status.${v.status}`]}${v.tests.length ? ` (${passed}/${v.tests.length})` : ""}`;
  region.append(el("p", "sx-summary", summary));
  if (v.message) region.append(el("p", "sx-message", v.message));
  for (const d of v.diagnostics) {
    const p = el("p", "sx-diagnostic");
    p.append(locationButton(d, goTo), document.createTextNode(` ${d.severity}: ${d.message}`));
    region.append(p);
  }
  const list = el("ul", "sx-tests");
  for (const t of v.tests) {
    const li = el("li", "sx-test");
    li.dataset.testStatus = t.status;
    li.append(el("strong", undefined, t.name), document.createTextNode(t.status === "pass" ? "" : ` [${t.status}]`));
    if (t.status !== "pass") {
      if (t.location) li.append(document.createTextNode(" "), locationButton(t.location, goTo));
      if (t.message) li.append(el("pre", "sx-test-message", t.message));
      if (t.expected !== undefined || t.actual !== undefined) {
        li.append(el("pre", "sx-diff", `${s["runner.test.expected"]}: ${t.expected ?? ""}\n${s["runner.test.actual"]}: ${t.actual ?? ""}`));
      }
      if (t.schedule) li.append(el("p", "sx-schedule", fill(s["runner.test.schedule"], t.schedule)));
      const r = t.report;
      if (r?.dump) li.append(pre(s["runner.report.dump"], text(r.dump)));
      if (Array.isArray(r?.leaks) && r.leaks.length) li.append(pre(s["runner.report.leaks"], r.leaks.map(text).join("\n\n")));
      if (Array.isArray(r?.races) && r.races.length) li.append(pre(s["runner.report.races"], r.races.map(text).join("\n\n")));
    }
    list.append(li);
  }
  if (v.tests.length) region.append(list);
  if (out && (out.lines.length || out.dropped)) {
    const body = out.lines.join("\n") + (out.dropped ? `\n${fill(s["runner.console.dropped"], { n: out.dropped })}` : "");
    region.append(pre(s["runner.console"], body));
  }
  region.append(el("p", "sx-timings", fill(s["runner.timings"], { bundle: Math.round(v.timings.bundleMs), run: Math.round(v.timings.runMs) })));
  // Set last: tests wait for data-status, and everything above must be in place by then.
  region.dataset.status = v.status;
}
