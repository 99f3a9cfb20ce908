/**
 * controller — one live exercise: the Monaco editor with the learner's draft, Run (button and
 * Ctrl/Cmd+Enter) through the sandbox, Reset, Hints one at a time, Solution after a failed Run,
 * the results panel and the editor markers. Loaded by island.ts when an exercise nears the
 * viewport; runs on the page's main thread.
 *
 * The root tells the page what happens, for pages that follow several exercises (the
 * assignment page's checklist and submission): `synclab:code` (detail { id, code }) after each
 * change of the code, `synclab:verdict` (detail { id, code, verdict }) after each Run's verdict
 * is drawn, which is also saved as the exercise's progress (progress.ts). Both bubble.
 */
import { pageClient, wasWarmed } from "./page-sandbox.ts";
import type { RunLimits, SourceLocation, TestResult, Verdict } from "../../runner/browser/protocol.ts";
import type { CompiledAhead } from "../../runner/core/bundle.ts";
import { confirmDialog } from "./dialog.ts";
import { SAVE_DELAY_MS, loadDraft, saveDraft, clearDraft } from "./drafts.ts";
import { replaceUndoably } from "./model-text.ts";
import { plainEditorStart, takePlainEditor, type PlainState } from "./plain-editor.ts";
import { progressOf, saveProgress } from "./progress.ts";
import { renderProgress, renderVerdict } from "./results.ts";
import type { ScheduleHooks } from "./schedule-view.ts";
import { stepHighlighter, type StepHighlight } from "../schedule/editor-step.ts";
import type { strings as allStrings } from "./strings.ts";
import { colorizeWith, markTestsStale, revealHiddenLine, showTestResults, type TestSpan } from "./tests-tab.ts";
import { selectTab } from "./workspace.ts";
import { addTabFocusToggle, announcer, keepFocusInside } from "./keyboard.ts";
import { recordState } from "../course/state.ts";
import { nextExercise } from "../course/next.ts";

interface ExercisePayload {
  id: string;
  lang: "zh" | "en";
  limits: RunLimits;
  starter: string;
  starterHash: string;
  /** solution is absent where the page offers no reference solution (an assignment). */
  solution?: string;
  tests: string;
  /** testCases are the hidden tests the Tests tab lists, with their lines in `tests`. */
  testCases: TestSpan[];
  hints: string[];
  /** blindSpot is what the hidden tests cannot see, in the page's language, said with a pass. */
  blindSpot?: string;
  strings: (typeof allStrings)["en"];
}

/** The sandbox starts after this long without an edit once the editor is up, and at the latest SANDBOX_LATEST_MS after. */
const SANDBOX_QUIET_MS = 1000;
const SANDBOX_LATEST_MS = 4000;
/** The code is compiled ahead of its Run after this long without an edit (client.prepare): a compile costs the bundler worker ~10 ms, and a learner who presses Run right after typing still finds it done. */
const PREPARE_QUIET_MS = 150;
const base = import.meta.env.BASE_URL.replace(/\/?$/, "/");

/** whenIdle runs fn when the page idles, at the latest after timeoutMs (at once without requestIdleCallback). */
function whenIdle(fn: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(fn, { timeout: timeoutMs });
  else fn();
}

/**
 * nextFrame settles at the next animation frame (in its callback, before the frame is drawn), or
 * at once when the page is hidden and draws no frames.
 */
function nextFrame(): Promise<void> {
  if (document.visibilityState === "hidden") return Promise.resolve();
  return new Promise((resolve) => {
    // Whichever comes first; the other is dropped, so Runs leave no listeners behind.
    const done = () => {
      document.removeEventListener("visibilitychange", done);
      resolve();
    };
    requestAnimationFrame(done);
    document.addEventListener("visibilitychange", done);
  });
}

/**
 * handOver puts what the plain editor held into the live editor: its text as one undoable edit
 * (the content listener saves it as the draft), its selection and its scroll. The focus moved
 * with the editor's creation (mount's `hadFocus`).
 */
function handOver(monaco: typeof import("monaco-editor/editor/editor.api.js"), editor: import("monaco-editor/editor/editor.api.js").editor.IStandaloneCodeEditor, plain: PlainState): void {
  const model = editor.getModel()!;
  if (plain.text !== model.getValue()) replaceUndoably(model, plain.text);
  const start = model.getPositionAt(plain.start);
  const end = model.getPositionAt(plain.end);
  const [anchor, caret] = plain.backward ? [end, start] : [start, end];
  editor.setSelection(new monaco.Selection(anchor.lineNumber, anchor.column, caret.lineNumber, caret.column));
  editor.setScrollTop(plain.scrollTop);
  editor.setScrollLeft(plain.scrollLeft);
  editor.revealPositionInCenterIfOutsideViewport(caret);
}

function payloadOf(root: HTMLElement): ExercisePayload {
  const script = root.querySelector<HTMLScriptElement>('script[data-role="data"]');
  return JSON.parse(script?.textContent ?? "{}") as ExercisePayload;
}

/**
 * mount turns an exercise root into a live editor. Once it is live it replays the action the
 * learner asked for while it loaded (`data-pending-action` on the root, set by island.ts: a
 * button's `data-action`, or "run" for Ctrl/Cmd+Enter).
 */
export async function mount(root: HTMLElement): Promise<void> {
  const data = payloadOf(root);
  const s = data.strings;
  const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const host = q<HTMLElement>('[data-role="editor"]');
  const results = q<HTMLElement>('[data-role="results"]');
  const hints = q<HTMLOListElement>('[data-role="hints"]');
  const note = q<HTMLElement>('[data-role="note"]');
  const button = (name: string) => q<HTMLButtonElement>(`[data-action="${name}"]`);
  // The verdict is announced once, as a sentence, by a live region of its own: the panel, redrawn
  // on every progress step and verdict, was read out whole (keyboard.ts).
  const say = announcer(root);
  results.setAttribute("aria-live", "off");
  // The panel scrolls inside the workspace: reachable with Tab, it scrolls with the arrow keys.
  results.tabIndex = 0;
  keepFocusInside(root, () => button("run"));
  const toolbar = button("run").parentElement!;
  const client = pageClient();
  // The exercise's files compiled at site build (the hidden tests, the starter): a Run of the
  // starter is then judged without esbuild.wasm, which on a slow link arrives last. Without
  // them every Run compiles, as it would anyway.
  void fetch(`${base}exercise/compiled/${data.id}.json`)
    .then((r) => (r.ok ? (r.json() as Promise<CompiledAhead[]>) : []))
    .then((files) => client.seed(files), () => undefined);

  const draft = loadDraft(data.id);
  let code = draft?.code ?? data.starter;
  if (draft) note.textContent = draft.starterHash === data.starterHash ? s["exercise.draft.restored"] : s["exercise.draft.outdated"];

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    saveDraft(data.id, code, data.starterHash);
  };
  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  };
  addEventListener("pagehide", () => {
    if (saveTimer !== undefined) save();
  });

  let editor: import("monaco-editor/editor/editor.api.js").editor.IStandaloneCodeEditor | null = null;
  let monacoApi: typeof import("monaco-editor/editor/editor.api.js") | null = null;
  /** draftModel holds the learner's draft (the editor shows another model only for a shared solution). */
  let draftModel!: import("monaco-editor/editor/editor.api.js").editor.ITextModel;
  const announceCode = () => root.dispatchEvent(new CustomEvent("synclab:code", { bubbles: true, detail: { id: data.id, code } }));
  const setCode = (next: string) => {
    code = next;
    if (editor && editor.getValue() !== next) editor.setValue(next);
    save();
    announceCode();
  };

  const goTo = (loc: SourceLocation) => {
    if (loc.file === "hidden.test.ts") return revealHiddenLine(root, loc.line);
    if (!editor || loc.file !== "solution.ts") return;
    editor.setPosition({ lineNumber: loc.line, column: loc.column });
    editor.revealLineInCenter(loc.line);
    editor.focus();
  };

  let shownMarkers = "";
  const markers = (v: Verdict) => {
    if (!editor || !monacoApi) return;
    const model = editor.getModel();
    if (!model) return;
    const m = monacoApi;
    const list = [
      ...v.diagnostics.filter((d) => d.file === "solution.ts").map((d) => ({ ...d, text: d.message, sev: d.severity })),
      ...v.tests
        .filter((t) => t.status !== "pass" && t.location?.file === "solution.ts")
        .map((t) => ({ ...t.location!, text: `${t.name}: ${t.message ?? t.status}`, sev: "error" as const })),
    ];
    const next = list.map((d) => ({
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.line,
      endColumn: model.getLineMaxColumn(Math.min(d.line, model.getLineCount())),
      message: d.text,
      severity: d.sev === "error" ? m.MarkerSeverity.Error : m.MarkerSeverity.Warning,
    }));
    // Setting the same markers on the same text again still re-renders the editor in the
    // verdict's frame; after an edit they are set again (the edit may have moved the old ones).
    const key = `${model.getVersionId()} ${JSON.stringify(next)}`;
    if (key === shownMarkers) return;
    shownMarkers = key;
    m.editor.setModelMarkers(model, "synclab", next);
  };

  /**
   * withTypeWarnings is the verdict as the panel shows it: TypeScript's errors in the judged draft
   * first (the editor's TypeScript worker already has them), as warnings with line and column;
   * the Run ran all the same. The Verdict itself (progress, share links) is left as judged.
   */
  const withTypeWarnings = (v: Verdict, judged: string): Verdict => {
    const model = editor?.getModel();
    if (!monacoApi || !model || viewing || model.getValue() !== judged || v.status === "compile-error") return v;
    const found = monacoApi.editor
      .getModelMarkers({ resource: model.uri, owner: "typescript" })
      .filter((m) => m.severity === monacoApi!.MarkerSeverity.Error)
      .slice(0, 10)
      .map((m) => ({
        file: "solution.ts",
        line: m.startLineNumber,
        column: m.startColumn,
        severity: "warning" as const,
        message: `${m.code ? `TS${typeof m.code === "object" ? m.code.value : m.code}: ` : ""}${m.message}`,
      }));
    return found.length ? { ...v, diagnostics: [...found, ...v.diagnostics] } : v;
  };

  /** showNext puts "Next exercise: …" below the verdict after a pass (not on an assignment page, which has its own order). */
  const showNext = () => {
    const next = nextExercise(data.id);
    const link = document.createElement(next ? "a" : "p");
    link.className = "sx-next";
    link.textContent = next ? s["exercise.next"].replace("{title}", next.title) : s["exercise.done"];
    if (next && link instanceof HTMLAnchorElement) link.href = next.href;
    (root.querySelector('[data-role="after"]') ?? toolbar).append(link);
  };
  /** viewing is the shared solution shown read-only in place of the draft (a share link), or null. */
  let viewing: { code: string; replay?: RunLimits["replay"] } | null = null;
  // A shared failure's Run replays its schedule as the sharer saw it (shrunk, it is not its seed's).
  // A Run leaves its failures' traces out: the panel asks for one when a learner opens it (scheduleHooks' traced).
  const request = () => ({ exerciseId: data.id, solution: viewing?.code ?? code, tests: data.tests, limits: { ...data.limits, traceFailures: false, ...(viewing?.replay ? { replay: viewing.replay } : {}) } });
  /** lastRun is the last verdict and the code it judged: a share link carries its schedule while the code is unchanged. */
  let lastRun: { code: string; verdict: Verdict } | null = null;
  let runSeq = 0;
  /** running: a Run is under way (a schedule asked for now would cancel it: the sandbox judges one Run at a time). */
  let running = false;
  /** stepper highlights in the editor the line of the step a Schedule view's timeline is at (set once the editor is up). */
  let stepper: StepHighlight | null = null;
  /**
   * scheduleHooks serve the Schedule views of the verdict of `judged` (the code that Run judged):
   * the timeline's steps go to the editor, and a test's schedule asked for on request is that
   * test judged again alone (limits.only) on that code, traced, with its profile and a passing
   * schedule (for a failing test: one for contrast; for a passing one: its first).
   */
  const scheduleHooks = (judged: string, judgedLimits: RunLimits): ScheduleHooks => {
    /** judgeAgain judges the code that Run judged, under `limits` (undefined when superseded). */
    const judgeAgain = (limits: RunLimits) => client.run(data.id, { exerciseId: data.id, solution: judged, tests: data.tests, limits });
    /**
     * traced is the first asking's promise of every failed test's traced result: the Run judged
     * again with its failures' traces, whole (one Run serves every later opening; per test,
     * each would be a round trip to the sandbox).
     */
    let traced: Promise<Map<string, TestResult> | undefined> | undefined;
    const tracedRun = async (): Promise<Map<string, TestResult> | undefined> => {
      if (running) return undefined;
      const { traceFailures: _, ...limits } = judgedLimits;
      const out = await judgeAgain(limits);
      return out ? new Map(out.verdict.tests.map((r) => [r.name, r])) : undefined;
    };
    /** traces holds each failed test's traced result once had: its Schedule and its Replay trace share it. */
    const traces = new WeakMap<TestResult, Promise<TestResult | undefined>>();
    const tracedOnce = async (t: TestResult): Promise<TestResult | undefined> => {
      traced ??= tracedRun();
      const all = await traced.catch(() => undefined);
      if (all === undefined) traced = undefined; // not had (a Run was under way): asked again next time
      const again = all?.get(t.name);
      // The same schedule as shown (the judge is a function of the code): else, that schedule
      // (its token, a shrunk one's choices) replayed, the test alone.
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (again?.report?.trace !== undefined && same(again.schedule, t.schedule) && same(again.report.schedule, t.report?.schedule)) return again;
      if (running) return undefined;
      const { replayLimit, sharedSchedule } = await import("./share.ts");
      const replay = replayLimit(sharedSchedule(t));
      const out = await judgeAgain({ ...data.limits, only: t.name, trace: true, ...(replay ? { replay } : {}) });
      return out?.verdict.tests.find((r) => r.name === t.name && r.status !== "skipped" && r.report?.trace !== undefined);
    };
    return {
      onStep: (step, g, at) => stepper?.onStep(step, g, at),
      traced: (t) => {
        let p = traces.get(t);
        if (p === undefined) {
          p = tracedOnce(t);
          traces.set(t, p);
          // Not had (a Run was under way): asked again at the next opening.
          void p.then((r) => (r === undefined ? traces.delete(t) : undefined), () => traces.delete(t));
        }
        return p;
      },
      request: async (name) => {
        if (running) return undefined;
        const out = await judgeAgain({ ...data.limits, only: name, trace: true, contrast: true, profile: true });
        return out?.verdict.tests.find((t) => t.name === name && t.status !== "skipped");
      },
    };
  };
  const run = async () => {
    if (saveTimer !== undefined) save();
    const ran = viewing?.code ?? code;
    const asked = request();
    const mine = ++runSeq;
    running = true;
    root.querySelector(".sx-next")?.remove();
    renderProgress(results, s, { phase: "loading" });
    // At least one frame sees data-status "running": a warm Run can be judged within a frame, and
    // whatever looks once a frame (a test's poll, an assistive tool) would miss it. Drawn in that
    // frame's callback, the verdict is still on screen in the frame it would have been anyway.
    const seenRunning = nextFrame();
    const outcome = await client.run(
      data.id,
      asked,
      (p) => {
        if (mine === runSeq) renderProgress(results, s, p);
      },
    );
    if (mine !== runSeq) return;
    running = false;
    if (!outcome) return;
    await seenRunning;
    if (mine !== runSeq) return;
    stepper?.clear();
    renderVerdict(results, s, withTypeWarnings(outcome.verdict, ran), outcome.console, goTo, data.blindSpot, scheduleHooks(ran, asked.limits));
    showTestResults(root, outcome.verdict, data.testCases, data.tests, s, monacoApi ? colorizeWith(monacoApi) : undefined);
    markers(outcome.verdict);
    const passed = outcome.verdict.status === "pass";
    say(`${s[`runner.verdict.${outcome.verdict.status}`]}. ${s[`runner.status.${outcome.verdict.status}`]}`);
    lastRun = { code: ran, verdict: outcome.verdict };
    // A shared solution's Run is the sharer's, not the learner's: it is not their progress.
    if (!viewing) {
      saveProgress(data.id, progressOf(outcome.verdict, ran));
      recordState(data.id, passed ? "passed" : "attempted");
      if (passed && data.solution !== undefined) showNext();
    }
    root.dispatchEvent(new CustomEvent("synclab:verdict", { bubbles: true, detail: { id: data.id, code: ran, verdict: outcome.verdict } }));
    const solution = root.querySelector<HTMLButtonElement>('[data-action="solution"]');
    if (outcome.verdict.status !== "pass" && solution && data.solution !== undefined) solution.hidden = false;
  };

  let hintsShown = 0;
  /** closeHints takes back the hints shown so far: the code they were read for is gone. */
  const closeHints = () => {
    hintsShown = 0;
    hints.replaceChildren();
    const b = button("hint");
    b.textContent = s["exercise.hint"];
    b.disabled = data.hints.length === 0;
  };
  /** markStale dims the last verdict and says why: it judged code that Reset or Solution replaced. */
  const markStale = () => {
    runSeq++; // a Run still under way judges the replaced code: its verdict is dropped
    markTestsStale(root);
    if (results.dataset.status === "idle") return;
    results.classList.add("sx-stale");
    results.querySelector(":scope > .sx-running")?.remove();
    if (results.dataset.status === "running") results.dataset.status = "idle";
    if (!results.querySelector(":scope > .sx-stale-note")) {
      const p = document.createElement("p");
      p.className = "sx-stale-note";
      p.textContent = s["runner.stale"];
      results.prepend(p);
    }
  };
  /**
   * share puts a link to this code (and, when its last Run failed, the failing schedule) in the
   * toolbar and on the clipboard (share.ts); nothing is sent anywhere.
   */
  const share = async () => {
    const { shareFragment, sharedSchedule } = await import("./share.ts");
    const shown = viewing?.code ?? code;
    const failed = lastRun && lastRun.code === shown ? lastRun.verdict.tests.find((t) => t.status !== "pass" && t.schedule) : undefined;
    const schedule = failed ? sharedSchedule(failed) : undefined;
    const link = `${location.origin}${location.pathname}${shareFragment(data.id, { code: shown, schedule })}`;
    let box = root.querySelector<HTMLElement>(".sx-share");
    if (!box) {
      box = document.createElement("p");
      box.className = "sx-share";
      const label = box.appendChild(document.createElement("label"));
      label.textContent = s["exercise.share.label"];
      const input = label.appendChild(document.createElement("input"));
      input.readOnly = true;
      input.dataset.role = "share-link";
      box.append(document.createElement("span"));
      toolbar.append(box);
    }
    const input = box.querySelector("input")!;
    input.value = link;
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link is in the box, selected.
    }
    const status = box.querySelector("span")!;
    status.textContent = copied ? s["exercise.share.copied"] : s["exercise.share.select"];
    say(status.textContent);
    input.focus();
    input.select();
  };
  /** leaveShared puts the learner's draft back in the editor, editable, and drops the share link from the address. */
  const leaveShared = () => {
    if (!viewing || !editor) return;
    viewing = null;
    editor.setModel(draftModel);
    editor.updateOptions({ readOnly: false });
    root.querySelector(".sx-shared")?.remove();
    history.replaceState(history.state, "", location.pathname + location.search);
  };
  /** openShared shows a share link's code read-only in place of the draft, with its schedule, or says what is wrong with the link. */
  const openShared = async () => {
    if (!editor || !monacoApi) return;
    const { decodeShare, replayLimit, sharedScheduleText } = await import("./share.ts");
    const decoded = decodeShare(location.hash);
    const banner = document.createElement("div");
    banner.className = "sx-shared";
    banner.setAttribute("role", "region");
    banner.setAttribute("aria-label", s["exercise.shared.title"]);
    const text = banner.appendChild(document.createElement("p"));
    if (!decoded.ok) {
      banner.dataset.kind = "error";
      text.textContent = s["exercise.shared.bad"].replace("{why}", s[`exercise.shared.problem.${decoded.problem}`]).replace("{detail}", decoded.detail);
      toolbar.append(banner);
      return;
    }
    const shared = decoded.shared;
    viewing = { code: shared.code, replay: replayLimit(shared.schedule) };
    const strong = text.appendChild(document.createElement("strong"));
    strong.textContent = s["exercise.shared.title"];
    if (shared.schedule) {
      const sched = banner.appendChild(document.createElement("p"));
      sched.dataset.role = "shared-schedule";
      sched.textContent = s["exercise.shared.schedule"].replace("{test}", shared.schedule.test).replace("{schedule}", sharedScheduleText(shared.schedule, data.lang));
    }
    const buttons = banner.appendChild(document.createElement("p"));
    const copyIn = buttons.appendChild(document.createElement("button"));
    copyIn.type = "button";
    copyIn.dataset.role = "shared-copy";
    copyIn.textContent = s["exercise.shared.copy"];
    const back = buttons.appendChild(document.createElement("button"));
    back.type = "button";
    back.textContent = s["exercise.shared.back"];
    toolbar.append(banner);
    const sharedModel = monacoApi.editor.createModel(shared.code, "typescript");
    editor.setModel(sharedModel);
    editor.updateOptions({ readOnly: true });
    copyIn.addEventListener("click", () => {
      leaveShared();
      replaceUndoably(draftModel, shared.code);
      note.textContent = s["exercise.shared.copied"];
      markStale();
      editor?.focus();
    });
    back.addEventListener("click", () => {
      leaveShared();
      editor?.focus();
    });
  };
  const ask = (message: string, confirm: string) => confirmDialog(root, { message, confirm, cancel: s["dialog.cancel"] });
  const actions: Record<string, () => void> = {
    run: () => void run(),
    reset: async () => {
      if (!(await ask(s["exercise.reset.confirm"], s["exercise.reset.action"]))) return;
      setCode(data.starter);
      clearDraft(data.id);
      note.textContent = "";
      closeHints();
      markStale();
    },
    hint: () => {
      selectTab(root, "hints");
      if (hintsShown >= data.hints.length) return;
      const li = document.createElement("li");
      li.innerHTML = data.hints[hintsShown++]; // built from the exercise's own markdown at site build
      hints.append(li);
      const b = button("hint");
      b.textContent = hintsShown < data.hints.length ? s["exercise.hint.next"] : s["exercise.hint.none"];
      b.disabled = hintsShown >= data.hints.length;
    },
    // The solution beside the draft, in a diff; the draft changes only if the learner copies it in (undoably).
    solution: async () => {
      if (data.solution === undefined || !editor || !monacoApi) return;
      if (viewing) leaveShared();
      const { openSolutionDiff } = await import("./solution-diff.ts");
      await openSolutionDiff(root, {
        monaco: monacoApi,
        model: editor.getModel()!,
        solution: data.solution,
        labels: { title: s["exercise.diff.title"], draft: s["exercise.diff.draft"], solution: s["exercise.diff.solution"], copy: s["exercise.diff.copy"], close: s["exercise.diff.close"] },
        onCopy: () => {
          note.textContent = s["exercise.diff.copied"];
          markStale();
        },
      });
    },
    share: () => void share(),
  };
  root.addEventListener("click", (e) => {
    const name = (e.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset.action;
    if (name && actions[name] && root.dataset.mounted === "live") actions[name]();
  });
  root.addEventListener("keydown", (e) => {
    // While loading, island.ts keeps the Run for later (data-pending-action).
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && root.dataset.mounted === "live") {
      e.preventDefault();
      actions.run();
    }
  });

  // Monaco: its CSS comes with this chunk (Vite), never with the page.
  const { monaco, configureTypeScript, tabMovesFocus, holdTypeScriptWorker } = await import("./monaco.ts");
  monacoApi = monaco;
  // The first Run waits for esbuild.wasm, diagnostics can wait for it too (a slow network's bandwidth goes to the wasm).
  if (wasWarmed()) holdTypeScriptWorker(client.downloaded());
  void configureTypeScript(`${base}exercise/gosync-types.json`);
  // A learner typing in the plain editor (plain-editor.ts) keeps it until they pause: the model
  // starts from the text it started from (its TypeScript worker starts meanwhile), and what was
  // typed there becomes one undoable edit (handOver below), taken in the task that replaces the
  // textarea, so that no keystroke falls in between.
  code = plainEditorStart(host) ?? code;
  const model = monaco.editor.createModel(code, "typescript", monaco.Uri.parse(`file:///${data.id}/solution.ts`));
  draftModel = model;
  const plain = await takePlainEditor(host);
  // The learner who tabbed onto the placeholder keeps the focus in the editor that replaces it
  // (removed with the placeholder, the focus fell to <body>).
  const hadFocus = host.contains(document.activeElement);
  host.replaceChildren();
  host.classList.add("sx-live");
  host.removeAttribute("tabindex");
  // The placeholder's label ("Loading the editor…") would name the editor's region for good.
  host.removeAttribute("aria-label");
  editor = monaco.editor.create(host, {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: `${data.id}/solution.ts`,
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => actions.run());
  stepper = stepHighlighter(monaco, editor, root, "sx-step-line");
  if (hadFocus) editor.focus();
  addTabFocusToggle(toolbar, s["exercise.tabFocus"], tabMovesFocus);
  const shareButton = document.createElement("button");
  shareButton.type = "button";
  shareButton.dataset.action = "share";
  shareButton.textContent = s["exercise.share"];
  toolbar.querySelector(".sx-tabfocus")!.before(shareButton);
  let attempted = false;
  model.onDidChangeContent(() => {
    code = model.getValue();
    scheduleSave();
    announceCode();
    // "Your draft was restored." is news until the learner edits it.
    if (note.textContent === s["exercise.draft.restored"]) note.textContent = "";
    if (!attempted && code !== data.starter) {
      attempted = true;
      recordState(data.id, "attempted");
    }
  });
  if (plain) handOver(monaco, editor, plain);
  root.dataset.mounted = "live";
  if (location.hash.startsWith(`#share:${data.id}:`)) void openShared();
  // Start the sandbox (esbuild.wasm's compile, the run workers' warm-up: seconds of CPU on
  // other threads) once the editor is up and the learner pauses typing, at the latest
  // SANDBOX_LATEST_MS after the editor appeared: started with Monaco, or while the learner
  // types, it competes with the editor for the CPU (measured: the editor appeared later and a
  // typed line echoed ~0.6 s slower on two cores). A Run before then starts it itself. An
  // exercise in view or deep-linked has it started already, with Monaco (island.ts, warmSandbox):
  // there the first Run's wait outweighs the editor's.
  let sandboxTimer: ReturnType<typeof setTimeout> | undefined;
  let sandboxStarted = false;
  const startSandbox = () => {
    if (sandboxStarted) return;
    sandboxStarted = true;
    clearTimeout(sandboxTimer);
    // Compiling the exercise right away warms esbuild-wasm (its first build runs cold wasm:
    // measured ~0.4 s) and keeps the hidden tests and the current code compiled for the Run.
    void client.start().then(() => client.prepare(request()), () => undefined);
  };
  let edits = 0;
  const startSandboxWhenQuiet = () => {
    if (sandboxStarted) return;
    clearTimeout(sandboxTimer);
    const armedAt = edits;
    sandboxTimer = setTimeout(() => {
      // An edit between the timer and the idle callback means the learner types again: wait on.
      whenIdle(() => (edits === armedAt ? startSandbox() : undefined), 200);
    }, SANDBOX_QUIET_MS);
  };
  // Once the sandbox is up, each pause in typing compiles the code ahead of its Run.
  let prepareTimer: ReturnType<typeof setTimeout> | undefined;
  model.onDidChangeContent(() => {
    edits++;
    startSandboxWhenQuiet();
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(() => client.prepare(request()), PREPARE_QUIET_MS);
  });
  // A sandbox island.ts started early (warmSandbox) has the exercise compiled at once.
  if (wasWarmed()) startSandbox();
  else startSandboxWhenQuiet();
  // The sandbox's iframe alone is light (its own process does the work): created as soon as the
  // page idles, it is ready when the sandbox starts (measured: ~0.25 s off a first Run).
  whenIdle(() => void client.preload().catch(() => undefined), 1000);
  setTimeout(startSandbox, SANDBOX_LATEST_MS);
  const pending = root.dataset.pendingAction;
  delete root.dataset.pendingAction;
  if (pending && actions[pending]) actions[pending]();
}
