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
 * Life of a worker: it installs the memory guard, hardens the realm (core/lockdown-shim.ts: ses
 * lockdown, before gosync and the harness load), prepares the sandbox (module registry, the
 * endowments of every Run's Compartment) and says `loaded` — the sandbox keeps a small pool of
 * such spares — and, until its first Run arrives, may prime the JIT by judging core/warmup.ts's
 * built-in programs (WARM_MS; no learner code exists in the realm yet); `arm` gives it its
 * nonce and it answers `armed`. A `run` (core's RunRequest, possibly one shard of a Run judged
 * by several workers at once) is judged with runInSandbox: the first one shadows the network and
 * storage globals and records the realm's shape (recycle.ts). When a Run ended normally the
 * sandbox sends `recycle`: the worker answers whether its realm is still as the first Run found
 * it; only then may it judge another Run (hot: its JIT has judged before). Every message it
 * sends is one of core's SandboxMessages wrapped with the nonce; the sandbox's RunCollector
 * builds the Verdict from them, so nothing here states the overall status.
 *
 * A Run's code (the learner's file and the hidden tests) runs in a ses Compartment of its own
 * (core/compartment.ts): its globals are the language's frozen intrinsics, gosync's virtual
 * clock, randomness and timers, a captured console and the memory guard's allocators — none of
 * this worker's (`self`, `postMessage`, `addEventListener`, `EventTarget`, `fetch`, real
 * timers). What it cannot do:
 * - forge results: it cannot name postMessage; messages carry the nonce, which lives only in
 *   this module's closure; the collector validates every message and computes the status;
 * - reach the network, storage, the page or the sandbox's messages: nothing of the worker's is
 *   in its Compartment; the CSP forbids every request; the worker's ways out are shadowed too;
 * - bend the harness or gosync: every intrinsic, the registry and the endowments are hardened;
 * - flood the page: console output is kept up to a cap and the rest only counted;
 * - allocate without bound in one go: see memory-guard.ts for what the cap covers;
 * - reach the next Run: see recycle.ts for why nothing it did survives into the next Run.
 */
// First the vetted shims, in this order: the memory guard replaces allocators on the
// intrinsics, then lockdown hardens the realm; gosync and the harness load after both.
import { memory } from "./memory-guard-shim.ts";
import "../core/lockdown-shim.ts";
import { snapshot, type Snapshot } from "./recycle.ts";
import { gosyncModules } from "../core/gosync-modules.ts";
import type { RunRequest, SandboxMessage } from "../core/protocol.ts";
import { prepareSandbox, runInSandbox, warmSandbox } from "../core/sandbox.ts";
import { isMessage, type RunnerToSandbox, type SandboxToRunner } from "./protocol.ts";

/** WorkerScope is the part of DedicatedWorkerGlobalScope this worker uses (the project's lib has no WebWorker). */
declare const self: {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
};

// Captured before any Run's code exists in this realm (and out of its reach: a Run's code runs
// in a Compartment whose globals are the sandbox's, core/compartment.ts).
const postRaw = self.postMessage.bind(self) as (msg: RunnerToSandbox) => void;
const defineProperty = Object.defineProperty;
const listen = self.addEventListener.bind(self);

/**
 * WARM_MS is how long a spare worker primes its JIT while it waits for its Run (core/warmup.ts).
 * Off in the browser: measured with scripts/bench-browser.mjs (safe-counter's solution, 1 s
 * between Runs, 2 cores) judging took 133–164 ms with 300 ms of warm-up and 140–159 ms without,
 * so it cost CPU for no gain here (in the Node host it cuts a warm Run by about a quarter).
 */
const WARM_MS = 0;

/**
 * REMOVED_GLOBALS are the worker's ways out, shadowed before the first Run: no Run's code can
 * name them (its Compartment has none of the worker's globals), so this is defence in depth
 * behind the Compartment and the CSP, which forbids every request anyway.
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
  // This worker's own listener is in place; nothing else gets one.
  defineProperty(self, "onmessage", { value: null, writable: false, configurable: false });
  defineProperty(self, "addEventListener", { value: notInSandbox("addEventListener"), writable: false, configurable: false });
}

const prepared = prepareSandbox(gosyncModules, { endowments: memory.endowments });

let nonce: string | null = null;
let started = false;
let busy = false;
/** baseline is the realm's shape as the first Run found it (recycle.ts); null until then. */
let baseline: Snapshot | null = null;
// Until its first Run arrives, the spare primes the JIT; the Run stops that and waits for it to end.
const warming = warmSandbox(prepared, { budgetMs: WARM_MS, shouldStop: () => started });

async function run(req: RunRequest, myNonce: string): Promise<void> {
  await warming;
  const post = (message: SandboxMessage) => {
    const last = message.type === "done" || message.type === "load-error";
    postRaw({ type: "sandbox", id: req.id, nonce: myNonce, message, ...(last ? { console: prepared.console.snapshot() } : {}) });
  };
  // Every shard runs the files: what they print at their top level is kept by shard 0 only.
  const notFirstShard = req.shard !== undefined && req.shard.index > 0;
  // The same code as the last Run's (a re-Run, an edit that compiles to the same JavaScript) is
  // instantiated from the program evaluated last, in its unchanged Compartment, so the learner's
  // and the tests' functions keep the JIT state they reached (core/compartment.ts; a new
  // program starts cold, measured ~12% of judging safe-counter).
  await runInSandbox(req, prepared, {
    instantiated() {
      if (notFirstShard) prepared.console.reset();
    },
    post,
  });
}

/** recycle answers whether this worker may judge another Run (recycle.ts), from a task of its own. */
function recycle(id: number, myNonce: string): void {
  setTimeout(() => {
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
      removeWaysOut();
      baseline = snapshot(Object.values(prepared.registry));
    }
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
