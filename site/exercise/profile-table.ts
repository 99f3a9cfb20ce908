/**
 * profile-table — a test's blocking profile in the results panel: a real table, one row per
 * synchronisation object and call site, the most virtual time blocked first, with Go's count of
 * contentions and a bar per call site scaled to the row with the most time. The bar is drawn for
 * the eye only; its share of the total is written beside it, so nothing rests on the bar alone.
 * The table scrolls sideways inside its own region on a narrow screen (a phone), where its
 * columns keep their widths rather than wrapping a call site letter by letter.
 *
 * Runs on the page's main thread; what comes from the Verdict is inserted as text.
 */
import type { TestResult } from "../../runner/browser/protocol.ts";
import type { strings as allStrings } from "./strings.ts";

type Strings = (typeof allStrings)["en"] | (typeof allStrings)["zh"];
type Entry = NonNullable<TestResult["profile"]>[number];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** ms writes a virtual duration as the CLI does (at most three decimals, no trailing zeros). */
function ms(n: number): string {
  return `${+n.toFixed(3)} ms`;
}

/**
 * profileTable is the figure showing `profile` under `title`; `link(cell, text)` writes a call
 * site into its cell (the panel makes `solution.ts:L:C` a button that moves the editor there).
 */
export function profileTable(profile: readonly Entry[], title: string, s: Strings, link: (cell: HTMLElement, text: string) => HTMLElement): HTMLElement {
  const fig = el("figure", "sx-profile");
  fig.append(el("figcaption", undefined, title));
  if (!profile.length) {
    fig.append(el("p", "sx-muted", s["runner.profile.none"]));
    return fig;
  }
  const rows = [...profile].sort((a, b) => b.delayMs - a.delayMs || b.count - a.count);
  const most = Math.max(...rows.map((e) => e.delayMs), 1e-9);
  const total = rows.reduce((n, e) => n + e.delayMs, 0) || 1e-9;
  const wrap = fig.appendChild(el("div", "sx-profile-scroll"));
  // A region that scrolls joins the tab order, so a keyboard can scroll it too (axe: scrollable-region-focusable).
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", title);
  const table = wrap.appendChild(el("table", "sx-profile-table"));
  const head = el("tr");
  for (const k of ["runner.profile.object", "runner.profile.site", "runner.profile.blocked", "runner.profile.count", "runner.profile.share"] as const) {
    const th = el("th", undefined, s[k]);
    th.scope = "col";
    head.append(th);
  }
  table.appendChild(el("thead")).append(head);
  const body = table.appendChild(el("tbody"));
  for (const e of rows) {
    const tr = body.appendChild(el("tr"));
    tr.dataset.reason = e.reason;
    const object = el("th", "sx-profile-object");
    object.scope = "row";
    object.append(e.reason);
    if (e.obj) object.append(el("span", "sx-muted", ` #${e.obj}`));
    const share = el("td", "sx-profile-share");
    const bar = share.appendChild(el("span", "sx-profile-bar"));
    bar.setAttribute("aria-hidden", "true");
    bar.style.setProperty("--sx-share", `${Math.max(1, Math.round((e.delayMs / most) * 100))}%`);
    share.append(`${Math.round((e.delayMs / total) * 100)}%`);
    tr.append(object, link(el("td", "sx-profile-site"), e.at), el("td", "sx-profile-num", ms(e.delayMs)), el("td", "sx-profile-num", String(e.count)), share);
  }
  return fig;
}
