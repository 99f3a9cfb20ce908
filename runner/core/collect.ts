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
import { VERDICT_VERSION, verdictSchema, verdictStatus, type TestResult, type Verdict } from "./verdict.ts";

/** Ending is how the sandbox stopped, as the host saw it. */
export type Ending =
  | { kind: "done" }
  | { kind: "timeout"; wallMs: number }
  | { kind: "crash"; message: string; learnersFault: boolean };

/** compileErrorVerdict is the Verdict of a Run whose bundle failed: nothing ran. */
export function compileErrorVerdict(exerciseId: string, bundle: BundleResult): Verdict {
  const first = bundle.diagnostics.find((d) => d.severity === "error");
  return {
    version: VERDICT_VERSION,
    exerciseId,
    status: "compile-error",
    tests: [],
    diagnostics: bundle.diagnostics,
    timings: { bundleMs: bundle.ms, runMs: 0 },
    message: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : "bundling failed",
  };
}

/** RunCollector accumulates one Run's sandbox messages. */
export class RunCollector {
  readonly id: number;
  /** tests collected at import, in order; results replace entries as they arrive */
  private names: string[] = [];
  private results = new Map<number, TestResult>();
  private running: { name: string; index: number } | undefined;
  private loadError: Extract<SandboxMessage, { type: "load-error" }> | undefined;
  private finished: TestResult[] | undefined;
  private protocolError: string | undefined;

  constructor(id: number) {
    this.id = id;
  }

  /** accept validates and records one message; it returns true once the Run is over (done or load-error). */
  accept(raw: unknown): boolean {
    const parsed = sandboxMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.protocolError ??= `the sandbox sent a malformed message (expected one of the protocol.ts messages): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
      return true;
    }
    const m = parsed.data;
    if (m.id !== this.id) return false; // a stale Run's message
    switch (m.type) {
      case "ready":
        return false;
      case "collected":
        this.names = m.names;
        return false;
      case "test-start":
        this.running = { name: m.name, index: m.index };
        return false;
      case "test-result":
        this.results.set(m.index, m.result);
        this.running = undefined;
        return false;
      case "load-error":
        this.loadError = m;
        return true;
      case "done":
        this.finished = m.tests;
        return true;
    }
  }

  /** verdict builds the Verdict once the sandbox has ended (or was stopped). */
  verdict(exerciseId: string, bundle: BundleResult, ending: Ending, runMs: number): Verdict {
    let tests: TestResult[] = this.finished ?? this.names.map((name, i) => this.results.get(i) ?? { name, status: "skipped" as const });
    let message: string | undefined;
    const facts = { tests, timedOut: false, internalError: false, runtimeError: false };
    if (ending.kind === "timeout") {
      facts.timedOut = true;
      const where = this.running ? ` while judging test "${this.running.name}"` : this.names.length ? "" : " before the tests were collected";
      message = `the Run was stopped after the ${ending.wallMs} ms wall-clock limit${where} (expected it to finish sooner: an endless loop that never reaches a gosync operation?)`;
      if (this.running) {
        const r = this.running;
        tests = tests.map((t, i) => (i === r.index ? { name: t.name, status: "error", message: `stopped by the ${ending.wallMs} ms wall-clock limit` } : t));
        facts.tests = tests;
      }
    } else if (ending.kind === "crash") {
      if (ending.learnersFault) facts.runtimeError = true;
      else facts.internalError = true;
      message = ending.message;
    } else if (this.protocolError) {
      facts.internalError = true;
      message = this.protocolError;
    } else if (this.loadError) {
      if (this.loadError.status === "runtime-error") facts.runtimeError = true;
      else facts.internalError = true;
      const loc = this.loadError.location;
      message = loc ? `${this.loadError.message} (at ${loc.file}:${loc.line}:${loc.column})` : this.loadError.message;
    } else if (!this.finished) {
      facts.internalError = true;
      message = "the sandbox ended without reporting its results (expected a done message)";
    } else if (this.finished.length === 0) {
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
    };
    const checked = verdictSchema.safeParse(verdict);
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
    return checked.data;
  }
}
