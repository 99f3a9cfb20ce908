/**
 * run-worker — the Worker one Run executes in: the harness and gosync (pre-bundled into this
 * file at site build) plus the learner's bundle, evaluated once, then the worker is thrown away.
 *
 * Runs in a Worker created from a Blob by the sandbox iframe, so it has the iframe's opaque
 * origin and CSP (no connect-src): no page, no site storage, no network. The sandbox keeps one
 * spare warm (this module evaluated, waiting), arms it with a nonce, sends one `run`, and
 * terminates it when the verdict arrives or the wall-clock limit passes.
 *
 * Learner code shares this realm with the harness. What it cannot do here:
 * - forge a verdict: results carry the nonce, which lives only in this module's closure;
 * - reach the network or storage: those globals are removed before it runs (CSP is the real
 *   wall; this is defence in depth and gives clearer errors);
 * - flood the page: console output is kept up to a cap and the rest only counted;
 * - allocate without bound in one go: see memory-guard.ts for what the cap covers;
 * - replace `postMessage`, `JSON`, `Promise` for the harness: they are captured here first.
 */
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { createHarness } from "./harness-adapter.ts";
import { installMemoryGuard } from "./memory-guard.ts";
import { isMessage, type ConsoleCapture, type RunnerToSandbox, type SandboxToRunner, type SourceLocation, type Verdict } from "./protocol.ts";

/** WorkerScope is the part of DedicatedWorkerGlobalScope this worker uses (the project's lib has no WebWorker). */
declare const self: {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  importScripts(...urls: string[]): void;
};

// Captured before any learner code exists in this realm.
const post = self.postMessage.bind(self) as (msg: RunnerToSandbox) => void;
const loadScript = self.importScripts.bind(self);
const createObjectURL = URL.createObjectURL.bind(URL);
const BlobCtor = Blob;
const now = performance.now.bind(performance);
const PromiseCtor = Promise;

/** CONSOLE_LINES is how many console lines a Run keeps; later ones are only counted. */
export const CONSOLE_LINES = 200;
const CONSOLE_LINE_CHARS = 500;

const captured: ConsoleCapture = { lines: [], dropped: 0 };
const harness = createHarness();
let nonce: string | null = null;
let started = false;

function installConsole(): void {
  const write = (level: string) =>
    function (...args: unknown[]) {
      if (captured.lines.length >= CONSOLE_LINES) {
        captured.dropped++;
        return;
      }
      let text = args.map((a) => (typeof a === "string" ? a : safeString(a))).join(" ");
      if (text.length > CONSOLE_LINE_CHARS) text = `${text.slice(0, CONSOLE_LINE_CHARS)}…`;
      captured.lines.push(level === "log" ? text : `[${level}] ${text}`);
    };
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    Object.defineProperty(console, level, { value: write(level), writable: false, configurable: false });
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === "object" && value !== null ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** NETWORK_AND_STORAGE are the globals removed before learner code runs. */
const NETWORK_AND_STORAGE = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "indexedDB",
  "caches",
  "BroadcastChannel",
  "Worker",
  "SharedWorker",
  "importScripts",
  "close",
];

function lockDown(): void {
  for (const name of NETWORK_AND_STORAGE) {
    try {
      Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // A global that cannot be shadowed stays; the CSP still forbids its use.
    }
  }
  self.onmessage = null;
}

/** locate maps a stack trace of the evaluated bundle to the first frame in one of the Run's files. */
function locator(map: string, scriptURL: string): (stack: string | undefined) => SourceLocation | undefined {
  let traced: TraceMap | null = null;
  return (stack) => {
    if (!stack || !map) return undefined;
    traced ??= new TraceMap(map);
    for (const m of stack.matchAll(/(blob:[^\s)]+?):(\d+):(\d+)/g)) {
      if (m[1] !== scriptURL) continue;
      const pos = originalPositionFor(traced, { line: Number(m[2]), column: Number(m[3]) - 1 });
      if (pos.source && pos.line != null) {
        return { file: pos.source.replace(/^.*synclab-file:/, ""), line: pos.line, column: (pos.column ?? 0) + 1 };
      }
    }
    return undefined;
  };
}

async function run(msg: Extract<SandboxToRunner, { type: "run" }>): Promise<void> {
  const id = msg.id;
  const myNonce = nonce as string;
  const t0 = now();
  const url = createObjectURL(new BlobCtor([msg.code.replace(/\n\/\/# sourceMappingURL=.*$/, "")], { type: "text/javascript" }));
  const locate = locator(msg.map, url);
  const progress = (p: { done?: number; total?: number; test?: string }) =>
    post({ type: "progress", id, nonce: myNonce, progress: { phase: "running", ...p } });
  let verdict: Verdict;
  try {
    harness.beginRegistration();
    try {
      loadScript(url);
    } finally {
      harness.endRegistration();
    }
    verdict = await harness.run({ exerciseId: msg.exerciseId, limits: msg.limits, locate, onProgress: progress });
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; stack?: unknown };
    const location = locate(typeof e?.stack === "string" ? e.stack : undefined);
    verdict = {
      version: 1,
      exerciseId: msg.exerciseId,
      status: "runtime-error",
      tests: [],
      diagnostics: location ? [{ ...location, message: `${String(e?.name ?? "Error")}: ${String(e?.message ?? err)}`, severity: "error" }] : [],
      timings: { bundleMs: 0, runMs: 0 },
      message: `your code threw before the tests could run: ${String(e?.name ?? "Error")}: ${String(e?.message ?? err)}${
        location ? ` (${location.file}:${location.line}:${location.column})` : ""
      }`,
    };
  }
  verdict.timings = { bundleMs: msg.bundleMs, runMs: now() - t0 };
  post({ type: "result", id, nonce: myNonce, verdict, console: captured });
}

self.onmessage = (event: MessageEvent<SandboxToRunner>) => {
  const msg = event.data;
  if (!isMessage(msg)) return;
  if (msg.type === "arm" && nonce === null && typeof msg.nonce === "string") {
    nonce = msg.nonce;
    return;
  }
  if (msg.type === "run" && nonce !== null && !started) {
    started = true;
    installConsole();
    installMemoryGuard();
    lockDown();
    void PromiseCtor.resolve().then(() => run(msg));
  }
};
