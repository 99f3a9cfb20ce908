/**
 * schedule-view — the Schedule view of one test in the results panel, loaded (with the
 * timeline, site/schedule/timeline.ts) the first time a learner opens one, so a Run pays
 * nothing for it before: the failing schedule's timeline from the test's report, stepping
 * through which highlights in the editor the line the goroutine that ran each step was at;
 * on request, a passing schedule of the same test beside it, for contrast; and for a test that
 * passed, its first schedule, which the Run did not trace (the judge traces failures only) and
 * so is judged again alone, traced (ScheduleHooks.request).
 *
 * Runs on the page's main thread; what comes from the Verdict is inserted as text.
 */
import type { TestResult } from "../../runner/browser/protocol.ts";
import { renderTimeline, warmTimeline, type TimelineInput } from "../schedule/timeline.ts";
import type { strings as allStrings } from "./strings.ts";

/**
 * renderTimeline is the timeline's own, handed on for the playground: the playground imports it
 * from here, so that this view and the timeline are one chunk, which imports nothing. Vite loads
 * such a chunk with a plain import(); a chunk with imports goes through its preload helper, which
 * adds `<link rel="modulepreload">` elements to the head, and Chromium restyles and lays out the
 * whole chapter page for them — most of what a first opening used to cost (see
 * scripts/bench-timeline.mjs --site). Import the timeline from here, not from site/schedule.
 */
export { renderTimeline };

type Strings = (typeof allStrings)["en"] | (typeof allStrings)["zh"];

/** ScheduleHooks connect the view to its exercise (site/exercise/controller.ts). */
export interface ScheduleHooks {
  /** onStep is told of each step the learner moves a timeline to (it highlights the line in the editor). */
  onStep(step: number, goroutine: number, location: string | undefined): void;
  /**
   * request judges test `name` again, alone, on the code the shown verdict judged, with its
   * trace, a passing schedule for contrast (a failing test) or its first schedule (a passing
   * one) in `passing`, and its profile; undefined when it could not (superseded, failed).
   */
  request(name: string): Promise<TestResult | undefined>;
  /**
   * traced gives failed test `t`'s result again with the trace a Run leaves out
   * (Limits.traceFailures), on the schedule its result shows; undefined when it could not (a Run
   * under way, or the schedule no longer fails). Its Schedule and Replay trace share the answer.
   */
  traced(t: TestResult): Promise<TestResult | undefined>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function fill(s: string, vars: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** Extra is what the panel draws beside a timeline fetched on request: a profile it did not show yet. */
export type ProfileOf = (t: TestResult) => HTMLElement | undefined;

/**
 * openSchedule draws test `t`'s schedule into `host` (a disclosure's body, once): its failing
 * schedule, or for a test that passed its first schedule, fetched through `hooks.request`.
 * `profileOf` draws the profile of a test fetched on request when the panel showed none.
 */
export async function openSchedule(host: HTMLElement, t: TestResult, s: Strings, lang: "zh" | "en", hooks: ScheduleHooks, profileOf: ProfileOf): Promise<void> {
  const failing = t.status !== "pass" && t.report !== undefined;
  host.dataset.schedule = failing ? "failing" : "passing";
  host.append(el("p", "sx-muted", s["runner.schedule.editorNote"]));
  if (failing) {
    let report = t.report!;
    if (report.trace === undefined) {
      const traced = await fetched(host, s, "runner.schedule.tracing", () => hooks.traced(t));
      const status = host.querySelector<HTMLElement>(".sx-schedule-status");
      if (!traced?.report) {
        if (status) status.textContent = s["runner.trace.unavailable"];
        return;
      }
      status?.remove();
      report = traced.report;
    }
    timeline(host, s["runner.schedule.failing"], "failing", report, lang, hooks);
    const ask = host.appendChild(el("button", "sx-schedule-contrast", s["runner.schedule.contrast"]));
    ask.type = "button";
    ask.addEventListener("click", async () => {
      ask.disabled = true;
      const passing = t.passing ?? (await fetchedTest(host, t, s, hooks, "runner.schedule.contrast.searching", profileOf))?.passing;
      const status = host.querySelector<HTMLElement>(".sx-schedule-status");
      if (passing) {
        status?.remove();
        timeline(host, fill(s["runner.schedule.contrast.title"], { runs: passing.schedule.runs }), "contrast", passing.report, lang, hooks);
        ask.remove();
      } else if (status) status.textContent = s["runner.schedule.contrast.none"];
    });
    return;
  }
  const passing = t.passing ?? (await fetchedTest(host, t, s, hooks, "runner.schedule.tracing", profileOf))?.passing;
  const status = host.querySelector<HTMLElement>(".sx-schedule-status");
  if (!passing) {
    if (status) status.textContent = s["runner.schedule.unavailable"];
    return;
  }
  status?.remove();
  timeline(host, s["runner.schedule.firstRun"], "first", passing.report, lang, hooks);
}

/** fetched asks for a test's result again (`ask`), saying so in a status line that stays for the outcome. */
async function fetched(host: HTMLElement, s: Strings, saying: "runner.schedule.tracing" | "runner.schedule.contrast.searching", ask: () => Promise<TestResult | undefined>): Promise<TestResult | undefined> {
  const status = host.appendChild(el("p", "sx-schedule-status", s[saying]));
  status.setAttribute("role", "status");
  host.setAttribute("aria-busy", "true");
  try {
    return await ask();
  } catch {
    // The status line says the schedule could not be had; the panel stands.
    return undefined;
  } finally {
    host.removeAttribute("aria-busy");
  }
}

/** fetchedTest asks for test `t` again with its contrast or first schedule (hooks.request), and adds a profile the panel lacked. */
async function fetchedTest(host: HTMLElement, t: TestResult, s: Strings, hooks: ScheduleHooks, saying: "runner.schedule.tracing" | "runner.schedule.contrast.searching", profileOf: ProfileOf): Promise<TestResult | undefined> {
  const r = await fetched(host, s, saying, () => hooks.request(t.name));
  if (r && !t.profile) {
    const p = profileOf(r);
    if (p) host.append(p);
  }
  return r;
}

/** warmUp has the engine compile the view's drawing before its first opening (see warmTimeline); it shows nothing. */
export function warmUp(lang: "zh" | "en"): void {
  warmTimeline(lang);
}

/** timeline adds a titled timeline of `report` to `host`. */
function timeline(host: HTMLElement, title: string, kind: string, report: TimelineInput, lang: "zh" | "en", hooks: ScheduleHooks): void {
  const section = host.appendChild(el("section", "sx-schedule-part"));
  section.dataset.part = kind;
  section.append(el("h6", "sx-schedule-title", title));
  renderTimeline(section.appendChild(el("div")), report, { lang, onStep: hooks.onStep });
}
