/**
 * timeline — the Schedule view of one run: a lane per goroutine over the run's steps, coloured
 * by state (running, runnable, blocked on Go's wait reason, finished), the events on primitives
 * marked, happens-before arrows between the events that synchronise, a data race's two accesses
 * ringed and joined by the edge that is missing, the goroutines stuck at a deadlock and those
 * leaked after main returned flagged on their lanes. A scrubber, four step buttons and the keys
 * ← → Home End move a cursor through the steps; each lane's head shows the line its goroutine is
 * at, and `onStep(step, goroutine, location)` tells the page (the editor highlights the line).
 *
 * Runs on the page's main thread; plain DOM and SVG, no framework. It is imported lazily, when a
 * timeline is about to be opened, so a page pays no JavaScript for it before. Its CSS,
 * timeline.css, is not: the components that show timelines (Exercise.astro, Playground.astro)
 * import it, so it comes with the page's stylesheet — adding a stylesheet at the first opening
 * made the browser restyle the whole chapter page then. The SVG is written as one string (a 2,000-event trace is a few thousand elements: one parse is
 * far cheaper than creating them one by one); colours are Starlight's theme variables, so one
 * drawing serves the light and the dark theme; the lanes scroll sideways on a narrow screen
 * while their heads stay put.
 */
import type { TraceEvent } from "gosync/sim";
import { buildTimeline, lineOf, ranAt, type Lane, type Timeline, type TimelineEvent, type TimelineInput } from "./model.ts";
import { t, type TimelineLang } from "./strings.ts";

export type { TimelineInput } from "./model.ts";

/** TimelineOptions: the page's language and who wants to know where the cursor is. */
export interface TimelineOptions {
  lang: TimelineLang;
  /**
   * onStep is called as the cursor moves (not when the timeline is first drawn): the step, the
   * goroutine that ran at it (0 when only the runtime did) and where that goroutine was
   * (`file:line:col` when stacks were captured).
   */
  onStep?: (step: number, goroutine: number, location: string | undefined) => void;
}

/** TimelineView is a drawn timeline. */
export interface TimelineView {
  readonly element: HTMLElement;
  readonly model: Timeline;
  /** cursor is the index into model.steps the cursor stands at. */
  readonly cursor: number;
  /** goTo moves the cursor to steps[index] (clamped) and calls onStep. */
  goTo(index: number): void;
  /** destroy removes the view. */
  destroy(): void;
}

const STEP_W = 18;
const ROW_H = 30;
const AXIS_H = 22;
const MARK: Partial<Record<TimelineEvent["kind"], string>> = {
  go: "G", lock: "L", unlock: "U", rlock: "r", runlock: "u", send: "S", recv: "R", close: "C",
  add: "A", done: "D", wait: "W", timer: "T", panic: "!",
};

/** renderTimeline draws `report`'s timeline into `host` (replacing what it held). */
export function renderTimeline(host: HTMLElement, report: TimelineInput, options: TimelineOptions): TimelineView {
  const lang = options.lang;
  const model = buildTimeline(report);
  const root = document.createElement("section");
  root.className = "synclab-timeline";
  root.setAttribute("aria-label", t(lang, "timeline.label"));
  if (!model.events.length) {
    root.innerHTML = `<p>${esc(t(lang, "timeline.empty"))}</p>`;
    host.replaceChildren(root);
    return { element: root, model, cursor: 0, goTo: () => undefined, destroy: () => root.remove() };
  }
  const row = new Map(model.lanes.map((l, i) => [l.g, i]));
  const origin = model.steps[0]!;
  const width = (model.end - origin) * STEP_W + STEP_W;
  const height = AXIS_H + model.lanes.length * ROW_H;
  const last = model.steps.length - 1;

  root.innerHTML = `
<p class="tl-summary">${esc(t(lang, "timeline.summary", { lanes: model.lanes.length, steps: model.steps.length, events: model.events.length }))}</p>
<div class="tl-controls">
  <button type="button" data-step="first" aria-label="${attr(t(lang, "timeline.first"))}" title="${attr(t(lang, "timeline.first"))}">|◀</button>
  <button type="button" data-step="prev" aria-label="${attr(t(lang, "timeline.prev"))}" title="${attr(t(lang, "timeline.prev"))}">◀</button>
  <input type="range" min="0" max="${last}" value="${last}" step="1" aria-label="${attr(t(lang, "timeline.scrubber"))}">
  <button type="button" data-step="next" aria-label="${attr(t(lang, "timeline.next"))}" title="${attr(t(lang, "timeline.next"))}">▶</button>
  <button type="button" data-step="last" aria-label="${attr(t(lang, "timeline.last"))}" title="${attr(t(lang, "timeline.last"))}">▶|</button>
  <output class="tl-now" aria-live="polite"></output>
</div>
<p class="tl-keys">${esc(t(lang, "timeline.keys"))}</p>
<div class="tl-body">
  <ul class="tl-heads" style="padding-top:${AXIS_H}px">${model.lanes.map((l) => laneHead(l, lang)).join("")}</ul>
  <div class="tl-scroll" tabindex="0" role="group" aria-label="${attr(t(lang, "timeline.label"))}">
    <svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${attr(t(lang, "timeline.summary", { lanes: model.lanes.length, steps: model.steps.length, events: model.events.length }))}">${drawing(model, row, origin, width, height)}<line class="tl-cursor" x1="0" x2="0" y1="0" y2="${height}"/></svg>
  </div>
</div>
${findings(model, lang)}
<ul class="tl-legend" aria-label="${attr(t(lang, "timeline.legend"))}">
  <li><span class="tl-swatch tl-running"></span>${esc(t(lang, "timeline.state.running"))}</li>
  <li><span class="tl-swatch tl-runnable"></span>${esc(t(lang, "timeline.state.runnable"))}</li>
  <li><span class="tl-swatch tl-blocked"></span>${esc(t(lang, "timeline.state.blocked"))}</li>
  <li><span class="tl-swatch tl-sleep"></span>${esc(t(lang, "timeline.state.sleep"))}</li>
  <li><span class="tl-swatch tl-edge"></span>${esc(t(lang, "timeline.legend.edge"))}</li>
  <li><span class="tl-swatch tl-race-swatch"></span>${esc(t(lang, "timeline.legend.race"))}</li>
  ${model.waitsFor.length ? `<li><span class="tl-swatch tl-wait-swatch"></span>${esc(t(lang, "timeline.legend.waitfor"))}</li>` : ""}
  <li>L/U lock/unlock · S/R send/receive · C close · A/D/W add/done/wait · T timer · G go</li>
</ul>`;
  host.replaceChildren(root);

  const range = root.querySelector<HTMLInputElement>('input[type="range"]')!;
  const now = root.querySelector<HTMLOutputElement>(".tl-now")!;
  const cursorLine = root.querySelector<SVGLineElement>(".tl-cursor")!;
  const scroll = root.querySelector<HTMLElement>(".tl-scroll")!;
  const wheres = new Map([...root.querySelectorAll<HTMLElement>(".tl-heads li")].map((li) => [Number(li.dataset.g), li.querySelector<HTMLElement>(".tl-where")!]));
  const byStep = new Map<number, TimelineEvent[]>();
  for (const e of model.events) (byStep.get(e.step) ?? byStep.set(e.step, []).get(e.step)!).push(e);
  const located = new Map<number, TimelineEvent[]>();
  for (const e of model.events) if (e.g > 0 && e.at && ranAt(e)) (located.get(e.g) ?? located.set(e.g, []).get(e.g)!).push(e);

  let cursor = last;
  const place = (index: number, notify: boolean) => {
    cursor = Math.max(0, Math.min(last, index));
    const step = model.steps[cursor]!;
    const x = (step - origin) * STEP_W + STEP_W / 2;
    cursorLine.setAttribute("x1", String(x));
    cursorLine.setAttribute("x2", String(x));
    range.value = String(cursor);
    const here = byStep.get(step) ?? [];
    const ran = here.find((e) => ranAt(e));
    const g = ran?.g ?? 0;
    // What ran, with what its step did for a parked goroutine (a blocked sender's send, done by its receiver).
    const what = here.filter((e) => (g ? e.g === g || e.by === g : true) && e.kind !== "note").map(describe).join(", ") || t(lang, "timeline.nothing");
    const tms = here[0]?.t ?? 0;
    now.textContent = `${t(lang, "timeline.step", { step, last: model.steps[last]! })} · ${t(lang, "timeline.time", { t: tms })} · ${g ? t(lang, "timeline.ran", { g, what }) : t(lang, "timeline.runtime", { what })}`;
    let location: string | undefined;
    for (const [lg, el] of wheres) {
      const at = lastAt(located.get(lg), step);
      if (lg === g) location = at?.at;
      const line = lineOf(at?.at);
      el.textContent = line !== undefined ? t(lang, "timeline.line", { line }) : "";
    }
    if (g && location === undefined) location = here.find((e) => e.g === g && e.at)?.at;
    root.dataset.step = String(step);
    root.dataset.goroutine = String(g);
    if (notify) {
      reveal(x);
      options.onStep?.(step, g, location);
    }
  };
  /** reveal scrolls the lanes so that x is in view (it reads layout: called after the writes). */
  const reveal = (x: number) => {
    if (x < scroll.scrollLeft + STEP_W || x > scroll.scrollLeft + scroll.clientWidth - STEP_W) scroll.scrollLeft = Math.max(0, x - scroll.clientWidth / 2);
  };
  const move = (to: number) => place(to, true);
  root.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-step]");
    if (!b) return;
    const d = b.dataset.step;
    move(d === "first" ? 0 : d === "prev" ? cursor - 1 : d === "next" ? cursor + 1 : last);
  });
  range.addEventListener("input", () => move(Number(range.value)));
  root.addEventListener("keydown", (e) => {
    if (e.target === range || e.altKey || e.ctrlKey || e.metaKey) return; // the slider handles its own keys
    const to = e.key === "ArrowLeft" ? cursor - 1 : e.key === "ArrowRight" ? cursor + 1 : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (to === null) return;
    e.preventDefault();
    move(to);
  });
  place(last, false);
  // The first drawing shows the end of the run, scrolled to in the next frame's callback: read
  // here, the lanes' width would force a layout of the page now, and the frame would lay out
  // again what the caller adds after (the panel's button).
  requestAnimationFrame(() => {
    if (root.isConnected) scroll.scrollLeft = scroll.scrollWidth;
  });
  return {
    element: root,
    model,
    get cursor() {
      return cursor;
    },
    goTo: move,
    destroy: () => root.remove(),
  };

  function describe(e: TimelineEvent): string {
    const obj = e.obj !== undefined ? ` #${e.obj}` : "";
    const line = lineOf(e.at);
    const what = `${e.kind}${e.detail ? ` ${e.detail}` : ""}${obj}${line !== undefined ? ` (${t(lang, "timeline.line", { line })})` : ""}`;
    return e.by !== undefined ? t(lang, "timeline.of", { g: e.g, what }) : what;
  }
}

/** lastAt is the last event of `list` at or before `step` (list ascending by step). */
function lastAt(list: TimelineEvent[] | undefined, step: number): TimelineEvent | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found: TimelineEvent | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.step <= step) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function laneHead(l: Lane, lang: TimelineLang): string {
  const cls = [l.stuck ? "tl-stuck" : "", l.leaked ? "tl-leaked" : "", l.raceAccesses.length ? "tl-racy" : ""].filter(Boolean).join(" ");
  return `<li data-g="${l.g}" class="${cls}" style="height:${ROW_H}px"><span class="tl-name">${esc(laneName(l, lang))}</span> <span class="tl-where"></span></li>`;
}

function laneName(l: Lane, lang: TimelineLang): string {
  return l.g === 1 ? t(lang, "timeline.main") : t(lang, "timeline.goroutine", { g: l.g });
}

/** findings lists, in words, what the drawing flags: stuck and leaked goroutines, racing accesses. */
function findings(model: Timeline, lang: TimelineLang): string {
  const items: string[] = [];
  for (const w of model.waitsFor) {
    items.push(`<li data-g="${w.g}" data-flag="waits-for" data-holder="${w.holder}">${esc(t(lang, "timeline.waitsFor", { g: w.g, holder: w.holder, obj: w.obj }))}</li>`);
  }
  for (const l of model.lanes) {
    const name = esc(laneName(l, lang));
    if (l.stuck) items.push(`<li data-g="${l.g}" data-flag="stuck">${name}: ${esc(t(lang, "timeline.stuck", { reason: l.stuck }))}</li>`);
    if (l.leaked) items.push(`<li data-g="${l.g}" data-flag="leak">${name}: ${esc(t(lang, "timeline.leaked", { reason: l.leaked }))}</li>`);
    for (const a of l.raceAccesses) {
      const kind = t(lang, a.kind === "read" ? "timeline.race.read" : "timeline.race.write");
      items.push(`<li data-g="${l.g}" data-flag="race" data-line="${lineOf(a.at) ?? ""}">${name}: ${esc(t(lang, "timeline.race", { kind, addr: a.addr, line: lineOf(a.at) ?? "?" }))}</li>`);
    }
  }
  return items.length ? `<ul class="tl-findings">${items.join("")}</ul>` : "";
}

/** drawing is the SVG body: axis, lanes' states, main's return, edges, events, race marks. */
function drawing(model: Timeline, row: Map<number, number>, origin: number, width: number, height: number): string {
  const out: string[] = [];
  const y = (g: number) => AXIS_H + (row.get(g) ?? 0) * ROW_H;
  const x = (step: number) => Math.max(0, step - origin) * STEP_W;
  // Axis: a tick every 5 steps, and the virtual time where the clock jumped.
  out.push(`<g class="tl-axis">`);
  for (let s = Math.ceil(origin / 5) * 5; s < model.end; s += 5) out.push(`<text x="${x(s) + 2}" y="12">${s}</text>`);
  for (const [s, ms] of model.clock) out.push(`<text class="tl-clock" x="${x(s) + 2}" y="21">${ms} ms</text>`);
  out.push(`</g>`);
  for (let i = 0; i < model.lanes.length; i++) out.push(`<line class="tl-rowline" x1="0" x2="${width}" y1="${AXIS_H + (i + 1) * ROW_H}" y2="${AXIS_H + (i + 1) * ROW_H}"/>`);
  // A lane's segments of one state (and wait reason) are one path: a few elements per lane, not one per step.
  for (const l of model.lanes) {
    const top = y(l.g);
    const paths = new Map<string, string[]>();
    for (const s of l.segments) {
      const cls = s.state === "blocked" && s.reason === "sleep" ? "tl-sleep" : `tl-${s.state}`;
      const [dy, h] = s.state === "running" ? [4, ROW_H - 8] : s.state === "blocked" ? [9, ROW_H - 18] : s.state === "runnable" ? [13, 4] : [14, 2];
      const key = `${cls}\u0000${s.reason ?? ""}`;
      (paths.get(key) ?? paths.set(key, []).get(key)!).push(`M${x(s.from)},${top + dy}h${Math.max(1, x(s.to) - x(s.from))}v${h}h${-Math.max(1, x(s.to) - x(s.from))}z`);
    }
    for (const [key, d] of paths) {
      const [cls, reason] = key.split("\u0000");
      out.push(`<path class="tl-seg ${cls}" data-g="${l.g}" d="${d.join("")}"${reason ? ` data-reason="${attr(reason)}"><title>${esc(reason)}</title></path>` : "/>"}`);
    }
    if (l.stuck || l.leaked) {
      const seg = l.segments.at(-1);
      const from = seg ? x(seg.from) : 0;
      out.push(`<rect class="tl-end-flag" x="${from}" y="${top + 2}" width="${Math.max(STEP_W, x(model.end) - from)}" height="${ROW_H - 4}" data-g="${l.g}" data-flag="${l.stuck ? "stuck" : "leak"}"/>`);
    }
  }
  if (model.mainReturnedAt !== undefined) {
    const mx = x(model.mainReturnedAt) + STEP_W;
    out.push(`<line class="tl-main-returned" x1="${mx}" x2="${mx}" y1="${AXIS_H}" y2="${height}"/>`);
  }
  // Happens-before edges: a curve from one lane to the other, its head an arrow.
  out.push(`<defs><marker id="tl-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L6,3L0,6z" class="tl-arrowhead"/></marker><marker id="tl-arrow-wait" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L6,3L0,6z" class="tl-waithead"/></marker></defs>`);
  const slot = new Map<number, number>();
  const offset = (e: TimelineEvent) => {
    const key = e.step * 1e6 + e.g;
    const k = slot.get(key) ?? 0;
    slot.set(key, k + 1);
    return Math.min(k, 3) * 5;
  };
  const pos = new Map<number, [number, number]>();
  for (const e of model.events) {
    if (e.g <= 0 || !MARK[e.kind]) continue;
    pos.set(e.index, [x(e.step) + 4 + offset(e), y(e.g) + ROW_H / 2]);
  }
  const anchor = (i: number): [number, number] => {
    const e = model.events[i]!;
    return pos.get(i) ?? [x(e.step) + STEP_W / 2, y(e.g) + ROW_H / 2];
  };
  for (const edge of model.edges) {
    const [x1, y1] = anchor(edge.from);
    const [x2, y2] = anchor(edge.to);
    if (y1 === y2) continue;
    const mx = (x1 + x2) / 2 + 6;
    out.push(`<path class="tl-hb tl-hb-${edge.kind}" d="M${x1},${y1} Q${mx},${(y1 + y2) / 2} ${x2},${y2}" marker-end="url(#tl-arrow)" data-from="${edge.from}" data-to="${edge.to}"/>`);
  }
  // A lane's marks of one kind are one <text> whose glyphs each get their own x (SVG's x list).
  const marks = new Map<string, { xs: number[]; y: number; kind: string; g: number }>();
  for (const e of model.events) {
    const p = pos.get(e.index);
    if (!p) continue;
    const key = `${e.g}:${e.kind}`;
    const m = marks.get(key) ?? marks.set(key, { xs: [], y: p[1] + 4, kind: e.kind, g: e.g }).get(key)!;
    m.xs.push(p[0]);
  }
  for (const m of marks.values()) {
    out.push(`<text class="tl-ev tl-ev-${m.kind}" data-g="${m.g}" data-kind="${m.kind}" x="${m.xs.join(" ")}" y="${m.y}">${MARK[m.kind as TimelineEvent["kind"]]!.repeat(m.xs.length)}</text>`);
  }
  // A deadlock's wait-for edges: from where a stuck goroutine blocked to the lock its holder took.
  for (const w of model.waitsFor) {
    const [x1, y1] = anchor(w.blocked);
    const [x2, y2] = anchor(w.locked);
    out.push(`<path class="tl-waitfor" d="M${x1},${y1} Q${(x1 + x2) / 2},${(y1 + y2) / 2 + (y2 > y1 ? -12 : 12)} ${x2},${y2}" marker-end="url(#tl-arrow-wait)" data-g="${w.g}" data-holder="${w.holder}"/>`);
  }
  // Data races: each access ringed on its lane, the two joined by a dashed line (the missing edge).
  model.races.forEach((_, i) => {
    const marks = model.lanes.flatMap((l) => l.raceAccesses.filter((a) => a.race === i).map((a) => ({ a, l })));
    const pts = marks.map(({ a, l }) => [x(a.step) + STEP_W / 2, y(l.g) + ROW_H / 2] as const);
    if (pts.length === 2) out.push(`<line class="tl-race-gap" x1="${pts[0]![0]}" y1="${pts[0]![1]}" x2="${pts[1]![0]}" y2="${pts[1]![1]}"/>`);
    marks.forEach(({ a, l }, k) => {
      out.push(`<circle class="tl-race" cx="${pts[k]![0]}" cy="${pts[k]![1]}" r="9" data-race="${i}" data-g="${l.g}" data-role="${a.role}" data-line="${lineOf(a.at) ?? ""}"><title>${esc(`${a.kind} ${a.addr} ${a.at ?? ""}`)}</title></circle>`);
    });
  });
  return out.join("");
}

function esc(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

function attr(s: string): string {
  return esc(s).replace(/"/g, "&quot;");
}

/**
 * warmTimeline draws a small made-up run (every kind of lane state, mark and edge) into an
 * element that is never put in the page, and drops it: run once the timeline is loaded and the
 * browser is idle, it has the engine compile what the first real opening runs, which otherwise
 * pays for it (a first opening took ~50 ms more than the later ones). Nothing is shown.
 */
export function warmTimeline(lang: TimelineLang): void {
  const ev = (step: number, g: number, kind: TraceEvent["kind"], extra: Partial<TraceEvent> = {}): TraceEvent => ({ step, t: step, g, kind, ...extra });
  const trace: TraceEvent[] = [
    ev(0, 0, "go", { child: 1 }), ev(1, 1, "go", { child: 2 }), ev(1, 1, "lock", { obj: 1, at: "a.ts:3:1" }), ev(2, 2, "block", { detail: "sync.Mutex.Lock", obj: 1, at: "a.ts:5:1" }),
    ev(3, 1, "unlock", { obj: 1, at: "a.ts:4:1" }), ev(3, 2, "unblock", { detail: "sync.Mutex.Lock", obj: 1 }), ev(4, 2, "lock", { obj: 1, at: "a.ts:5:1" }),
    ev(5, 1, "block", { detail: "chan receive", obj: 2, at: "a.ts:6:1" }), ev(6, 2, "unblock", { detail: "chan receive", obj: 2 }), ev(6, 2, "send", { obj: 2, at: "a.ts:7:1" }),
    ev(7, 0, "time", { detail: "later" }), ev(7, 1, "recv", { obj: 2, at: "a.ts:6:1" }), ev(8, 2, "end"), ev(9, 1, "end"),
  ];
  renderTimeline(document.createElement("div"), { outcome: "ok", leaks: [], races: [], trace, mainReturnedAtStep: 9 }, { lang });
}
