/**
 * coverage.ts — when random and pct exploration has run every schedule there is.
 *
 * A run of the simulator is a function of its decisions (which runnable goroutine goes next, which
 * ready case a select takes) and of what it draws from the virtual Math.random: virtual time,
 * timers and the order of the run queue are deterministic. random and pct choose at random, so on
 * a program with few decision points they run the same schedules again and again: a test whose
 * goroutines never compete (one goroutine, or goroutines ordered by channels and virtual time)
 * has one schedule, and was run 50 or 100 times. Coverage keeps the tree of decisions the runs so
 * far took, each with its number of options; once every option of every decision point met has
 * been taken to a run's end, a further run would repeat one already run, and explore stops at the
 * first run that does repeat one. That run is not wasted: it is the first of a schedule on state
 * an earlier run left behind (a cache at a module's top level, not in the object under test), the
 * kind of bug the later runs of a search caught before Coverage, and still do.
 *
 * Only while that reasoning holds: a run that drew from Math.random, or a decision point whose
 * number of options differs from the last time the same decisions led there (state the program
 * kept from one run to the next), or a tree too big to keep (TREE_LIMIT nodes), switches
 * Coverage off for the rest of the exploration, which then runs every schedule it was given. So
 * does a tree known to have more schedules than the exploration has runs: each decision point met
 * with n options needs n − 1 schedules besides the one that first met it. A long run of many
 * goroutines (hundreds of decisions) is given up on at once, before any tree is kept; a program
 * whose runs keep meeting new decision points, within a few runs.
 */
import type { SchedG, Strategy } from "./strategies.ts";

/** TREE_LIMIT bounds the decision points Coverage keeps: a tree that big is never completed within an exploration's runs. */
export const TREE_LIMIT = 20_000;

/** Node is a decision point: its options, the subtree under each option taken so far, and how many of those are complete. */
interface Node {
  n: number;
  kids: Array<Node | typeof END | undefined>;
  complete: number;
}

/** END marks where a run ended: a complete subtree of its own. */
const END = 0;

/** Coverage is the decision tree of an exploration's runs. */
export class Coverage {
  #root: Node | typeof END | undefined = undefined;
  #nodes = 0;
  /** schedules is how many schedules the tree kept so far has at least: 1 + Σ (n − 1) over its decision points */
  #schedules = 1;
  #off = false;
  readonly #runs: number;

  /** runs is how many runs the exploration may make: a tree with more schedules is never completed. */
  constructor(runs: number) {
    this.#runs = runs;
  }

  /** off tells whether Coverage gave up (randomness, a program that changed between runs, a tree too big). */
  get off(): boolean {
    return this.#off;
  }

  /**
   * add records one run: at each decision point in order, the option taken (`choices`) among how
   * many (`options`), and whether the run drew from Math.random. It returns true when every
   * schedule of the program has now been run and this run repeated one of them.
   */
  add(choices: readonly number[], options: readonly number[], drewRandom: boolean): boolean {
    if (this.#off) return false;
    if (drewRandom || choices.length !== options.length) return this.#giveUp();
    let onPath = 1;
    for (let d = 0; d < options.length; d++) onPath += options[d] - 1;
    if (onPath > this.#runs) return this.#giveUp();
    const path: Node[] = [];
    let slot: Node | typeof END | undefined = this.#root;
    let parent: Node | null = null;
    for (let d = 0; d < choices.length; d++) {
      const n = options[d];
      let node: Node;
      if (slot === undefined) {
        this.#schedules += n - 1;
        if (++this.#nodes > TREE_LIMIT || this.#schedules > this.#runs) return this.#giveUp();
        node = { n, kids: new Array<Node | typeof END | undefined>(n), complete: 0 };
        if (parent === null) this.#root = node;
        else parent.kids[choices[d - 1]] = node;
      } else if (slot === END || slot.n !== n) {
        return this.#giveUp(); // the same decisions led elsewhere than before
      } else node = slot;
      path[d] = node;
      parent = node;
      slot = node.kids[choices[d]];
    }
    if (slot !== undefined && slot !== END) return this.#giveUp(); // this run ended where another went on
    if (slot === END) return this.#complete(); // a schedule run before
    if (parent === null) this.#root = END;
    else parent.kids[choices[choices.length - 1]] = END;
    // The run's end completes its option; each node whose last option this completes completes its parent's.
    for (let d = path.length - 1; d >= 0; d--) {
      const node = path[d];
      if (++node.complete < node.n) break;
    }
    return false;
  }

  #complete(): boolean {
    const root = this.#root;
    return root === END || (root !== undefined && root.complete === root.n);
  }

  #giveUp(): false {
    this.#off = true;
    this.#root = undefined;
    return false;
  }
}

/**
 * Recording passes a strategy's decisions through, writing down each one's choice (an index into
 * the run queue, or a select's case) and number of options, for Coverage.
 */
export class Recording implements Strategy {
  readonly #inner: Strategy;
  readonly choices: number[] = [];
  readonly options: number[] = [];
  constructor(inner: Strategy) {
    this.#inner = inner;
  }
  get name(): Strategy["name"] {
    return this.#inner.name;
  }
  pick(runq: readonly SchedG[], step: number, last?: number): number {
    const i = this.#inner.pick(runq, step, last);
    this.choices[this.choices.length] = i;
    this.options[this.options.length] = runq.length;
    return i;
  }
  choose(n: number, step?: number, g?: number): number {
    const c = this.#inner.choose(n, step, g);
    this.choices[this.choices.length] = c;
    this.options[this.options.length] = n;
    return c;
  }
  spawned(g: SchedG): void {
    this.#inner.spawned(g);
  }
}
