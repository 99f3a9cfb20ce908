/**
 * controller — the live playground: the site's Monaco (site/exercise/monaco.ts) holding one
 * program, Run (button or Ctrl/Cmd+Enter) in the exercises' sandbox (runner/browser/client.ts)
 * with the chosen strategy, seed and number of schedules, the output, the detectors' reports as
 * Go prints them (runner/core/report-text.ts), and the timeline of the schedule, whose cursor
 * highlights the line in the editor. Runs on the page's main thread.
 *
 * How a program with no tests runs in a judge built for hidden tests: the playground hands the
 * sandbox a one-test file of its own as the "hidden tests", whose body imports the program and
 * awaits its `main`, so `main` is goroutine 1 of each explored schedule and every detector is on.
 * The judge replays a failing schedule with stacks and trace, which the timeline draws. A run
 * that passes brings no trace back (the judge replays failures only), so the playground runs
 * the same first schedule again with a body that throws a marker after `main` returns, which
 * makes the judge replay it: that trace, less the marker's panic, is the passing schedule's.
 *
 * An exercise's "Be the scheduler" link brings the exercise's hidden tests and one test's name
 * (share.ts's ExerciseTest): the playground then runs that test (the judge's `only`) in place of
 * main, its body being goroutine 1, and a passing test's first schedule comes traced (`trace`).
 * Be the scheduler itself is scheduler.ts: each move is a Run with the choices so far.
 */
import wasmURL from "esbuild-wasm/esbuild.wasm?url";
import { sandboxClient } from "../../runner/browser/client.ts";
import type { RunLimits, TestResult, Verdict } from "../../runner/browser/protocol.ts";
import { detectorReports, headline } from "../../runner/core/report-text.ts";
import type { ExploreStrategy } from "gosync/sim";
import { decodeProgram, programFragment, MAX_BOUND, MAX_DEPTH, PLAYGROUND_PREFIX, type ExerciseTest, type Program } from "./share.ts";
import type { PlaygroundStrings } from "./strings.ts";
import type { TimelineView } from "../schedule/timeline.ts";
import { mountScheduler, type Step } from "./scheduler.ts";
import { stepHighlighter } from "../schedule/editor-step.ts";

/** Report is a test's report as the Verdict carries it (gosync's, as the judge bounds it). */
type Report = NonNullable<TestResult["report"]>;

interface PlaygroundData {
  lang: "zh" | "en";
  strings: PlaygroundStrings;
  starter: string;
}

const base = import.meta.env.BASE_URL.replace(/\/?$/, "/");
/** END_MARK is what the trace run's body throws once main returned (and what the playground removes from its trace). */
const END_MARK = "synclab:playground:main-returned";
const NO_MAIN_MARK = "synclab:playground:no-main";
/** MAX_STEPS bounds a schedule: a playground program may loop for ever. */
const MAX_STEPS = 20_000;
const WALL_MS = 15_000;

/** testsFile is the one-test file that runs the program's main; `thenThrow` ends it with END_MARK. */
function testsFile(thenThrow: boolean): string {
  return `import { test } from "vitest";
import * as program from "./solution.ts";
test("main", async () => {
  const main = (program as { main?: unknown }).main;
  if (typeof main !== "function") throw new Error(${JSON.stringify(NO_MAIN_MARK)});
  await main();${thenThrow ? `\n  throw new Error(${JSON.stringify(END_MARK)});` : ""}
});
`;
}

function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** mount turns the playground's root into the live page. */
export async function mount(root: HTMLElement): Promise<void> {
  const data = JSON.parse(root.querySelector('script[data-role="data"]')?.textContent ?? "{}") as PlaygroundData;
  const s = data.strings;
  const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const host = q<HTMLElement>('[data-role="editor"]');
  const status = q<HTMLElement>('[data-role="status"]');
  const out = q<HTMLElement>('[data-role="console"]');
  const reports = q<HTMLElement>('[data-role="reports"]');
  const timelineHost = q<HTMLElement>('[data-role="timeline"]');
  const strategy = q<HTMLSelectElement>('[data-role="strategy"]');
  const seed = q<HTMLInputElement>('[data-role="seed"]');
  const runs = q<HTMLInputElement>('[data-role="runs"]');
  const depth = q<HTMLInputElement>('[data-role="depth"]');
  const bound = q<HTMLInputElement>('[data-role="bound"]');
  const exerciseNote = q<HTMLElement>('[data-role="exercise"]');
  /** showLimits shows the controls the chosen strategy reads: pct's depth, a bounded search's bound */
  const showLimits = () => {
    depth.closest("label")!.hidden = strategy.value !== "pct";
    bound.closest("label")!.hidden = !/-bounded$/.test(strategy.value);
  };
  strategy.addEventListener("change", showLimits);
  const shareOut = q<HTMLElement>('[data-role="share-out"]');
  const shareLink = q<HTMLInputElement>('[data-role="share-link"]');
  const client = sandboxClient({ sandboxURL: `${base}sandbox.html`, wasmURL, runtimeURL: `${base}exercise/gosync/dist/browser-sandbox.js` });

  let code = data.starter;
  let autorun = false;
  /** exercise is the exercise test the code runs under (an exercise's link), or null: the program's main */
  let exercise: ExerciseTest | null = null;
  /** linkedChoices are a link's hand-made schedule: the playground opens being the scheduler, replaying them */
  let linkedChoices: number[] | undefined;
  const fromLink = (hash: string) => {
    if (!hash.startsWith(PLAYGROUND_PREFIX)) return;
    const d = decodeProgram(hash);
    if (!d.ok) {
      status.textContent = format(s["playground.badLink"], { detail: d.detail });
      return;
    }
    code = d.program.code;
    if (d.program.strategy) strategy.value = d.program.strategy;
    if (d.program.seed !== undefined) seed.value = String(d.program.seed);
    if (d.program.runs !== undefined) runs.value = String(d.program.runs);
    if (d.program.depth !== undefined) depth.value = String(d.program.depth);
    if (d.program.bound !== undefined) bound.value = String(d.program.bound);
    exercise = d.program.exercise ?? null;
    exerciseNote.hidden = exercise === null;
    if (exercise) exerciseNote.textContent = format(s["playground.exercise"], { id: exercise.id, test: exercise.title ?? exercise.test });
    linkedChoices = d.program.choices;
    // A link shared after a Run carries its schedule: it reproduces that Run at once.
    autorun = d.program.seed !== undefined && linkedChoices === undefined;
    showLimits();
  };
  fromLink(location.hash);
  showLimits();

  const { monaco, configureTypeScript } = await import("../exercise/monaco.ts");
  void configureTypeScript(`${base}exercise/gosync-types.json`);
  const model = monaco.editor.createModel(code, "typescript", monaco.Uri.parse("file:///playground/solution.ts"));
  host.replaceChildren();
  const editor = monaco.editor.create(host, {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    // The last line's number is drawn like the others: Monaco's dimmed one measured below 4.5:1 in axe.
    renderFinalNewline: "on",
    ariaLabel: "playground/solution.ts",
  });
  const highlight = stepHighlighter(monaco, editor, root, "pg-step-line");
  const clamp = (v: string, lo: number, hi: number, dflt: number) => {
    const n = Math.trunc(Number(v));
    return v.trim() === "" || !Number.isFinite(n) ? dflt : Math.max(lo, Math.min(hi, n));
  };
  /** program is what the page holds now: the code, the schedule's settings, and (being the scheduler) the choices so far. */
  const program = (): Program => {
    const p: Program = { code: model.getValue(), strategy: strategy.value as ExploreStrategy, seed: Number(seed.value) || 0, runs: Math.max(1, Math.min(1000, Number(runs.value) || 1)) };
    if (p.strategy === "pct") p.depth = clamp(depth.value, 1, MAX_DEPTH, 3);
    if (/-bounded$/.test(p.strategy!)) p.bound = clamp(bound.value, 0, MAX_BOUND, 2);
    if (sched.active) p.choices = [...sched.choices];
    if (exercise) p.exercise = exercise;
    return p;
  };
  /** request is one Run of the code: the program's main, or the exercise's test. */
  const request = (p: Program, limits: RunLimits, marker = false) => ({
    exerciseId: "playground",
    solution: p.code,
    tests: exercise ? exercise.tests : testsFile(marker),
    limits: exercise ? { ...limits, only: exercise.test } : limits,
  });
  /** judged is a Verdict's one judged test (an exercise's other tests are skipped). */
  const judged = (v: Verdict) => v.tests.find((t) => t.status !== "skipped") ?? v.tests[0];
  addEventListener("hashchange", () => {
    if (!location.hash.startsWith(PLAYGROUND_PREFIX)) return;
    fromLink(location.hash);
    if (model.getValue() !== code) model.setValue(code);
    if (linkedChoices !== undefined) void sched.start(linkedChoices);
    else if (autorun) void run();
  });

  let timeline: TimelineView | null = null;
  let seq = 0;
  const run = async () => {
    if (sched.active) sched.leave();
    const my = ++seq;
    const p = program();
    const limits: RunLimits = { runs: p.runs!, strategy: p.strategy!, seed: p.seed!, maxSteps: MAX_STEPS, wallMs: WALL_MS };
    if (p.depth !== undefined) limits.depth = p.depth;
    if (p.bound !== undefined) limits.bound = p.bound;
    // An exercise's test brings its first schedule traced when it passes (the judge's trace).
    if (exercise) limits.trace = true;
    root.dataset.status = "running";
    status.textContent = s["playground.running"];
    const first = await client.run("playground", request(p, limits));
    if (!first || my !== seq) return;
    const test = judged(first.verdict);
    let traced: Report | undefined = test?.status === "pass" && exercise ? test.passing?.report : test?.report;
    if (test?.status === "pass" && !exercise) {
      // The judge replays failures only: run the first schedule again, ending it with a marker, for its trace.
      // Not shrunk (shrinkRuns 0): the marker's "failure" must be replayed on that very schedule.
      const again = await client.run("playground", request(p, { ...limits, runs: 1, shrinkRuns: 0 }, true));
      if (my !== seq) return;
      const r = again?.verdict.tests[0]?.report;
      if (r) traced = { ...r, outcome: "ok", trace: r.trace?.filter((e) => !e.detail?.includes(END_MARK)), races: [], leaks: [] };
      delete (traced as Partial<Report> | undefined)?.message;
      delete (traced as Partial<Report> | undefined)?.dump;
      delete (traced as Partial<Report> | undefined)?.goroutines;
    }
    show(first.verdict, test, first.console?.lines ?? [], p);
    await drawTimeline(traced);
    // An exercise's other tests are skipped (the judge's only), which a Verdict counts as not passed.
    root.dataset.status = exercise && test?.status === "pass" ? "pass" : first.verdict.status;
  };

  const show = (v: Verdict, test: TestResult | undefined, lines: string[], p: Program) => {
    out.textContent = lines.length ? lines.join("\n") : s["playground.noOutput"];
    reports.replaceChildren();
    for (const d of v.diagnostics) addReport("compile", `${d.file}:${d.line}:${d.column}: ${d.message}`);
    if (test) {
      // A paused run's (be the scheduler) dump is where everyone stands, which the panel lists: not a detector's report.
      for (const b of detectorReports(test)) if (!(b.kind === "goroutines" && test.report?.outcome === "paused")) addReport(b.kind, b.text);
      const h = headline(test);
      if (h && test.status !== "pass" && !h.includes(NO_MAIN_MARK)) addReport("message", h);
    }
    if (!reports.childElementCount) {
      const none = document.createElement("p");
      none.textContent = s["playground.noReports"];
      reports.append(none);
    }
    const message = test?.message?.includes(NO_MAIN_MARK) ? s["playground.noMain"] : (test?.message ?? v.message ?? "");
    status.textContent =
      test?.status === "pass"
        ? format(s[exercise ? "playground.outcome.testPass" : "playground.outcome.pass"], { n: p.runs!, strategy: p.strategy!, seed: p.seed! })
        : test?.schedule
          ? format(s["playground.outcome.fail"], { status: test.status, run: test.schedule.runs ?? 1, strategy: test.schedule.strategy, seed: test.schedule.seed, message })
          : format(s["playground.outcome.other"], { status: test?.status ?? v.status, message });
  };

  const addReport = (kind: string, text: string) => {
    const pre = document.createElement("pre");
    pre.className = "pg-report";
    pre.dataset.kind = kind;
    pre.tabIndex = 0;
    pre.textContent = text;
    reports.append(pre);
  };

  const drawTimeline = async (report: Report | undefined) => {
    timeline?.destroy();
    timeline = null;
    highlight.clear();
    if (!report) {
      timelineHost.replaceChildren();
      return;
    }
    // From the Schedule view's module, whose chunk holds the timeline (see its renderTimeline).
    const { renderTimeline } = await import("../exercise/schedule-view.ts");
    timeline = renderTimeline(timelineHost, report, { lang: data.lang, onStep: highlight.onStep });
  };

  /** step is one move of the scheduler: a Run that follows the choices and pauses at the next decision point. */
  const step = async (choices: readonly number[]): Promise<Step | null> => {
    const my = ++seq;
    const p = program();
    const limits: RunLimits = { runs: 1, strategy: "random", seed: p.seed!, maxSteps: MAX_STEPS, wallMs: WALL_MS, shrinkRuns: 0, choices: [...choices] };
    root.dataset.status = "running";
    const done = await client.run("playground", request(p, limits));
    if (!done || my !== seq) return null;
    const test = judged(done.verdict);
    show(done.verdict, test, done.console?.lines ?? [], p);
    await drawTimeline(test?.report);
    if (my !== seq) return null;
    return { verdict: done.verdict, test };
  };
  const sched = mountScheduler({
    panel: q<HTMLElement>('[data-role="scheduler"]'),
    strings: s,
    run: step,
    drawn: (st) => {
      // The panel's own status line says how the move ended (one announcement, not two).
      status.textContent = "";
      root.dataset.status = st.test?.status ?? st.verdict.status;
      // The address follows the hand-made schedule, so that it is the link to share.
      if (location.hash.startsWith(PLAYGROUND_PREFIX)) history.replaceState(null, "", programFragment(program()));
    },
    left: () => q<HTMLButtonElement>('[data-action="scheduler"]').focus(),
    source: (at) => {
      const m = /(?:^|\/)(solution|hidden\.test)\.ts:(\d+):\d+$/.exec(at);
      if (!m) return undefined;
      const line = Number(m[2]);
      if (m[1] === "solution") return line <= model.getLineCount() ? model.getLineContent(line) : undefined;
      return exercise?.tests.split("\n")[line - 1];
    },
    point: (st, g, at) => highlight.onStep(st, g, at),
  });
  q<HTMLButtonElement>('[data-action="scheduler"]').addEventListener("click", () => void sched.start([]));
  q<HTMLButtonElement>('[data-action="run"]').addEventListener("click", () => void run());
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void run());
  q<HTMLButtonElement>('[data-action="share"]').addEventListener("click", () => {
    const fragment = programFragment(program());
    history.replaceState(null, "", fragment);
    shareLink.value = location.href;
    shareOut.hidden = false;
    shareLink.select();
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  });
  status.textContent = "";
  root.dataset.ready = "1";
  if (linkedChoices !== undefined) void sched.start(linkedChoices);
  else if (autorun) void run();
}
