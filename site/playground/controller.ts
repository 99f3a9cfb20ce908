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
 */
import wasmURL from "esbuild-wasm/esbuild.wasm?url";
import { sandboxClient } from "../../runner/browser/client.ts";
import type { RunLimits, TestResult, Verdict } from "../../runner/browser/protocol.ts";
import { detectorReports, headline } from "../../runner/core/report-text.ts";
import type { ExploreStrategy } from "gosync/sim";
import { decodeProgram, programFragment, PLAYGROUND_PREFIX, type Program } from "./share.ts";
import type { PlaygroundStrings } from "./strings.ts";
import type { TimelineView } from "../schedule/timeline.ts";
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
  const shareOut = q<HTMLElement>('[data-role="share-out"]');
  const shareLink = q<HTMLInputElement>('[data-role="share-link"]');
  const client = sandboxClient({ sandboxURL: `${base}sandbox.html`, wasmURL, runtimeURL: `${base}exercise/gosync/dist/browser-sandbox.js` });

  let code = data.starter;
  let autorun = false;
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
    // A link shared after a Run carries its schedule: it reproduces that Run at once.
    autorun = d.program.seed !== undefined;
  };
  fromLink(location.hash);

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
  const program = (): Program => ({ code: model.getValue(), strategy: strategy.value as ExploreStrategy, seed: Number(seed.value) || 0, runs: Math.max(1, Math.min(1000, Number(runs.value) || 1)) });
  addEventListener("hashchange", () => {
    if (!location.hash.startsWith(PLAYGROUND_PREFIX)) return;
    fromLink(location.hash);
    if (model.getValue() !== code) model.setValue(code);
    if (autorun) void run();
  });

  let timeline: TimelineView | null = null;
  let seq = 0;
  const run = async () => {
    const my = ++seq;
    const p = program();
    const limits: RunLimits = { runs: p.runs!, strategy: p.strategy!, seed: p.seed!, maxSteps: MAX_STEPS, wallMs: WALL_MS };
    root.dataset.status = "running";
    status.textContent = s["playground.running"];
    const first = await client.run("playground", { exerciseId: "playground", solution: p.code, tests: testsFile(false), limits });
    if (!first || my !== seq) return;
    const test = first.verdict.tests[0];
    let traced: Report | undefined = test?.report;
    if (test?.status === "pass") {
      // The judge replays failures only: run the first schedule again, ending it with a marker, for its trace.
      // Not shrunk (shrinkRuns 0): the marker's "failure" must be replayed on that very schedule.
      const again = await client.run("playground", { exerciseId: "playground", solution: p.code, tests: testsFile(true), limits: { ...limits, runs: 1, shrinkRuns: 0 } });
      if (my !== seq) return;
      const r = again?.verdict.tests[0]?.report;
      if (r) traced = { ...r, outcome: "ok", trace: r.trace?.filter((e) => !e.detail?.includes(END_MARK)), races: [], leaks: [] };
      delete (traced as Partial<Report> | undefined)?.message;
      delete (traced as Partial<Report> | undefined)?.dump;
      delete (traced as Partial<Report> | undefined)?.goroutines;
    }
    show(first.verdict, test, first.console?.lines ?? [], p);
    await drawTimeline(traced);
    root.dataset.status = first.verdict.status;
  };

  const show = (v: Verdict, test: TestResult | undefined, lines: string[], p: Program) => {
    out.textContent = lines.length ? lines.join("\n") : s["playground.noOutput"];
    reports.replaceChildren();
    for (const d of v.diagnostics) addReport("compile", `${d.file}:${d.line}:${d.column}: ${d.message}`);
    if (test) {
      for (const b of detectorReports(test)) addReport(b.kind, b.text);
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
        ? format(s["playground.outcome.pass"], { n: p.runs!, strategy: p.strategy!, seed: p.seed! })
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
    const { renderTimeline } = await import("../schedule/timeline.ts");
    timeline = renderTimeline(timelineHost, report, { lang: data.lang, onStep: highlight.onStep });
  };

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
  if (autorun) void run();
}
