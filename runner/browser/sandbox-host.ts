/**
 * sandbox-host — the script of the sandbox iframe (/sandbox.html).
 *
 * Runs in an iframe with `sandbox="allow-scripts"` and no `allow-same-origin`, so its origin is
 * opaque: it cannot read the site's localStorage/IndexedDB (the drafts) or touch the page's DOM.
 * Its CSP (a meta tag, see build-sandbox.ts) allows only its own inline script, blob: workers
 * and WebAssembly, and no connect-src: nothing it or its workers run can reach the network.
 *
 * It owns two kinds of Worker, both created from Blobs of sources inlined at site build:
 * - one bundler worker (esbuild-wasm, initialised once with bytes the page hands over);
 * - run workers: a fresh one per Run, one spare kept warm (gosync and the harness already
 *   evaluated). The Run's wall-clock limit is enforced here by terminate(), which stops even
 *   `while(true){}`; the worker is never reused, so the next Run starts clean.
 *
 * Messages are accepted only from the parent window with the site's origin; replies go only to
 * that origin.
 */
import {
  isMessage,
  type BundlerToSandbox,
  type ConsoleCapture,
  type PageToSandbox,
  type RunnerToSandbox,
  type RunRequest,
  type SandboxToBundler,
  type SandboxToPage,
  type SandboxToRunner,
  type Verdict,
} from "./protocol.ts";

declare const __BUNDLER_SOURCE__: string;
declare const __RUNNER_SOURCE__: string;

/** siteOrigin is the origin the page has; this document's own origin is opaque ("null"). */
const siteOrigin = new URL(location.href).origin;
const bundlerURL = URL.createObjectURL(new Blob([__BUNDLER_SOURCE__], { type: "text/javascript" }));
const runnerURL = URL.createObjectURL(new Blob([__RUNNER_SOURCE__], { type: "text/javascript" }));

function toPage(msg: SandboxToPage, transfer: Transferable[] = []): void {
  window.parent.postMessage(msg, siteOrigin, transfer);
}

// ───────────── bundler ─────────────

const bundler = new Worker(bundlerURL, { name: "synclab-bundler" });
const bundlerWaiters = new Map<number, (msg: BundlerToSandbox) => void>();
let bundlerSeq = 0;
bundler.onmessage = (e: MessageEvent<BundlerToSandbox>) => {
  const waiter = bundlerWaiters.get(e.data.id);
  bundlerWaiters.delete(e.data.id);
  waiter?.(e.data);
};
function askBundler(msg: Omit<SandboxToBundler, "id"> & { type: SandboxToBundler["type"] }, transfer: Transferable[] = []) {
  const id = ++bundlerSeq;
  return new Promise<BundlerToSandbox>((resolve) => {
    bundlerWaiters.set(id, resolve);
    bundler.postMessage({ ...msg, id } as SandboxToBundler, transfer);
  });
}

// ───────────── run workers ─────────────

interface Armed {
  worker: Worker;
  nonce: string;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function armWorker(): Armed {
  const worker = new Worker(runnerURL, { name: "synclab-run" });
  const nonce = randomNonce();
  worker.postMessage({ type: "arm", id: 0, nonce } satisfies SandboxToRunner);
  return { worker, nonce };
}

let spare: Armed | null = null;
function takeWorker(): Armed {
  const w = spare ?? armWorker();
  spare = null;
  // The next Run's worker warms up while this one runs (it is idle, so it costs little).
  setTimeout(() => {
    spare ??= armWorker();
  }, 0);
  return w;
}

// ───────────── runs ─────────────

/** current is the Run in flight; a new Run or a cancel ends it (its results are then stale). */
let current: { id: number; stop: () => void } | null = null;

function verdictOf(request: RunRequest, status: Verdict["status"], message: string, extra: Partial<Verdict> = {}): Verdict {
  return {
    version: 1,
    exerciseId: request.exerciseId,
    status,
    tests: [],
    diagnostics: [],
    timings: { bundleMs: 0, runMs: 0 },
    message,
    ...extra,
  };
}

async function run(id: number, request: RunRequest): Promise<void> {
  current?.stop();
  let stopped = false;
  let armed: Armed | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  current = {
    id,
    stop() {
      stopped = true;
      clearTimeout(timer);
      armed?.worker.terminate();
    },
  };
  const finish = (verdict: Verdict, console?: ConsoleCapture) => {
    if (stopped) return;
    current?.stop();
    current = null;
    toPage({ type: "verdict", id, verdict, ...(console ? { console } : {}) });
  };

  toPage({ type: "progress", id, progress: { phase: "bundling" } });
  const bundled = await askBundler({ type: "bundle", request } as SandboxToBundler);
  if (stopped) return;
  if (bundled.type === "bundle-failed") {
    finish(
      verdictOf(request, "compile-error", bundled.message, {
        diagnostics: bundled.diagnostics,
        timings: { bundleMs: bundled.ms, runMs: 0 },
      }),
    );
    return;
  }
  if (bundled.type !== "bundled") {
    finish(verdictOf(request, "internal-error", `bundler answered ${bundled.type} to a bundle request`));
    return;
  }

  armed = takeWorker();
  const { worker, nonce } = armed;
  const t0 = performance.now();
  const limit = request.limits.wallMs;
  timer = setTimeout(() => {
    worker.terminate();
    finish(
      verdictOf(request, "timeout", `timeout: the Run was stopped after its limit of ${limit} ms (an endless loop, or waiting that never ends?)`, {
        timings: { bundleMs: bundled.ms, runMs: performance.now() - t0 },
      }),
    );
  }, limit);
  worker.onmessage = (e: MessageEvent<RunnerToSandbox>) => {
    const msg = e.data;
    if (!isMessage(msg) || msg.id !== id || msg.nonce !== nonce) return;
    if (msg.type === "progress") {
      if (!stopped) toPage({ type: "progress", id, progress: msg.progress });
    } else if (msg.type === "result") {
      finish(sanitize(msg.verdict, request), msg.console);
    }
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    finish(
      verdictOf(request, "runtime-error", `runtime-error: the run worker crashed: ${e.message || "no message (out of memory?)"}`, {
        timings: { bundleMs: bundled.ms, runMs: performance.now() - t0 },
      }),
    );
  };
  worker.postMessage({
    type: "run",
    id,
    exerciseId: request.exerciseId,
    code: bundled.code,
    map: bundled.map,
    limits: request.limits,
    bundleMs: bundled.ms,
  } satisfies SandboxToRunner);
}

/**
 * sanitize refuses verdicts that cannot be true: the run worker is trusted only as far as its
 * nonce, so a "pass" must list at least one test and every test must have passed.
 */
function sanitize(v: Verdict, request: RunRequest): Verdict {
  if (typeof v !== "object" || v === null || v.version !== 1 || !Array.isArray(v.tests)) {
    return verdictOf(request, "internal-error", "internal-error: the run worker sent a verdict of the wrong shape");
  }
  if (v.status === "pass" && (v.tests.length === 0 || v.tests.some((t) => t?.status !== "pass"))) {
    return { ...v, status: "fail", message: "a pass was claimed but not every test passed" };
  }
  return { ...v, exerciseId: request.exerciseId };
}

// ───────────── page channel ─────────────

window.addEventListener("message", async (event: MessageEvent<PageToSandbox>) => {
  if (event.source !== window.parent || event.origin !== siteOrigin) return;
  const msg = event.data;
  if (!isMessage(msg)) return;
  if (msg.type === "init") {
    const t0 = performance.now();
    const answer = await askBundler({ type: "init", wasm: msg.wasm } as SandboxToBundler, [msg.wasm]);
    if (answer.type === "init-done") toPage({ type: "init-done", id: msg.id, ms: performance.now() - t0 });
    else toPage({ type: "verdict", id: msg.id, verdict: { version: 1, exerciseId: "", status: "internal-error", tests: [], diagnostics: [], timings: { bundleMs: 0, runMs: 0 }, message: answer.type === "init-failed" ? answer.message : "esbuild failed to initialise" } });
  } else if (msg.type === "run") {
    void run(msg.id, msg.request);
  } else if (msg.type === "cancel") {
    if (current?.id === msg.id) {
      current.stop();
      current = null;
    }
  }
});

spare = armWorker();
toPage({ type: "ready", id: 0 });
