/**
 * scheduler — "Be the scheduler" in the playground (The Deadlock Empire's game on the learner's
 * own code): at each decision point of a run, the learner picks which runnable goroutine runs
 * next (or which ready case a select takes), sees where each one stands, undoes, and reads what
 * the detectors said. Runs on the page's main thread.
 *
 * The panel holds a choice list and nothing of a run, as gosync's sim.stepper does: each move
 * asks the judge to run the program again from the start under gosync's manual strategy,
 * following the choices and pausing at the next decision point (the judge's `limits.choices`),
 * and draws the report it brings back: `decision` (who may run and what each would do next), the
 * trace so far (the page's timeline) and the test's status — a race, a deadlock, a leak, a failed
 * assertion or a panic as soon as a detector fires. A run is deterministic for its code, seed and
 * choices, so undo is a shorter list, and the list is the schedule's token (strategy manual): the
 * playground's share link carries it, and opening the link replays it.
 */
import type { TestResult, Verdict } from "../../runner/browser/protocol.ts";
import type { DecisionOption, DecisionPoint } from "gosync/sim";
import type { PlaygroundStrings } from "./strings.ts";

/** Step is what one move brings back: the Verdict and its one judged test (null: the move was superseded). */
export interface Step {
  verdict: Verdict;
  test: TestResult | undefined;
}

/** SchedulerDeps is what the panel needs from the page. */
export interface SchedulerDeps {
  /** the panel's section (Playground.astro's `[data-role="scheduler"]`) */
  panel: HTMLElement;
  strings: PlaygroundStrings;
  /** run runs the program with these choices, pausing at the next decision point; null if a later move superseded it */
  run(choices: readonly number[]): Promise<Step | null>;
  /** drawn is told each move's result after the panel drew it, for the page's output, reports and timeline */
  drawn(step: Step, choices: readonly number[]): void;
  /** left is called when the learner leaves the mode */
  left(): void;
  /** source is the text of the line a `file:line:col` names (the program's, or an exercise's hidden test's), if the page has it */
  source(at: string): string | undefined;
  /** point shows in the editor where an option's goroutine stands (focus or pointer on the option) */
  point(step: number, g: number, at: string | undefined): void;
}

/** Scheduler is the mode's handle for the page. */
export interface Scheduler {
  /** active: the panel is open */
  readonly active: boolean;
  /** choices are the choices made so far */
  readonly choices: readonly number[];
  /** start opens the panel and runs `choices` (a share link's, or none) to the next decision point */
  start(choices?: readonly number[]): Promise<void>;
  /** leave closes the panel (Run does, too) */
  leave(): void;
}

function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** whereText is ` at line N` for the program's own file, ` at file:N` for another (an exercise's hidden.test.ts), or "". */
export function whereText(s: PlaygroundStrings, at: string | undefined): string {
  const m = at ? /^(?:.*\/)?([^/]+):(\d+):(\d+)$/.exec(at) : null;
  if (!m) return "";
  return m[1] === "solution.ts" ? format(s["scheduler.option.at"], { line: m[2]! }) : format(s["scheduler.option.atFile"], { file: m[1]!, line: m[2]! });
}

/** optionText describes one option of a decision point: who, what it does when picked, where it stands. */
export function optionText(s: PlaygroundStrings, o: DecisionOption, last: number | undefined): string {
  const at = whereText(s, o.at);
  const text =
    o.id < 0
      ? format(s["scheduler.option.step"], { owner: o.owner ?? 0 })
      : o.op === "start"
        ? format(s["scheduler.option.start"], { g: o.id, at })
        : o.woken !== undefined
          ? format(s["scheduler.option.woken"], { g: o.id, woken: o.woken, at })
          : format(s["scheduler.option.op"], { g: o.id, op: o.op, at });
  return o.preempts && last !== undefined && last > 0 ? text + format(s["scheduler.option.preempts"], { last }) : text;
}

/** lineOfAt is the line of a `file:line:col` in the program's solution.ts, else undefined. */
function lineOfAt(at: string | undefined): string | undefined {
  const m = at ? /(?:^|\/)solution\.ts:(\d+):\d+$/.exec(at) : null;
  return m ? m[1] : undefined;
}

/** mountScheduler wires the panel; it stays closed until start. */
export function mountScheduler(deps: SchedulerDeps): Scheduler {
  const { panel, strings: s } = deps;
  const q = <T extends HTMLElement>(sel: string) => panel.querySelector<T>(sel)!;
  const status = q<HTMLElement>('[data-role="sched-status"]');
  const question = q<HTMLElement>('[data-role="sched-question"]');
  const options = q<HTMLElement>('[data-role="sched-options"]');
  const list = q<HTMLElement>('[data-role="sched-choices"]');
  const undo = q<HTMLButtonElement>('[data-action="sched-undo"]');
  const restart = q<HTMLButtonElement>('[data-action="sched-restart"]');
  let choices: number[] = [];
  let active = false;
  let busy = false;
  /** pending is a move asked for while another ran: only the last one counts */
  let seq = 0;

  const showChoices = () => {
    list.textContent = format(s["scheduler.choices"], { list: choices.length ? choices.join(", ") : s["scheduler.none"] });
    undo.disabled = choices.length === 0;
    restart.disabled = choices.length === 0;
  };

  const draw = (step: Step) => {
    const test = step.test;
    const report = test?.report;
    const decision: DecisionPoint | undefined = report?.outcome === "paused" ? report.decision : undefined;
    const onOption = options.contains(document.activeElement);
    options.replaceChildren();
    question.textContent = "";
    const message = test ? ((document.documentElement.lang.startsWith("zh") ? test.zh?.message : undefined) ?? test.message ?? "") : (step.verdict.message ?? "");
    // A choice the run could not follow (an edited program, a damaged link) is not the program's failure.
    const unfollowable = /gosync\/sim: (manual choice|decide returned)/.test(message);
    const fired = test !== undefined && test.status !== "pass" && !unfollowable;
    if (unfollowable) status.textContent = format(s["scheduler.bad"], { message: message.replace(/^panic: /, "").split("\n")[0] ?? "" });
    else if (fired) {
      const what = s[`scheduler.what.${test.status}` as keyof PlaygroundStrings] ?? test.status;
      status.textContent = format(s[decision ? "scheduler.firedGoesOn" : "scheduler.fired"], { what, message: message.split("\n")[0] ?? "" });
    } else if (!test || step.verdict.status === "compile-error") {
      status.textContent = format(s["scheduler.bad"], { message: step.verdict.message ?? step.verdict.diagnostics.map((d) => d.message).join("; ") });
    } else status.textContent = decision ? "" : s["scheduler.ok"];
    panel.dataset.state = decision ? "paused" : "ended";
    panel.dataset.status = unfollowable ? "unfollowable" : (test?.status ?? step.verdict.status);
    if (decision) {
      question.textContent =
        decision.kind === "select"
          ? format(s["scheduler.pickCase"], { index: decision.index, step: decision.step, g: decision.g ?? 0, n: decision.cases ?? 0 })
          : format(s["scheduler.pick"], { index: decision.index, step: decision.step });
      const items: { choice: number; text: string; g?: number; at?: string }[] =
        decision.kind === "select"
          ? Array.from({ length: decision.cases ?? 0 }, (_, i) => ({ choice: i, text: format(s["scheduler.case"], { i }) }))
          : decision.options.map((o) => ({ choice: o.id, text: optionText(s, o, decision.g), g: o.id, at: o.at }));
      items.forEach((it, i) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "pg-sched-option";
        b.dataset.choice = String(it.choice);
        if (it.g !== undefined) b.dataset.g = String(it.g);
        const line = lineOfAt(it.at);
        if (line) b.dataset.line = line;
        if (i < 9) {
          b.setAttribute("aria-keyshortcuts", String(i + 1));
          const key = b.appendChild(document.createElement("kbd"));
          key.textContent = String(i + 1);
          key.setAttribute("aria-hidden", "true");
        }
        b.appendChild(document.createElement("span")).textContent = it.text;
        const code = it.at !== undefined ? deps.source(it.at)?.trim() : undefined;
        if (code) b.appendChild(document.createElement("code")).textContent = code.length > 80 ? `${code.slice(0, 79)}…` : code;
        b.addEventListener("click", () => void choose(it.choice));
        const point = () => deps.point(decision.step, it.g ?? 0, it.at);
        b.addEventListener("focus", point);
        b.addEventListener("mouseenter", point);
        options.append(b);
      });
    }
    showChoices();
    // The button pressed is gone (or Undo has nothing left to undo): the focus goes to the next
    // decision's first option, or to the outcome, never to the page's top.
    const stranded = (document.activeElement === undo || document.activeElement === restart) && (document.activeElement as HTMLButtonElement).disabled;
    if (onOption || stranded) {
      (options.querySelector<HTMLElement>("button") ?? status).focus();
    }
  };

  const go = async (next: number[]) => {
    const my = ++seq;
    busy = true;
    panel.dataset.state = "running";
    panel.setAttribute("aria-busy", "true");
    status.textContent = s["scheduler.working"];
    try {
      const step = await deps.run(next);
      if (my !== seq || !step) return;
      choices = next;
      draw(step);
      deps.drawn(step, choices);
    } finally {
      if (my === seq) {
        busy = false;
        panel.removeAttribute("aria-busy");
      }
    }
  };

  const choose = (choice: number) => (busy ? undefined : go([...choices, choice]));
  undo.addEventListener("click", () => {
    if (!busy && choices.length) void go(choices.slice(0, -1));
  });
  restart.addEventListener("click", () => {
    if (!busy) void go([]);
  });
  q<HTMLButtonElement>('[data-action="sched-leave"]').addEventListener("click", () => {
    handle.leave();
    deps.left();
  });
  panel.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).matches("input, textarea, select")) return;
    if (/^[1-9]$/.test(e.key)) {
      const b = options.querySelectorAll<HTMLButtonElement>("button")[Number(e.key) - 1];
      if (b) {
        e.preventDefault();
        b.click();
      }
    } else if (e.key === "Backspace") {
      e.preventDefault();
      undo.click();
    }
  });

  const handle: Scheduler = {
    get active() {
      return active;
    },
    get choices() {
      return choices;
    },
    async start(initial: readonly number[] = []) {
      active = true;
      panel.hidden = false;
      choices = [...initial];
      showChoices();
      await go([...initial]);
    },
    leave() {
      active = false;
      seq++;
      busy = false;
      panel.hidden = true;
      panel.removeAttribute("aria-busy");
    },
  };
  return handle;
}
