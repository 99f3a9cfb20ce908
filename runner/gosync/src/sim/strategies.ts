/**
 * strategies.ts — who runs next. At every scheduling point with more than one runnable
 * goroutine the simulator asks its strategy; `select` asks it to choose among ready cases.
 *
 *  - random: a seeded uniform choice at every point (a random walk over interleavings).
 *  - pct: Burckhardt et al.'s probabilistic concurrency testing with depth d: goroutines get
 *    random distinct priorities, the highest-priority runnable goroutine runs, and at d−1
 *    random decision points the running goroutine's priority drops below all others. A bug of
 *    depth d is found with probability ≥ 1/(n·k^(d−1)) per run. Change points are drawn over
 *    the k decision points (scheduling points with two or more runnable goroutines), not over
 *    every step: a change point on a step where one goroutine alone can run would change
 *    nothing there and was silently lost.
 *  - preemption-bounded, delay-bounded: bounded systematic search (bounded.ts).
 *  - exhaustive: depth-first enumeration of every choice sequence, one per run, for tiny
 *    programs; the explorer stops when the tree is exhausted or the run budget is spent.
 *  - manual: the caller's choices — a choice list, a callback, or a pause (manual.ts).
 *  - replay: follows a recorded schedule exactly (used by sim.replay).
 *
 * A pick calls nothing a program could replace (commons.ts): Math's functions are the ones
 * captured when gosync loaded, and no array method is called (index reads and writes only).
 */
import { floor, imul, jsonStringify, max, min } from "../commons.ts";
import type { DecisionPoint, RunStrategy, StrategyName } from "./schema.ts";
import { BoundedStrategy } from "./bounded.ts";
import { ManualStrategy, type ManualOptions } from "./manual.ts";

/** SchedG is what a strategy sees of a runnable goroutine. */
export interface SchedG {
  readonly id: number;
  /** prio is free for the strategy to use (pct keeps its priorities here) */
  prio: number;
}

/** Strategy picks the next goroutine (an index into runq) and resolves other choices. */
export interface Strategy {
  readonly name: StrategyName;
  /**
   * pick returns an index into runq (length ≥ 2); `step` counts scheduling points so far, `last`
   * is the id of the goroutine that ran last (it is in runq if it yielded and could go on).
   */
  pick(runq: readonly SchedG[], step: number, last?: number): number;
  /**
   * choose returns an integer in [0, n) for a non-scheduling choice (select's ready case); `step`
   * and `g` (the goroutine in the select) are for the manual strategy's decision point.
   */
  choose(n: number, step?: number, g?: number): number;
  /** pausedAt is, for the manual strategy, the decision point at which it paused the run (pick or choose returned -1) */
  readonly pausedAt?: DecisionPoint;
  /** spawned tells the strategy about a new goroutine. */
  spawned(g: SchedG): void;
}

export type { StrategyName } from "./schema.ts";

/**
 * Rng is a seeded generator of floats in [0, 1): sfc32, its four words seeded through
 * splitmix32. It is a class rather than a closure so that a strategy's choice is one
 * monomorphic method call on plain fields and allocates nothing.
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  constructor(seed: number) {
    // splitmix32 steps, written out: a closure here would be allocated once per run
    let s = seed >>> 0;
    s = (s + 0x9e3779b9) | 0;
    this.#a = splitmix(s) | 0;
    s = (s + 0x9e3779b9) | 0;
    this.#b = splitmix(s) | 0;
    s = (s + 0x9e3779b9) | 0;
    this.#c = splitmix(s) | 0;
    s = (s + 0x9e3779b9) | 0;
    this.#d = splitmix(s) | 0;
  }
  /** next returns the next float in [0, 1). */
  next(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    const c2 = (c << 21) | (c >>> 11);
    this.#b = (c + (c << 3)) | 0;
    this.#c = (c2 + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** int returns an integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }
}

/** splitmix mixes one splitmix32 state into a well-distributed 32-bit output. */
function splitmix(state: number): number {
  let z = state;
  z = imul(z ^ (z >>> 16), 0x85ebca6b);
  z = imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class RandomStrategy implements Strategy {
  readonly name = "random" as const;
  readonly #r: Rng;
  constructor(seed: number) {
    this.#r = new Rng(seed);
  }
  pick(runq: readonly SchedG[]): number {
    return this.#r.int(runq.length);
  }
  choose(n: number): number {
    return this.#r.int(n);
  }
  spawned(): void {}
}

class PctStrategy implements Strategy {
  readonly name = "pct" as const;
  readonly #r: Rng;
  /**
   * The d−1 change points: at step changeAt[i] the running goroutine's priority drops to
   * changeTo[i]. Two change points may fall on the same step; the later one wins (it is the
   * lower priority of the two). A linear scan over d−1 entries is cheaper than a Map per run.
   */
  readonly #changeAt: number[] = [];
  readonly #changeTo: number[] = [];
  readonly #depth: number;
  /** #decisions counts this run's picks: the change points are drawn over decision points */
  #decisions = 0;
  constructor(seed: number, depth: number, expectedSteps: number) {
    this.#r = new Rng(seed);
    this.#depth = max(1, depth);
    for (let i = 1; i < this.#depth; i++) {
      // priority i (< depth, below every initial priority) is given at a random step
      this.#changeAt[i - 1] = 1 + this.#r.int(max(1, expectedSteps));
      this.#changeTo[i - 1] = i;
    }
  }
  spawned(g: SchedG): void {
    g.prio = this.#depth + this.#r.next();
  }
  pick(runq: readonly SchedG[]): number {
    const d = ++this.#decisions;
    let best = this.#best(runq);
    let low = -1;
    for (let i = 0; i < this.#changeAt.length; i++) if (this.#changeAt[i] === d) low = this.#changeTo[i];
    if (low >= 0) {
      runq[best].prio = low;
      best = this.#best(runq);
    }
    return best;
  }
  #best(runq: readonly SchedG[]): number {
    let b = 0;
    for (let i = 1; i < runq.length; i++) if (runq[i].prio > runq[b].prio) b = i;
    return b;
  }
  choose(n: number): number {
    return this.#r.int(n);
  }
}

/**
 * ExhaustiveStrategy follows `prefix` (choice indices) and then always takes choice 0,
 * recording every decision so `advance` can compute the next unexplored prefix (DFS).
 * Choices are indices into the run queue, whose order is deterministic for a given prefix.
 */
export class ExhaustiveStrategy implements Strategy {
  readonly name = "exhaustive" as const;
  readonly #prefix: number[];
  readonly #taken: Array<{ choice: number; n: number }> = [];
  constructor(prefix: number[]) {
    this.#prefix = prefix;
  }
  #decide(n: number): number {
    const d = this.#taken.length;
    const c = d < this.#prefix.length ? min(this.#prefix[d], n - 1) : 0;
    this.#taken[d] = { choice: c, n };
    return c;
  }
  pick(runq: readonly SchedG[]): number {
    return this.#decide(runq.length);
  }
  choose(n: number): number {
    return this.#decide(n);
  }
  spawned(): void {}
  /** next returns the prefix of the next run in depth-first order, or null when exhausted. */
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

/** ReplayStrategy follows a schedule recorded by an earlier run, decision for decision. */
export class ReplayStrategy implements Strategy {
  readonly name = "replay" as const;
  #i = 0;
  readonly #schedule: readonly number[];
  constructor(schedule: readonly number[]) {
    this.#schedule = schedule;
  }
  #nextChoice(what: string): number {
    if (this.#i >= this.#schedule.length) {
      throw new Error(`gosync: replay diverged: the recorded schedule has ${this.#schedule.length} decisions, the run asked for more (${what}); did the program change?`);
    }
    return this.#schedule[this.#i++];
  }
  pick(runq: readonly SchedG[]): number {
    const id = this.#nextChoice("a goroutine to run");
    for (let k = 0; k < runq.length; k++) if (runq[k].id === id) return k;
    throw new Error(
      `gosync: replay diverged at decision ${this.#i - 1}: the schedule says goroutine ${id} runs next, but the runnable goroutines are ${ids(runq)}; did the program change?`,
    );
  }
  choose(n: number): number {
    const c = this.#nextChoice("a select case");
    if (c >= n) throw new Error(`gosync: replay diverged at decision ${this.#i - 1}: choice ${c} of ${n}; did the program change?`);
    return c;
  }
  spawned(): void {}
}

/** StrategyOptions selects and seeds a strategy (manual's options are ManualOptions). */
export interface StrategyOptions {
  strategy?: RunStrategy;
  seed?: number;
  /** pct's bug depth d (default 3) */
  depth?: number;
  /** pct's estimate of the number of decision points in a run, over which its change points are drawn (default 200) */
  expectedSteps?: number;
  /** preemption-bounded, delay-bounded: the most preemptions or delays a run may spend (default 2) */
  bound?: number;
  /** exhaustive and the bounded searches: the choice prefix to follow */
  prefix?: number[];
}

/** makeStrategy builds the strategy named in opts; `manual` configures the manual strategy. */
export function makeStrategy(opts: StrategyOptions, manual?: ManualOptions): Strategy {
  const seed = opts.seed ?? 1;
  switch (opts.strategy ?? "random") {
    case "random":
      return new RandomStrategy(seed);
    case "pct":
      return new PctStrategy(seed, opts.depth ?? 3, opts.expectedSteps ?? 200);
    case "exhaustive":
      return new ExhaustiveStrategy(opts.prefix ?? []);
    case "preemption-bounded":
      return new BoundedStrategy("preemption", opts.bound ?? 2, opts.prefix ?? []);
    case "delay-bounded":
      return new BoundedStrategy("delay", opts.bound ?? 2, opts.prefix ?? []);
    case "manual":
      return new ManualStrategy(opts.prefix ?? [], manual);
    default:
      throw new Error(`gosync/sim: unknown strategy ${jsonStringify(opts.strategy)}: want "random", "pct", "exhaustive", "preemption-bounded", "delay-bounded" or "manual"`);
  }
}

/** ids lists the goroutines of a run queue, `2, 5, 7`. */
function ids(runq: readonly SchedG[]): string {
  let s = "";
  for (let k = 0; k < runq.length; k++) s += (k === 0 ? "" : ", ") + runq[k].id;
  return s;
}
