/**
 * manual.ts — be the scheduler: the `manual` strategy follows the caller's choices.
 *
 * A choice list is what a report's `schedule` already is: at each decision point, the id of the
 * goroutine to run (negative: a runtime step) or, in a select with several ready cases, the index
 * of the case to take. So a choice list is a token (`{ strategy: "manual", seed, schedule }`) and
 * any run's schedule is a choice list. When the list runs out the strategy asks `decide` (a
 * synchronous callback, given the decision point: the runnable goroutines and what each would do
 * next), else it pauses the run there (outcome `paused`, the point in the report's `decision`) or,
 * with `afterChoices: "run-on"`, goes on without preempting anyone: the goroutine that ran last
 * keeps running while it can, else the first in the run queue (shrink.ts finishes its candidates
 * so).
 *
 * A program cannot be suspended halfway through a run (the simulation is one chain of
 * microtasks, and a real macrotask in between is a foreign wait), so a page steps by running
 * again: the choices so far, then a pause at the next point (stepper.ts). Replay is cheap and
 * deterministic, which also makes undo a matter of dropping the last choice.
 *
 * Strict by default: a choice that names no runnable goroutine (or a case out of range) throws,
 * saying what was runnable, as a replay that diverged does. `lenient` (for shrinking, whose
 * candidates are edited lists) takes the run-on choice there instead.
 */
import { jsonStringify } from "../commons.ts";
import { nextOf, SimG } from "./goroutine.ts";
import type { DecisionOption, DecisionPoint } from "./schema.ts";
import type { SchedG, Strategy } from "./strategies.ts";

/** PAUSE is what a manual pick or choose returns to stop the run at this decision point. */
export const PAUSE = -1;

/** Decide is asked at each decision point past the choice list: a goroutine id (kind goroutine) or a case index (kind select). */
export type Decide = (point: DecisionPoint) => number;

/** ManualOptions configures the manual strategy (sim.run's `schedule`, `decide` and `afterChoices`). */
export interface ManualOptions {
  decide?: Decide;
  /** what to do past the choice list when there is no decide: pause (default) or run on without preemptions */
  afterChoices?: "pause" | "run-on";
  /** take the run-on choice where a choice does not fit, instead of throwing */
  lenient?: boolean;
  /** record the ids each pick could choose from (`offered`), for a search around this run (shrink.ts) */
  record?: boolean;
}

/** ManualStrategy follows a choice list, then asks `decide`, pauses or runs on (see the file comment). */
export class ManualStrategy implements Strategy {
  readonly name = "manual" as const;
  readonly #choices: readonly number[];
  readonly #opts: ManualOptions;
  /** #taken counts decisions so far (picks and select choices alike): the next choice's index */
  #taken = 0;
  #step = 0;
  /** #last is the goroutine that ran last, for the select's decision point */
  #last = 0;
  /** preemptions counts picks that switched away from a goroutine that could go on */
  preemptions = 0;
  /** preempted lists the decision indices where a preemption happened, and who could have gone on */
  readonly preempted: Array<{ index: number; last: number }> = [];
  /** offered holds, with `record`, the ids a pick could choose from, by decision index (empty for a select's choice) */
  readonly offered: number[][] = [];
  /** pausedAt is the decision point the run paused at (the report's `decision`) */
  pausedAt: DecisionPoint | undefined = undefined;

  constructor(choices: readonly number[], opts: ManualOptions = {}) {
    this.#choices = choices;
    this.#opts = opts;
  }

  pick(runq: readonly SchedG[], step: number, last: number): number {
    this.#step = step;
    this.#last = last;
    const index = this.#taken;
    if (this.#opts.record) {
      const ids: number[] = [];
      for (let j = 0; j < runq.length; j++) ids[j] = runq[j].id;
      this.offered[index] = ids;
    }
    let cur = -1;
    for (let k = 0; k < runq.length; k++) if (runq[k].id === last) cur = k;
    let k = -1;
    if (index < this.#choices.length) {
      const id = this.#choices[index];
      for (let j = 0; j < runq.length; j++) if (runq[j].id === id) k = j;
      if (k < 0 && !this.#opts.lenient) {
        throw new Error(`gosync/sim: manual choice ${index} is goroutine ${id}, but the runnable goroutines are ${idsOf(runq)}; want one of them`);
      }
    } else if (this.#opts.decide !== undefined) {
      const point = this.#point(runq, cur, index);
      const id = this.#opts.decide(point);
      for (let j = 0; j < runq.length; j++) if (runq[j].id === id) k = j;
      if (k < 0) throw new Error(`gosync/sim: decide returned ${jsonStringify(id)} at decision ${index}, but the runnable goroutines are ${idsOf(runq)}; want one of them`);
    } else if (this.#opts.afterChoices !== "run-on" && !this.#opts.lenient) {
      this.pausedAt = this.#point(runq, cur, index);
      return PAUSE;
    }
    if (k < 0) k = cur >= 0 ? cur : 0;
    if (cur >= 0 && k !== cur) {
      this.preemptions++;
      this.preempted[this.preempted.length] = { index, last };
    }
    this.#taken++;
    return k;
  }

  choose(n: number, step?: number, g?: number): number {
    const index = this.#taken;
    if (step !== undefined) this.#step = step;
    if (g !== undefined) this.#last = g;
    let c = -1;
    if (index < this.#choices.length) {
      c = this.#choices[index];
      if (!(c >= 0 && c < n && c === (c | 0))) {
        if (!this.#opts.lenient) throw new Error(`gosync/sim: manual choice ${index} is case ${c} of a select with ${n} ready cases; want an index in [0, ${n})`);
        c = 0;
      }
    } else if (this.#opts.decide !== undefined) {
      c = this.#opts.decide(this.#selectPoint(n, index));
      if (!(c >= 0 && c < n && c === (c | 0))) throw new Error(`gosync/sim: decide returned ${jsonStringify(c)} at decision ${index}, a select with ${n} ready cases; want an index in [0, ${n})`);
    } else if (this.#opts.afterChoices !== "run-on" && !this.#opts.lenient) {
      this.pausedAt = this.#selectPoint(n, index);
      return PAUSE;
    } else c = 0;
    if (this.#opts.record) this.offered[index] = [];
    this.#taken++;
    return c;
  }

  spawned(): void {}

  #point(runq: readonly SchedG[], cur: number, index: number): DecisionPoint {
    const options: DecisionOption[] = [];
    for (let k = 0; k < runq.length; k++) {
      const o: DecisionOption = { id: runq[k].id, ...(runq[k] instanceof SimG ? nextOf(runq[k] as SimG) : { op: "run" }) };
      if (cur >= 0 && k !== cur) o.preempts = true;
      options[k] = o;
    }
    return { index, step: this.#step, kind: "goroutine", options, g: this.#last };
  }

  #selectPoint(n: number, index: number): DecisionPoint {
    return { index, step: this.#step, kind: "select", options: [], cases: n, g: this.#last };
  }
}

/** idsOf lists the goroutines of a run queue, `2, 5, 7`. */
function idsOf(runq: readonly SchedG[]): string {
  let s = "";
  for (let k = 0; k < runq.length; k++) s += (k === 0 ? "" : ", ") + runq[k].id;
  return s;
}
