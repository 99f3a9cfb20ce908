/**
 * protocol — every message the browser host exchanges, typed in one place.
 *
 * Three hops, each a postMessage channel:
 *
 *   page (Exercise island, client.ts) ──► sandbox iframe (sandbox-host.ts, opaque origin, CSP)
 *   sandbox iframe ──► bundler worker (bundler-worker.ts: esbuild-wasm, initialised once)
 *   sandbox iframe ──► run worker (run-worker.ts: a fresh one per Run, one spare kept warm)
 *
 * Every message carries a `type` and a request `id` (a positive integer chosen by the sender
 * of the request). A reply carries the id of the request it answers; a receiver drops any reply
 * whose id is not the request it is waiting for (a stale result of a Run the learner has
 * already replaced), the way svelte.dev's bundler worker does.
 *
 * Messages from a run worker also carry the `nonce` the sandbox gave that worker: learner code
 * shares the run worker with the harness and can call postMessage itself, but it never sees the
 * nonce (it lives in a closure), so it cannot forge a verdict.
 */

/** Verdict is the runner's JSON result (binding shape: notes/exercise-format.md, version 1). */
export type VerdictStatus =
  | "pass"
  | "fail"
  | "compile-error"
  | "runtime-error"
  | "timeout"
  | "deadlock"
  | "internal-error";

export type TestStatus = "pass" | "fail" | "deadlock" | "race" | "leak" | "panic" | "error" | "skipped";

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface TestResult {
  name: string;
  status: TestStatus;
  message?: string;
  expected?: string;
  actual?: string;
  location?: SourceLocation;
  schedule?: { strategy: string; seed: number; runs: number };
  /** report is gosync's sim report JSON (dump, leaks, races, trace). */
  report?: {
    outcome?: string;
    message?: string;
    dump?: string;
    leaks?: unknown[];
    races?: unknown[];
    trace?: unknown[];
    [key: string]: unknown;
  };
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
}

export interface Verdict {
  version: 1;
  exerciseId: string;
  status: VerdictStatus;
  tests: TestResult[];
  diagnostics: Diagnostic[];
  timings: { bundleMs: number; runMs: number };
  message?: string;
}

/** ConsoleCapture is what learner code printed: the first lines kept, the rest only counted. */
export interface ConsoleCapture {
  lines: string[];
  dropped: number;
}

/** Limits of one Run (from the exercise's .meta/config.json). */
export interface RunLimits {
  /** wallMs is the hard wall-clock limit of the whole Run; the run worker is terminated at it. */
  wallMs: number;
  runs: number;
  strategy: "random" | "pct" | "exhaustive";
  maxSteps?: number;
}

/** RunRequest is what a Run needs: the learner's files (at least solution.ts) and the hidden tests. */
export interface RunRequest {
  exerciseId: string;
  /** files maps virtual file names (`solution.ts`, `hidden.test.ts`) to their text. */
  files: Record<string, string>;
  /** tests is the name of the hidden test file inside `files`. */
  tests: string;
  limits: RunLimits;
}

export interface Progress {
  phase: "loading" | "bundling" | "running";
  /** done/total count finished tests (or explored schedules) when the harness reports them. */
  done?: number;
  total?: number;
  test?: string;
}

// ───────────────────────────── page ⇄ sandbox iframe ─────────────────────────────

export type PageToSandbox =
  /** init hands over esbuild.wasm's bytes (the sandbox may not fetch anything itself). */
  | { type: "init"; id: number; wasm: ArrayBuffer }
  | { type: "run"; id: number; request: RunRequest }
  /** cancel stops the Run with this id (its worker is terminated, no verdict is sent). */
  | { type: "cancel"; id: number };

export type SandboxToPage =
  /** ready is sent once, when the sandbox script has loaded and listens (id 0). */
  | { type: "ready"; id: 0 }
  | { type: "init-done"; id: number; ms: number }
  | { type: "progress"; id: number; progress: Progress }
  | { type: "verdict"; id: number; verdict: Verdict; console?: ConsoleCapture };

// ───────────────────────────── sandbox ⇄ bundler worker ─────────────────────────────

export type SandboxToBundler =
  | { type: "init"; id: number; wasm: ArrayBuffer }
  | { type: "bundle"; id: number; request: RunRequest };

export type BundlerToSandbox =
  | { type: "init-done"; id: number; ms: number }
  | { type: "init-failed"; id: number; message: string }
  | {
      type: "bundled";
      id: number;
      /** code is a classic script (IIFE) that registers the hidden tests with the harness. */
      code: string;
      /** map is the external source map of `code` (JSON text), for mapping stack frames. */
      map: string;
      diagnostics: Diagnostic[];
      ms: number;
    }
  | { type: "bundle-failed"; id: number; diagnostics: Diagnostic[]; message: string; ms: number };

// ───────────────────────────── sandbox ⇄ run worker ─────────────────────────────

export type SandboxToRunner =
  /** arm gives a fresh (possibly pre-warmed) worker its nonce; it answers nothing. */
  | { type: "arm"; id: 0; nonce: string }
  | {
      type: "run";
      id: number;
      exerciseId: string;
      code: string;
      map: string;
      limits: RunLimits;
      bundleMs: number;
    };

export type RunnerToSandbox =
  | { type: "progress"; id: number; nonce: string; progress: Progress }
  | { type: "result"; id: number; nonce: string; verdict: Verdict; console?: ConsoleCapture };

/** isMessage is the first check every message handler makes on untrusted event data. */
export function isMessage(data: unknown): data is { type: string; id: number } {
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { type?: unknown }).type === "string" &&
    typeof (data as { id?: unknown }).id === "number"
  );
}
