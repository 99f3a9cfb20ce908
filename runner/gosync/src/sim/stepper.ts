/**
 * stepper.ts — be the scheduler from a page: run to the next decision point, show the state, take
 * a choice, undo.
 *
 * A Stepper holds a choice list and nothing of a run: each move runs the program again from the
 * start under the manual strategy, following the choices and pausing at the next decision point
 * (manual.ts says why a run cannot be suspended instead). A run is deterministic for its seed and
 * choices, so the state after a move is the state the choices lead to, and undo is a shorter list.
 * A run with stacks and the trace on costs about a millisecond for the exercises' tests.
 *
 * The state is the paused run's report: `decision` (who can run, what each would do next and
 * where it stands), `goroutines` (every goroutine alive, its status or Go's wait reason, where it
 * blocked), `trace` (the events so far), `races` (the data races found so far) — and, once the
 * program has ended, its outcome: a deadlock, a panic, a leak, a failed assertion. The token,
 * `{ strategy: "manual", seed, schedule: choices }`, replays it with `sim.run` or a share link.
 */
import { run, type RunOptions } from "./explore.ts";
import type { Report } from "./report.ts";
import type { DecisionPoint, ScheduleToken } from "./schema.ts";
import { copyOf } from "../arrays.ts";

/** StepperOptions are sim.run's options a Stepper passes to every run (its strategy is manual, stacks and trace are on). */
export type StepperOptions = Omit<RunOptions, "strategy" | "schedule" | "prefix" | "decide" | "afterChoices" | "trace" | "stacks">;

/** StepState is where a Stepper stands: the choices taken, and the report of the run they lead to. */
export interface StepState {
  /** the choices taken so far (goroutine ids at picks, case indices at selects) */
  choices: readonly number[];
  /** the run's report: outcome `paused` at a decision point, or how the program ended */
  report: Report;
  /** the decision point waiting for a choice (report.decision), absent once the program has ended */
  decision?: DecisionPoint;
  /** the program has ended (any outcome but paused): no choice is left to make */
  ended: boolean;
}

/**
 * Stepper steps a program by hand (sim.stepper). Each method runs the program once and resolves
 * with the new state; calls must not overlap (a simulation cannot run inside another: await each).
 */
export class Stepper {
  readonly #main: () => unknown;
  readonly #opts: StepperOptions;
  #choices: number[];
  #state: StepState | null = null;

  constructor(main: () => unknown, opts: StepperOptions = {}, choices: readonly number[] = []) {
    this.#main = main;
    this.#opts = opts;
    this.#choices = copyOf(choices);
  }

  /** state is the last state a move resolved with (null before the first). */
  get state(): StepState | null {
    return this.#state;
  }

  /** choices are the choices taken so far. */
  get choices(): readonly number[] {
    return this.#choices;
  }

  /** token replays the choices so far: sim.run(main, token) (pausing where they end), or a share link. */
  token(): ScheduleToken {
    const t: ScheduleToken = { strategy: "manual", seed: this.#opts.seed ?? 1, schedule: copyOf(this.#choices) };
    if (this.#opts.maxSteps !== undefined) t.maxSteps = this.#opts.maxSteps;
    if (this.#opts.mainExits) t.mainExits = true;
    return t;
  }

  /** start runs to the first decision point (or to the end, if there is none) with the choices given at construction. */
  start(): Promise<StepState> {
    return this.#go();
  }

  /**
   * choose takes `choice` at the current decision point — a goroutine id among the decision's
   * options, or a select's case index — and runs to the next one. A choice that does not fit is
   * refused with an Error naming what would, and the state stays.
   */
  async choose(choice: number): Promise<StepState> {
    const d = this.#state?.decision;
    if (this.#state !== null && d === undefined) throw new Error(`gosync/sim: Stepper.choose(${choice}): the program has ended (${this.#state.report.outcome}); undo first`);
    if (d !== undefined) {
      let fits = false;
      if (d.kind === "select") fits = choice >= 0 && choice < (d.cases ?? 0) && choice === (choice | 0);
      else for (let i = 0; i < d.options.length; i++) if (d.options[i].id === choice) fits = true;
      if (!fits) {
        let want = "";
        for (let i = 0; i < d.options.length; i++) want += (i === 0 ? "" : ", ") + d.options[i].id;
        throw new Error(`gosync/sim: Stepper.choose(${choice}) at decision ${d.index}: want ${d.kind === "select" ? `a case index in [0, ${d.cases})` : `one of the runnable goroutines ${want}`}`);
      }
    }
    this.#choices[this.#choices.length] = choice;
    return this.#go();
  }

  /** undo drops the last choice (or the last n) and runs to the decision point they were taken at. */
  undo(n = 1): Promise<StepState> {
    this.#choices.length = this.#choices.length > n ? this.#choices.length - n : 0;
    return this.#go();
  }

  /** runOn finishes the program without preempting anyone from here (what a "run to the end" button does). */
  async runOn(): Promise<StepState> {
    const report = await run(this.#main, { ...this.#opts, strategy: "manual", schedule: this.#choices, afterChoices: "run-on", trace: true, stacks: true });
    this.#choices = copyOf(report.schedule);
    return (this.#state = { choices: this.#choices, report, ended: true });
  }

  async #go(): Promise<StepState> {
    const report = await run(this.#main, { ...this.#opts, strategy: "manual", schedule: this.#choices, afterChoices: "pause", trace: true, stacks: true });
    const s: StepState = { choices: this.#choices, report, ended: report.outcome !== "paused" };
    if (report.decision !== undefined) s.decision = report.decision;
    return (this.#state = s);
  }
}

/** stepper makes a Stepper for main: `await sim.stepper(main).start()` runs to the first decision point. */
export function stepper(main: () => unknown, opts: StepperOptions = {}, choices: readonly number[] = []): Stepper {
  return new Stepper(main, opts, choices);
}
