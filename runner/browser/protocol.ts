/**
 * protocol — every message the browser host exchanges, typed in one place.
 *
 * Three hops, each a postMessage channel:
 *
 *   page (Exercise island, client.ts) ──► sandbox iframe (sandbox-host.ts, opaque origin, CSP)
 *   sandbox iframe ──► bundler worker (bundler-worker.ts: esbuild-wasm, initialised once)
 *   sandbox iframe ──► run workers (run-worker.ts: spares kept warm, recycled after a clean Run)
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

/** The Verdict and its parts are core's (runner/core/verdict.ts); only their types reach the page. */
export type { Diagnostic, TestResult, TestStatus, Verdict, VerdictStatus } from "../core/verdict.ts";
export type { Location as SourceLocation } from "../core/verdict.ts";
import type { Verdict } from "../core/verdict.ts";
import type { Limits } from "../core/harness.ts";
import type { BundleResult, CompiledAhead } from "../core/bundle.ts";
import type { RunRequest as SandboxRunRequest, SandboxMessage } from "../core/protocol.ts";

/** CONSOLE_LINES is how many console lines a Run keeps; later ones are only counted. */
export const CONSOLE_LINES = 200;

/** ConsoleCapture is what learner code printed: the first lines kept, the rest only counted. */
export interface ConsoleCapture {
  lines: string[];
  dropped: number;
}

/** RunLimits are one Run's limits (the exercise's .meta/config.json `limits`). */
export type RunLimits = Limits & {
  /** wallMs is the hard wall-clock limit of the whole Run; the run worker is terminated at it. */
  wallMs: number;
};

/** RunRequest is what a Run needs: the learner's solution.ts and the exercise's hidden tests. */
export interface RunRequest {
  exerciseId: string;
  /** solution is the learner's solution.ts. */
  solution: string;
  /** tests is the exercise's hidden.test.ts. */
  tests: string;
  limits: RunLimits;
}

export interface Progress {
  /**
   * loading: the sandbox starts; bundling: the code compiles; running: tests are judged;
   * rechecking: the Run hit its wall-clock limit and is judged again with the limit doubled on
   * fresh workers, before a timeout is reported (core/run-session.ts).
   */
  phase: "loading" | "bundling" | "running" | "rechecking";
  /** done/total count finished tests (or explored schedules) when the harness reports them. */
  done?: number;
  total?: number;
  test?: string;
}

// ───────────────────────────── page ⇄ sandbox iframe ─────────────────────────────

export type PageToSandbox =
  /**
   * init hands over what the sandbox may not fetch itself, as soon as the page has it: the run
   * workers' runtime (gosync + harness, built at site build, runner/browser/run-worker.ts), and
   * `port`, the sandbox's end of a MessageChannel that every
   * later message both ways goes through (the init's own answer comes by the window). Chromium
   * runs a sandboxed frame in a process of its own, and sends a window's postMessage to another
   * process only in a task of its own, which a pending frame goes before: a Run pressed with a
   * click reached the sandbox after the page had drawn its "running" state (~5 ms, traced). A
   * port sends at once.
   */
  | { type: "init"; id: number; runtime: ArrayBuffer; port: MessagePort }
  /**
   * esbuild hands over esbuild.wasm, after init (its response body as a stream while it
   * downloads, where the browser can transfer streams, so that it compiles as it arrives; else
   * its bytes). A Run whose files were all compiled ahead (seed) is judged without it: on a link
   * to an exercise, the starter's first Run no longer waits for its 3 MB. Nothing is answered; a
   * wasm that fails to start fails the Runs that need it.
   */
  | { type: "esbuild"; id: number; wasm: WasmSource }
  /** esbuild, failed: the page could not download esbuild.wasm; the Runs that need it fail with this. */
  | { type: "esbuild"; id: number; failed: string }
  /** seed gives files compiled at site build (core/bundle.ts CompiledAhead); nothing is answered. */
  | { type: "seed"; id: number; files: CompiledAhead[] }
  | { type: "run"; id: number; request: RunRequest }
  /** prepare compiles the request's code ahead of its Run (the learner paused typing); nothing is answered. */
  | { type: "prepare"; id: number; request: RunRequest }
  /** cancel stops the Run with this id (its worker is terminated, no verdict is sent). */
  | { type: "cancel"; id: number };

export type SandboxToPage =
  /** ready is sent once, when the sandbox script has loaded and listens (id 0). */
  | { type: "ready"; id: 0 }
  /** init-done answers init: the run workers are starting (by the window; from then on, the port). */
  | { type: "init-done"; id: number }
  | { type: "progress"; id: number; progress: Progress }
  /**
   * verdict carries the Verdict (its JSON in UTF-8, handed over: jsonBytes). A failing Run's
   * reports hold thousands of small objects (the replayed schedules' traces), which the page's
   * main thread took ~10 ms to deserialize from a message against ~1 ms to parse as JSON.
   */
  | { type: "verdict"; id: number; verdict: JsonBytes<Verdict>; console?: ConsoleCapture };

/**
 * JsonBytes is a value of type T as a message from the sandbox to the page carries it when it
 * may be large: its JSON text in UTF-8, in a buffer handed over with the message (jsonBytes; read
 * with fromJsonBytes). The sandbox's frame runs in a process of its own, and a message from it
 * whose copied contents pass ~16 kB cost the page's main thread 2–5 ms to read (a string as much
 * as a copied buffer; 3–5 ms for a failing Run's 170 kB verdict), against 0.1 ms for a buffer
 * handed over and 0.3 ms to decode 170 kB. The other way, the page's Run requests (3–17 kB of
 * tests) cost the sandbox 0.2 ms to read at any size (measured in Chromium on 2 cores).
 */
export type JsonBytes<T> = ArrayBuffer & { readonly __json?: T };

/** jsonBytes is `value` as JsonBytes: post the message with the buffer in its transfer list. */
export function jsonBytes<T>(value: T): JsonBytes<T> {
  return new TextEncoder().encode(JSON.stringify(value)).buffer as JsonBytes<T>;
}

/** fromJsonBytes reads the value jsonBytes wrote. */
export function fromJsonBytes<T>(bytes: JsonBytes<T>): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

// ───────────────────────────── sandbox ⇄ bundler worker ─────────────────────────────

/** WasmSource is esbuild.wasm as the page hands it over: a download still streaming, or its bytes. */
export type WasmSource = ReadableStream<Uint8Array> | ArrayBuffer;

export type SandboxToBundler =
  | { type: "init"; id: number; wasm: WasmSource }
  | { type: "seed"; id: number; files: CompiledAhead[] }
  /** unavailable: esbuild.wasm will not come (its download failed); builds fail with `message` until the next init. */
  | { type: "unavailable"; id: number; message: string }
  | { type: "bundle"; id: number; request: RunRequest };

export type BundlerToSandbox =
  | { type: "init-done"; id: number; ms: number }
  | { type: "init-failed"; id: number; message: string }
  /** bundled is core's bundleRun result: an ESM module and its map, or located diagnostics (ok false). */
  | { type: "bundled"; id: number; result: BundleResult }
  | { type: "bundle-failed"; id: number; message: string };

// ───────────────────────────── sandbox ⇄ run worker ─────────────────────────────

export type SandboxToRunner =
  /** arm gives a fresh worker its nonce once it said `loaded`; it answers `armed`. */
  | { type: "arm"; id: 0; nonce: string }
  /** run is core's RunRequest: the bundle, its map and the exploration limits. */
  | SandboxRunRequest
  /** recycle asks a worker whose Run ended normally whether it may judge another (recycle.ts); it answers `recycled`. */
  | { type: "recycle"; id: number };

export type RunnerToSandbox =
  /** loaded: gosync and the harness are evaluated and the realm is locked down; send `arm`. */
  | { type: "loaded"; id: 0 }
  /** armed: the worker holds its nonce and waits for a `run`. */
  | { type: "armed"; id: 0; nonce: string }
  /** recycled answers `recycle`: ok if the realm is as its first Run found it (timers cleared), else why not. */
  | { type: "recycled"; id: number; nonce: string; ok: boolean; reason?: string }
  /** sandbox wraps one of core's SandboxMessages; the last one (done, load-error) carries the console. */
  | { type: "sandbox"; id: number; nonce: string; message: SandboxMessage; console?: ConsoleCapture };

/** isMessage is the first check every message handler makes on untrusted event data. */
export function isMessage(data: unknown): data is { type: string; id: number } {
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { type?: unknown }).type === "string" &&
    typeof (data as { id?: unknown }).id === "number"
  );
}
