/**
 * collect.ts — host side of a Run: folds the sandbox's messages and what the host itself saw
 * (bundle diagnostics, the wall-clock limit, a crash, the memory cap) into the Verdict.
 * Runs in the host (browser page or worker that owns the sandbox; Node main thread).
 *
 * The sandbox never states the overall status: RunCollector computes it with verdictStatus,
 * and anything it cannot validate becomes an internal error, never a pass.
 */
import type { BundleResult } from "./bundle.ts";
import { sandboxMessageSchema, type SandboxMessage } from "./protocol.ts";
import { VERDICT_VERSION, boundVerdict, verdictSchema, verdictStatus, type TestResult, type Verdict } from "./verdict.ts";

/**
 * Ending is how the sandbox stopped, as the host saw it. A timeout that was re-checked (a
 * second attempt on fresh sandboxes with the limit doubled, run-session.ts) carries the first
 * attempt's limit in `firstWallMs`; `wallMs` is then the doubled one.
 */
export type Ending =
  | { kind: "done" }
  /** timeout: a sandbox made no progress for wallMs (or, with `whole`, the attempt outlasted wallMs in all) */
  | { kind: "timeout"; wallMs: number; firstWallMs?: number; whole?: boolean }
  | { kind: "crash"; message: string; learnersFault: boolean };

/** TAMPERED starts the message of a Run whose sandbox reported other tests than the host knows the hidden tests declare. */
export const TAMPERED = "the Run was tampered with";

/** compileErrorVerdict is the Verdict of a Run whose bundle failed: nothing ran. */
export function compileErrorVerdict(exerciseId: string, bundle: BundleResult): Verdict {
  const first = bundle.diagnostics.find((d) => d.severity === "error");
  // Bounded like every Verdict: a file can make esbuild say a great deal.
  return boundVerdict({
    version: VERDICT_VERSION,
    exerciseId,
    status: "compile-error",
    tests: [],
    diagnostics: bundle.diagnostics,
    timings: { bundleMs: bundle.ms, runMs: 0 },
    message: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : "bundling failed",
  });
}

/**
 * RunCollector accumulates one Run's sandbox messages. A Run judged in `shards` sandboxes at
 * once (protocol.ts RunRequest.shard) is over when every shard has sent `done` (or any sent
 * `load-error`); their results are merged in test order, and shards that collected different
 * tests, a shard reported twice or a shard short of results are protocol errors. A `done`
 * whose results are not named as the collected tests, in order, is refused too.
 *
 * The host also tells the collector which tests the hidden tests declare, found on its own
 * (expectTests: run-session.ts collects them from the hidden tests bundled with an empty
 * solution.ts, where no learner code runs). A sandbox that collected other names, or another
 * number of them, was tampered with: the Verdict is an internal error saying so, whatever it
 * reported, and its results are not shown.
 */
export class RunCollector {
  readonly id: number;
  readonly shards: number;
  /** tests collected at import, in order; results replace entries as they arrive */
  #names: string[] | undefined;
  #results = new Map<number, TestResult>();
  /** tests being judged now, by index (one per shard at most) */
  #running = new Map<number, string>();
  #loadError: Extract<SandboxMessage, { type: "load-error" }> | undefined;
  /** each finished shard's results, by shard index */
  #shardResults = new Map<number, TestResult[]>();
  #finished: TestResult[] | undefined;
  #protocolError: string | undefined;
  /** the hidden tests' names as the host collected them on its own (expectTests) */
  #expected: readonly string[] | undefined;

  /** assignment lists each shard's tests when the host assigned them (shards.ts); else test i is shard i % shards's */
  readonly #assignment: readonly (readonly number[])[] | undefined;

  constructor(id: number, shards = 1, assignment?: readonly (readonly number[])[]) {
    this.id = id;
    this.shards = shards;
    this.#assignment = assignment;
  }

  /** shardOf is the shard that judges test i. */
  #shardOf(i: number): number {
    return this.#assignment ? this.#assignment.findIndex((tests) => tests.includes(i)) : i % this.shards;
  }

  #fail(message: string): true {
    this.#protocolError ??= message;
    return true;
  }

  /** clean is false once a message broke the protocol: the sandbox that sent it must not judge again. */
  get clean(): boolean {
    return this.#protocolError === undefined;
  }

  /**
   * expectTests records the names the hidden tests declare, as the host collected them on its
   * own. It returns true when what the sandbox collected already differs (the Run is then over).
   */
  expectTests(names: readonly string[]): boolean {
    this.#expected = [...names];
    return this.#names !== undefined && this.#checkCollected(this.#names);
  }

  /** checkCollected refuses names that differ from the host's own collection; true when refused. */
  #checkCollected(names: readonly string[]): boolean {
    const want = this.#expected;
    if (want === undefined || sameNames(names, want)) return false;
    const shown = (xs: readonly string[]) => `${xs.length} ${xs.length === 1 ? "test" : "tests"} ${JSON.stringify(xs.slice(0, 5)).slice(0, 300)}${xs.length > 5 ? "…" : ""}`;
    const message = `${TAMPERED}: its sandbox collected ${shown(names)}, but the hidden tests declare ${shown(want)} (expected the same names, in order)`;
    this.#protocolError = message; // overrides any earlier protocol error: this is the one to read
    return true;
  }

  /** accept validates and records one message; it returns true once the Run is over (every shard done, a load-error, or a protocol error). */
  accept(raw: unknown): boolean {
    const parsed = sandboxMessageSchema.safeParse(raw);
    if (!parsed.success) {
      return this.#fail(`the sandbox sent a malformed message (expected one of the protocol.ts messages): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    const m = parsed.data;
    if (m.id !== this.id) return false; // a stale Run's message
    switch (m.type) {
      case "ready":
      case "alive":
        return false;
      case "collected":
        if (this.#names !== undefined && !sameNames(this.#names, m.names)) {
          return this.#fail(`the sandboxes judging this Run collected different tests (${JSON.stringify(this.#names).slice(0, 300)} and ${JSON.stringify(m.names).slice(0, 300)}; expected the same hidden tests in each)`);
        }
        this.#names = m.names;
        return this.#checkCollected(m.names);
      case "test-start":
        this.#running.set(m.index, m.name);
        return false;
      case "test-result":
        this.#results.set(m.index, m.result);
        this.#running.delete(m.index);
        return false;
      case "load-error":
        this.#loadError = m;
        return true;
      case "done":
        return this.#done(m.tests, m.shard);
    }
  }

  #done(tests: TestResult[], shard: { index: number; count: number; tests?: number[] } | undefined): boolean {
    if (this.#names === undefined) return this.#fail("a sandbox reported done before it collected the tests (expected collected first)");
    if (this.shards === 1 && shard === undefined) {
      if (!sameNames(tests.map((t) => t.name), this.#names)) {
        return this.#fail(`the sandbox reported results for ${tests.length} tests that are not the ${this.#names.length} it collected (expected one result per collected test, in order)`);
      }
      this.#finished = tests;
      return true;
    }
    if (shard === undefined || shard.count !== this.shards || shard.index >= this.shards) {
      return this.#fail(`a sandbox reported ${shard ? `shard ${shard.index} of ${shard.count}` : "no shard"} (expected one of ${this.shards} shards)`);
    }
    if (this.#shardResults.has(shard.index)) return this.#fail(`shard ${shard.index} reported done twice (expected once)`);
    this.#shardResults.set(shard.index, tests);
    if (this.#shardResults.size < this.shards) return false;
    const names = this.#names ?? [];
    const merged: TestResult[] = [];
    const next = new Array<number>(this.shards).fill(0);
    for (let i = 0; i < names.length; i++) {
      const s = this.#shardOf(i);
      if (s < 0) return this.#fail(`no shard was assigned test "${names[i]}" (expected every test in one shard)`);
      const r = this.#shardResults.get(s)![next[s]++];
      if (r === undefined) return this.#fail(`shard ${s} reported no result for test "${names[i]}" (expected one per test of its shard)`);
      if (r.name !== names[i]) return this.#fail(`shard ${s} reported a result named ${JSON.stringify(r.name.slice(0, 200))} where test "${names[i]}" was due (expected its results in the order of its tests)`);
      merged.push(r);
    }
    const extra = [...this.#shardResults].find(([s, rs]) => rs.length !== next[s]);
    if (extra) return this.#fail(`shard ${extra[0]} reported ${extra[1].length} results (expected ${next[extra[0]]})`);
    this.#finished = merged;
    return true;
  }

  /** verdict builds the Verdict once the sandbox has ended (or was stopped). */
  verdict(exerciseId: string, bundle: BundleResult, ending: Ending, runMs: number): Verdict {
    if (this.#names !== undefined) this.#checkCollected(this.#names);
    const tampered = this.#protocolError?.startsWith(TAMPERED) === true;
    // A tampered Run's results are the sandbox's word: only the host's own names are shown.
    const names = tampered ? this.#expected! : (this.#names ?? []);
    let tests: TestResult[] = tampered
      ? names.map((name) => ({ name, status: "skipped" as const }))
      : (this.#finished ?? names.map((name, i) => this.#results.get(i) ?? { name, status: "skipped" as const }));
    let message: string | undefined;
    /** zhMessage is message in Chinese, where the sandbox worded it in both languages */
    let zhMessage: string | undefined;
    const facts = { tests, timedOut: false, internalError: false, runtimeError: false };
    if (tampered) {
      facts.internalError = true;
      message = this.#protocolError;
    } else if (ending.kind === "timeout") {
      facts.timedOut = true;
      const running = [...this.#running].sort((a, b) => a[0] - b[0]);
      const where = running.length
        ? ` while judging ${running.length === 1 ? "test" : "tests"} ${running.map(([, n]) => `"${n}"`).join(", ")}`
        : names.length ? "" : " before the tests were collected";
      const again = ending.firstWallMs === undefined ? "" : `, the second time it was tried (the first stopped at ${ending.firstWallMs} ms; a timeout is checked again with the limit doubled, so that a busy machine cannot cause one)`;
      message = ending.whole
        ? `the Run was stopped after ${ending.wallMs} ms in all${where}${again} (expected it to finish sooner: code that keeps yielding but never ends?)`
        : `the Run was stopped after the ${ending.wallMs} ms wall-clock limit${where}${again}: it made no progress for that long (expected it to finish sooner: an endless loop that never reaches a gosync operation?)`;
      if (running.length) {
        tests = tests.map((t, i) => (this.#running.has(i) ? { name: t.name, status: "error", message: `stopped by the ${ending.wallMs} ms wall-clock limit` } : t));
        facts.tests = tests;
      }
    } else if (ending.kind === "crash") {
      if (ending.learnersFault) facts.runtimeError = true;
      else facts.internalError = true;
      message = ending.message;
    } else if (this.#protocolError) {
      facts.internalError = true;
      message = this.#protocolError;
    } else if (this.#loadError) {
      if (this.#loadError.status === "runtime-error") facts.runtimeError = true;
      else facts.internalError = true;
      const loc = this.#loadError.location;
      message = loc ? `${this.#loadError.message} (at ${loc.file}:${loc.line}:${loc.column})` : this.#loadError.message;
      if (this.#loadError.zh !== undefined) zhMessage = this.#loadError.zh;
    } else if (!this.#finished) {
      facts.internalError = true;
      message = "the sandbox ended without reporting its results (expected a done message)";
    } else if (this.#finished.length === 0) {
      message = "the hidden tests declared no test (expected at least one)";
    }
    const verdict: Verdict = {
      version: VERDICT_VERSION,
      exerciseId,
      status: verdictStatus(facts),
      tests,
      diagnostics: bundle.diagnostics,
      timings: { bundleMs: bundle.ms, runMs },
      ...(message ? { message } : {}),
      ...(message && zhMessage !== undefined ? { zh: { message: zhMessage } } : {}),
    };
    // Bounded before it is checked: the schema refuses a Verdict over VERDICT_MAX_BYTES. The tests'
    // results were checked as their messages arrived (accept) or are the host's own, so a Verdict
    // that needed no cut is checked without them (a failing Run's reports made checking them twice
    // a third of the host's work); one that boundVerdict cut is checked whole.
    const bounded = boundVerdict(verdict);
    const checked = bounded === verdict ? verdictSchema.safeParse({ ...verdict, tests: [] }) : verdictSchema.safeParse(bounded);
    if (!checked.success) {
      return {
        version: VERDICT_VERSION,
        exerciseId,
        status: "internal-error",
        tests: [],
        diagnostics: bundle.diagnostics,
        timings: { bundleMs: bundle.ms, runMs },
        message: `the runner built an invalid Verdict: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      };
    }
    return bounded === verdict ? { ...checked.data, tests: verdict.tests } : checked.data;
  }
}

/** sameNames reports whether two lists of test names are equal, in order. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
