/**
 * bounded.ts — bounded systematic search, as CHESS (Musuvathi & Qadeer, "Iterative context
 * bounding", PLDI 2007) and loom do it: enumerate every schedule, depth first, that spends at most
 * `bound` of some budget, for bound = 0, 1, 2… in turn. Most concurrency bugs need one or two
 * preemptions; the unbounded depth-first enumeration (`exhaustive`) changes the last decisions
 * of a long run first and so misses a bug that needs a preemption early in it, where bounding
 * reaches every placement of one or two preemptions, early or late, within a few thousand runs.
 *
 *  - preemption bounding: switching away from the goroutine that ran last while it could go on
 *    (it yielded, and is runnable) costs one preemption. Running another goroutine after the
 *    last one blocked or ended is free; so is a select's choice of a ready case.
 *  - delay bounding (Emmi, Qadeer & Rakamarić, POPL 2011): a deterministic scheduler runs the
 *    goroutine that ran last if it can, else the next one by id (round robin); choosing the
 *    goroutine k places further along that order costs k delays.
 *
 * A run follows a prefix of option indices (option 0 is what costs nothing) and then takes
 * option 0, recording each decision and how many options the budget left it; `next` gives the
 * prefix of the next run in depth-first order. Options are ordered from the run queue, whose
 * order is deterministic for a given prefix, so a prefix always means the same schedule.
 */
import type { SchedG, Strategy } from "./strategies.ts";

/** BoundKind names what a bounded search counts. */
export type BoundKind = "preemption" | "delay";

/** Decision is one choice a bounded run made: the option index taken, of n the budget allowed. */
interface Decision {
  choice: number;
  n: number;
}

/**
 * BoundedStrategy runs one schedule of a bounded search: it follows `prefix`, then takes the
 * option that costs nothing, never spending more than `bound`.
 */
export class BoundedStrategy implements Strategy {
  readonly name: "preemption-bounded" | "delay-bounded";
  readonly #kind: BoundKind;
  readonly #bound: number;
  readonly #prefix: readonly number[];
  readonly #taken: Decision[] = [];
  /** #spent is the budget used so far in this run */
  #spent = 0;
  /** #cut is set when the bound left some decision fewer options than there were: a larger bound has more to explore */
  #cut = false;
  /** #order is scratch space for the options of one pick, as indices into the run queue */
  readonly #order: number[] = [];

  constructor(kind: BoundKind, bound: number, prefix: readonly number[]) {
    this.#kind = kind;
    this.name = kind === "preemption" ? "preemption-bounded" : "delay-bounded";
    this.#bound = bound;
    this.#prefix = prefix;
  }

  /** spent is the budget this run used (preemptions or delays). */
  get spent(): number {
    return this.#spent;
  }

  /** cut tells whether the bound kept this run from some option: a larger bound explores more. */
  get cut(): boolean {
    return this.#cut;
  }

  #decide(n: number): number {
    const d = this.#taken.length;
    const c = d < this.#prefix.length && this.#prefix[d] < n ? this.#prefix[d] : 0;
    this.#taken[d] = { choice: c, n };
    return c;
  }

  pick(runq: readonly SchedG[], _step: number, last: number): number {
    const order = this.#order;
    order.length = 0;
    let cur = -1;
    for (let k = 0; k < runq.length; k++) if (runq[k].id === last) cur = k;
    let n: number;
    if (this.#kind === "preemption") {
      // The goroutine that ran last first (free), then the others in run-queue order, each a
      // preemption if the last one could have gone on.
      if (cur >= 0) order[0] = cur;
      for (let k = 0; k < runq.length; k++) if (k !== cur) order[order.length] = k;
      n = cur >= 0 && this.#spent >= this.#bound ? 1 : order.length;
    } else {
      // Round robin by id from the goroutine that ran last: option k costs k delays.
      for (let k = 0; k < runq.length; k++) order[k] = k;
      sortByTurn(order, runq, last);
      n = order.length;
      if (n > this.#bound - this.#spent + 1) n = this.#bound - this.#spent + 1;
    }
    if (n < order.length) this.#cut = true;
    const c = this.#decide(n);
    if (this.#kind === "preemption") {
      if (c > 0 && cur >= 0) this.#spent++;
    } else this.#spent += c;
    return order[c];
  }

  choose(n: number): number {
    return this.#decide(n);
  }

  spawned(): void {}

  /** next returns the prefix of the next run of this bound in depth-first order, or null when this bound is exhausted. */
  next(): number[] | null {
    const t = this.#taken;
    let k = t.length;
    while (k > 0 && t[k - 1].choice + 1 >= t[k - 1].n) k--;
    if (k === 0) return null;
    const out: number[] = [];
    for (let i = 0; i < k; i++) out[i] = t[i].choice;
    out[k - 1]++;
    return out;
  }
}

/**
 * sortByTurn orders run-queue indices by whose turn it is after goroutine `last` in round-robin
 * order of ids: last itself, then the next larger id, wrapping around (runtime steps, with
 * negative ids, come in the order of their ids too). An insertion sort: run queues are short,
 * and a pick calls no array method (commons.ts).
 */
function sortByTurn(order: number[], runq: readonly SchedG[], last: number): void {
  const turn = (k: number): number => {
    const id = runq[k].id;
    return id >= last ? id - last : id - last + 0x40000000;
  };
  for (let i = 1; i < order.length; i++) {
    const x = order[i];
    const tx = turn(x);
    let j = i - 1;
    while (j >= 0 && turn(order[j]) > tx) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = x;
  }
}
