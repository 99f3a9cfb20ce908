/**
 * run-worker — the module Worker Runs execute in: gosync and the harness (core/sandbox.ts),
 * pre-bundled into one runtime at site build (build-sandbox.ts), plus each Run's bundle.
 *
 * Runs in a Worker created from a Blob by the sandbox iframe, so it has the iframe's opaque
 * origin and CSP (no connect-src): no page, no site storage, no network. The Worker itself is
 * classic — Chromium refuses `type: "module"` workers from an opaque origin's blob: URLs — and
 * its one line imports this module (an ESM runtime, also a blob: URL) with `import()`. The
 * runtime is named `synclab:///gosync/dist/browser-sandbox.js` (its sourceURL), so gosync's
 * stack capture takes its frames for its own and locates races and blocked goroutines in the
 * learner's file.
 *
 * Life of a worker: once evaluated it has installed the memory guard and prepared the realm
 * (prepareSandbox: module registry, lockdown) and says `loaded` — the sandbox keeps a small pool
 * of such spares — and, until its first Run arrives, may prime the JIT by judging
 * core/warmup.ts's built-in programs (WARM_MS; no learner code exists in the realm yet); `arm`
 * gives it its nonce and it answers `armed`. A `run` (core's RunRequest, possibly one shard of
 * a Run judged by several workers at once) is judged with runInSandbox: the first one removes
 * the network and storage globals, captures the console and records the realm's shape
 * (recycle.ts). When a Run ended normally the sandbox sends `recycle`: the worker clears the
 * timers the Run left and answers whether its realm is still as the first Run found it; only
 * then may it judge another Run (hot: its JIT has judged before). Every message it sends is one
 * of core's SandboxMessages wrapped with the nonce; the sandbox's RunCollector builds the
 * Verdict from them, so nothing here states the overall status.
 *
 * Learner code shares this realm with the harness. What it cannot do here:
 * - forge results: they carry the nonce, which lives only in this module's closure and is sent
 *   to the worker once, before any learner code exists; the collector validates every message
 *   and computes the status itself;
 * - reach the network or storage: those globals are removed before it runs (CSP is the real
 *   wall; this is defence in depth and gives clearer errors);
 * - listen to the sandbox's messages: `onmessage` and `addEventListener` are shadowed once this
 *   worker has its own listener;
 * - flood the page: console output is kept up to a cap and the rest only counted;
 * - allocate without bound in one go: see memory-guard.ts for what the cap covers;
 * - replace `postMessage`, `Promise`, the harness: they are captured here first, and
 *   core/lockdown.ts hardens the intrinsics;
 * - reach the next Run: see recycle.ts for what a worker must pass to be reused.
 */
// First: it tracks real timers from before gosync captures the host's setTimeout.
import { clearTimers, snapshot, type Snapshot } from "./recycle.ts";
import { gosyncModules } from "../core/gosync-modules.ts";
import type { RunRequest, SandboxMessage } from "../core/protocol.ts";
import { prepareSandbox, runInSandbox, warmSandbox } from "../core/sandbox.ts";
import { installMemoryGuard } from "./memory-guard.ts";
import { CONSOLE_LINES, isMessage, type ConsoleCapture, type RunnerToSandbox, type SandboxToRunner } from "./protocol.ts";

/** WorkerScope is the part of DedicatedWorkerGlobalScope this worker uses (the project's lib has no WebWorker). */
declare const self: {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
};

// Captured before any learner code exists in this realm.
const postRaw = self.postMessage.bind(self) as (msg: RunnerToSandbox) => void;
const defineProperty = Object.defineProperty;
const listen = self.addEventListener.bind(self);

const CONSOLE_LINE_CHARS = 500;
/**
 * WARM_MS is how long a spare worker primes its JIT while it waits for its Run (core/warmup.ts).
 * Off in the browser: measured with scripts/bench-browser.mjs (safe-counter's solution, 1 s
 * between Runs, 2 cores) judging took 133–164 ms with 300 ms of warm-up and 140–159 ms without,
 * so it cost CPU for no gain here (in the Node host it cuts a warm Run by about a quarter).
 */
const WARM_MS = 0;

const captured: ConsoleCapture = { lines: [], dropped: 0 };

function clearConsole(): void {
  captured.lines.length = 0;
  captured.dropped = 0;
}

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
    defineProperty(console, level, { value: write(level), writable: false, configurable: false });
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === "object" && value !== null ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * REMOVED_GLOBALS are the globals removed before learner code runs: the network and storage,
 * and what could keep work going after a Run ends without a timer (recycle.ts clears those).
 */
const REMOVED_GLOBALS = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "indexedDB",
  "caches",
  "BroadcastChannel",
  "MessageChannel",
  "requestAnimationFrame",
  "Worker",
  "SharedWorker",
  "importScripts",
  "close",
];

function notInSandbox(name: string) {
  return function () {
    throw new TypeError(`${name} is not available in the sandbox: the Run's code cannot listen to the sandbox's messages`);
  };
}

function removeWaysOut(): void {
  for (const name of REMOVED_GLOBALS) {
    try {
      defineProperty(self, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // A global that cannot be shadowed stays; the CSP still forbids its use.
    }
  }
  // This worker's own listener is in place; learner code gets none.
  defineProperty(self, "onmessage", { value: null, writable: false, configurable: false });
  defineProperty(self, "addEventListener", { value: notInSandbox("addEventListener"), writable: false, configurable: false });
}

// The guard replaces Array and the typed-array constructors, so it goes in before lockdown
// makes those globals read-only.
const memory = installMemoryGuard();
const prepared = prepareSandbox(gosyncModules);

let nonce: string | null = null;
let started = false;
let busy = false;
/** baseline is the realm's shape as the first Run found it (recycle.ts); null until then. */
let baseline: Snapshot | null = null;
/** lastModule is the last Run's bundle and its module, instantiated again for a Run of the same code. */
let lastModule: { code: string; ns: unknown } | null = null;
// Until its first Run arrives, the spare primes the JIT; the Run stops that and waits for it to end.
const warming = warmSandbox(prepared, { budgetMs: WARM_MS, shouldStop: () => started });

async function run(req: RunRequest, myNonce: string): Promise<void> {
  await warming;
  const post = (message: SandboxMessage) => {
    const last = message.type === "done" || message.type === "load-error";
    postRaw({ type: "sandbox", id: req.id, nonce: myNonce, message, ...(last ? { console: captured } : {}) });
  };
  // Every shard runs the files: what they print at their top level is kept by shard 0 only.
  const notFirstShard = req.shard !== undefined && req.shard.index > 0;
  await runInSandbox(req, prepared, {
    importBundle(code) {
      // The same code as the last Run's (a re-Run, an edit that compiles to the same JavaScript):
      // its module is instantiated again, so the learner's and the tests' functions keep the JIT
      // state they reached (a new module starts cold; measured ~12% of judging safe-counter).
      if (lastModule !== null && lastModule.code === code) return Promise.resolve(lastModule.ns);
      // A data: URL, not a blob: one: measured 1.7 ms against 4–5 ms to import a Run's bundle
      // (a blob: URL is resolved through the browser process). The Run's id makes it unique:
      // the module map keeps every URL it imported, so the same URL would not be evaluated again.
      const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(`${code}// Run ${req.id}\n`)}`;
      return import(/* @vite-ignore */ url).then((ns: unknown) => {
        lastModule = { code, ns };
        return ns;
      });
    },
    instantiated() {
      if (notFirstShard) clearConsole();
    },
    post,
  });
}

/** recycle answers whether this worker may judge another Run (recycle.ts), from a task of its own. */
function recycle(id: number, myNonce: string): void {
  setTimeout(() => {
    clearTimers();
    const reason = busy ? "its Run is still running" : baseline === null ? "it has not judged a Run" : baseline.changed();
    postRaw({ type: "recycled", id, nonce: myNonce, ok: reason === null, ...(reason === null ? {} : { reason }) });
  }, 0);
}

listen("message", (event: MessageEvent<SandboxToRunner>) => {
  const msg = event.data;
  if (!isMessage(msg)) return;
  if (msg.type === "arm" && nonce === null && typeof msg.nonce === "string") {
    nonce = msg.nonce;
    postRaw({ type: "armed", id: 0, nonce });
    return;
  }
  if (nonce === null) return;
  const myNonce = nonce;
  if (msg.type === "run" && !busy) {
    busy = true;
    if (!started) {
      started = true;
      installConsole();
      removeWaysOut();
      baseline = snapshot(Object.values(prepared.registry));
    }
    clearConsole();
    memory.reset();
    void run(msg, myNonce).finally(() => {
      busy = false;
    });
  } else if (msg.type === "recycle") {
    recycle(msg.id, myNonce);
  }
});
// Messages sent before this module ran were dropped (no listener yet): the sandbox arms on this.
postRaw({ type: "loaded", id: 0 });
