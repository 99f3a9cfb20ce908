/**
 * sandbox-host — the script of the sandbox iframe (/sandbox.html).
 *
 * Runs in an iframe with `sandbox="allow-scripts"` and no `allow-same-origin`, so its origin is
 * opaque: it cannot read the site's localStorage/IndexedDB (the drafts) or touch the page's DOM.
 * Its CSP (a meta tag, see build-sandbox.ts) allows only its own inline script, blob: workers,
 * data: modules (each Run's bundle) and WebAssembly, and no connect-src: nothing it or its
 * workers run can reach the network.
 *
 * It owns two kinds of Worker, both created from Blobs (an opaque-origin document may not start
 * a Worker from a site URL):
 * - one bundler worker (esbuild-wasm, initialised once with the wasm the page hands over after
 *   init, `esbuild`; the files the site compiled at build, `seed`, are bundled without it; its
 *   source is inlined here at site build);
 * - run workers: classic workers whose one line imports the runtime (gosync + harness, an ESM
 *   module from the bytes the page hands over at init; run-worker.ts).
 *
 * A Run's lifecycle is core's RunSession (core/run-session.ts), the one the Node host uses too;
 * this file supplies its transport, RunWorker. Up to PARALLEL workers judge a Run's tests at
 * once (shards); the wall clock starts once they are armed and is enforced by terminating them,
 * which stops even `while(true){}`, and a timeout is judged again with the limit doubled on
 * fresh workers before it is reported (progress phase `rechecking`). A worker whose Run ended
 * normally is asked to recycle (run-worker.ts, recycle.ts): if its realm is as its first Run
 * found it, it judges the next Run hot (measured: 2–3× faster than a fresh worker), up to
 * RECYCLE_LIMIT Runs; otherwise, and after a timeout or a crash, it is terminated and a fresh
 * spare takes its place. The session's RunCollector validates the workers' messages, checks the
 * tests they collected against the host's own collection of the hidden tests (made in a worker
 * no learner code ran in), merges the shards in test order and builds the Verdict.
 *
 * Messages are accepted only from the parent window with the site's origin; replies go only to
 * that origin.
 */
import { RunCollector, compileErrorVerdict } from "../core/collect.ts";
import type { RunRequest } from "../core/protocol.ts";
import { RunSession, type Sandbox, type SandboxEvent } from "../core/run-session.ts";
import type { BundleResult } from "../core/bundle.ts";
import {
  CONSOLE_LINES,
  isMessage,
  jsonBytes,
  type BundlerToSandbox,
  type ConsoleCapture,
  type PageToSandbox,
  type Progress,
  type RunnerToSandbox,
  type RunRequest as PageRunRequest,
  type SandboxToBundler,
  type SandboxToPage,
  type SandboxToRunner,
  type Verdict,
} from "./protocol.ts";

declare const __BUNDLER_SOURCE__: string;

/**
 * siteOrigin is the origin the page has; this document's own origin is opaque ("null"). The page
 * loads it from a blob: URL it made (client.ts), and a blob: URL's origin is its maker's.
 */
const siteOrigin = new URL(location.href).origin;
const bundlerURL = URL.createObjectURL(new Blob([__BUNDLER_SOURCE__], { type: "text/javascript" }));
/**
 * bootstrapURL makes the URL a run worker starts from: a classic worker whose one line imports
 * the runtime (an ESM module from the bytes the page hands over at init). Chromium refuses
 * module workers from an opaque origin's blob: URLs; dynamic import() from a classic one works.
 * A failed import is rethrown from a task so that it reaches the worker's error event.
 */
function bootstrapURL(runtime: ArrayBuffer): string {
  const runtimeURL = URL.createObjectURL(new Blob([runtime], { type: "text/javascript" }));
  const bootstrap = `import(${JSON.stringify(runtimeURL)}).catch((e) => setTimeout(() => { throw e; }));`;
  return URL.createObjectURL(new Blob([bootstrap], { type: "text/javascript" }));
}

/** pagePort is the sandbox's end of the page's channel, from init on (protocol.ts, `init`). */
let pagePort: MessagePort | null = null;

/** toPage sends msg to the page: through its port once init gave one, else by the window. */
function toPage(msg: SandboxToPage, transfer: Transferable[] = []): void {
  if (pagePort !== null) pagePort.postMessage(msg, transfer);
  else toWindow(msg, transfer);
}

/** toWindow sends msg to the page by the window: `ready`, and init's answer (the page waits for it there). */
function toWindow(msg: SandboxToPage, transfer: Transferable[] = []): void {
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

/**
 * lastBundle is the bundler's last bundle and the files it is of: a Run of the same files (Run
 * pressed again, or after a typing pause the page used to compile ahead) is judged from it
 * without a round trip through the bundler's worker (~1.5 ms of a warm Run, traced). Its `ms` is
 * then 0: nothing was compiled in that Run.
 */
let lastBundle: { solution: string; tests: string; result: BundleResult } | null = null;

/** bundleFiles bundles a Run's files (askBundler), or answers from lastBundle when they are the same. */
async function bundleFiles(request: PageRunRequest): Promise<BundlerToSandbox> {
  if (lastBundle !== null && lastBundle.solution === request.solution && lastBundle.tests === request.tests) {
    return { type: "bundled", id: 0, result: { ...lastBundle.result, ms: 0 } };
  }
  const answer = await askBundler({ type: "bundle", request } as SandboxToBundler);
  if (answer.type === "bundled") lastBundle = { solution: request.solution, tests: request.tests, result: answer.result };
  return answer;
}

// ───────────── run workers ─────────────

/**
 * PARALLEL is how many workers may judge one Run's tests at once: one core is left to the page,
 * the bundler and the browser's own threads, at most 4 (more rarely pays for the extra realms),
 * at least 1. Measured on 2 cores with scripts/bench-browser.mjs: two workers judging
 * cost-balanced shards were no faster than one: each test took ~1.6× as long while the other
 * worker judged (crawler's solution, its 8 tests' durations summed: 30–39 ms in one worker,
 * 52–63 ms in two), though gosync's explore alone, under the same lockdown, ran in two workers
 * of a sandboxed frame at once within ~15 % of its time in one.
 */
const PARALLEL = Math.max(1, Math.min((navigator.hardwareConcurrency || 2) - 1, 4));
/** RECYCLE_LIMIT is how many Runs one worker judges at most (each leaves its program in the realm). */
const RECYCLE_LIMIT = 50;
/** RECYCLE_WAIT_MS is how long a worker may take to answer `recycle` before it is terminated. */
const RECYCLE_WAIT_MS = 1000;

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * RunWorker is the browser's sandbox for core's RunSession (run-session.ts): a classic worker
 * that imports the runtime (run-worker.ts). The protocol is run-worker.ts's: the worker says
 * `loaded`, gets its nonce with `arm` and answers `armed` (then it is ready); every message it
 * sends about a Run carries the nonce, which learner code never sees; after a normal end it is
 * asked to `recycle` and kept only if it answers ok in time, up to RECYCLE_LIMIT Runs.
 */
class RunWorker implements Sandbox {
  readonly ready: Promise<string | undefined>;
  readonly #worker: Worker;
  readonly #nonce = randomNonce();
  #armed = false;
  #failed: string | undefined;
  #settle!: (failed: string | undefined) => void;
  #listener: ((e: SandboxEvent) => void) | null = null;
  #recycled: ((ok: boolean) => void) | null = null;
  #runs = 0;
  /** console is what the Run's code printed, as the worker sent it with its last message of the Run. */
  console: ConsoleCapture | undefined;

  constructor(url: string) {
    this.ready = new Promise((resolve) => (this.#settle = resolve));
    this.#worker = new Worker(url, { name: "synclab-run" });
    this.#worker.onmessage = (e: MessageEvent<RunnerToSandbox>) => this.#message(e.data);
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      if (!this.#armed) return this.#die(e.message || "the runtime module did not load", false);
      this.#die(`an uncaught error outside the tests stopped the Run: ${e.message || "no message (out of memory?)"}`, true);
    };
  }

  get failed(): string | undefined {
    return this.#failed;
  }

  #message(m: RunnerToSandbox): void {
    if (!isMessage(m) || this.#failed !== undefined) return;
    if (!this.#armed) {
      if (m.type === "loaded") this.#worker.postMessage({ type: "arm", id: 0, nonce: this.#nonce } satisfies SandboxToRunner);
      else if (m.type === "armed" && m.nonce === this.#nonce) {
        this.#armed = true;
        this.#settle(undefined);
      }
      return;
    }
    if (!("nonce" in m) || m.nonce !== this.#nonce) return;
    if (m.type === "sandbox") {
      if (m.console) this.console = m.console;
      this.#listener?.({ kind: "message", message: m.message });
    } else if (m.type === "recycled") {
      this.#recycled?.(m.ok);
    }
  }

  #die(reason: string, learnersFault: boolean): void {
    if (this.#failed !== undefined) return;
    this.#failed = reason;
    this.#settle(reason);
    this.#listener?.({ kind: "death", reason, learnersFault });
    this.#listener = null;
    this.#worker.terminate();
  }

  send(request: RunRequest, listener: (e: SandboxEvent) => void): void {
    this.#runs++;
    this.console = undefined;
    this.#listener = listener;
    this.#worker.postMessage(request satisfies SandboxToRunner);
  }

  release(normal: boolean): Promise<boolean> {
    this.#listener = null;
    if (!normal || this.#runs >= RECYCLE_LIMIT || this.#failed !== undefined) {
      this.stop();
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#recycled = null;
        this.stop();
        resolve(false);
      }, RECYCLE_WAIT_MS);
      this.#recycled = (ok) => {
        clearTimeout(timer);
        this.#recycled = null;
        if (!ok) this.stop();
        resolve(ok);
      };
      this.#worker.postMessage({ type: "recycle", id: 0 } satisfies SandboxToRunner);
    });
  }

  stop(): void {
    this.#listener = null;
    if (this.#failed === undefined) {
      this.#failed = "stopped";
      this.#settle("the run worker was stopped before it was ready");
    }
    this.#worker.terminate();
  }
}

/** mergeConsoles joins the shards' console output in shard order, keeping CONSOLE_LINES lines in all. */
function mergeConsoles(parts: (ConsoleCapture | undefined)[]): ConsoleCapture | undefined {
  const present = parts.filter((c): c is ConsoleCapture => c !== undefined);
  if (present.length <= 1) return present[0];
  const all = present.flatMap((c) => c.lines);
  const dropped = present.reduce((n, c) => n + c.dropped, 0) + Math.max(0, all.length - CONSOLE_LINES);
  return { lines: all.slice(0, CONSOLE_LINES), dropped };
}

/**
 * session judges every Run of this page (core/run-session.ts): PARALLEL spares kept ready, hot
 * (recycled) ones first; made at init, once the page has handed over the runtime.
 */
let session: RunSession<RunWorker> | null = null;

function startSession(runtime: ArrayBuffer): RunSession<RunWorker> {
  const url = bootstrapURL(runtime);
  session = new RunSession<RunWorker>({
    transport: { start: () => new RunWorker(url) },
    parallelism: PARALLEL,
    spares: "always",
    async bundleCollection(tests) {
      const answer = await askBundler({ type: "bundle", request: { exerciseId: "", solution: "", tests, limits: { runs: 1, strategy: "random", wallMs: 0 } } } as SandboxToBundler);
      if (answer.type !== "bundled") throw new Error(answer.type === "bundle-failed" ? answer.message : `the bundler answered ${answer.type} to a bundle request`);
      return answer.result;
    },
  });
  session.warm();
  return session;
}

// ───────────── runs ─────────────

/** current is the Run in flight; a new Run or a cancel ends it (its results are then stale). */
let current: { id: number; stop: () => void } | null = null;

/**
 * PROGRESS_DELAY_MS and PROGRESS_EVERY_MS pace the progress messages: none in a Run's first
 * PROGRESS_DELAY_MS (the page already shows "running"; a warm Run is over by then, and each
 * message costs the page a render while the Run is judged), then the latest at most every
 * PROGRESS_EVERY_MS.
 */
const PROGRESS_DELAY_MS = 150;
const PROGRESS_EVERY_MS = 50;

/** progressPacer sends a Run's progress to the page at the pace above; stop() drops what is pending. */
function progressPacer(id: number) {
  const start = performance.now();
  let last = -Infinity;
  let pending: Progress | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    toPage({ type: "progress", id, progress: pending });
    pending = null;
    last = performance.now();
  };
  return {
    report(p: Progress) {
      pending = p;
      if (timer !== undefined) return;
      const now = performance.now();
      const at = Math.max(start + PROGRESS_DELAY_MS, last + PROGRESS_EVERY_MS);
      if (now >= at) flush();
      else timer = setTimeout(flush, at - now);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}

/** NOT_BUNDLED stands for the bundle of a Run that failed before bundling ended. */
const NOT_BUNDLED: BundleResult = { ok: false, code: "", map: "", diagnostics: [], ms: 0 };

async function run(id: number, request: PageRunRequest): Promise<void> {
  current?.stop();
  const controller = new AbortController();
  const progress = progressPacer(id);
  current = { id, stop: () => controller.abort() };
  const finish = (verdict: Verdict, console?: ConsoleCapture) => {
    progress.stop();
    if (current?.id === id) current = null;
    if (controller.signal.aborted) return;
    const bytes = jsonBytes(verdict);
    toPage({ type: "verdict", id, verdict: bytes, ...(console ? { console } : {}) }, [bytes]);
  };
  controller.signal.addEventListener("abort", () => progress.stop());

  progress.report({ phase: "bundling" });
  // The host's own collection of the hidden tests, if this page has not made it yet (a Run before
  // any prepare): asked first, it is bundled and collected while the learner's file compiles.
  const { wallMs, ...limits } = request.limits;
  session?.prepare(request.tests, limits);
  const bundled = await bundleFiles(request);
  if (controller.signal.aborted) return;
  if (bundled.type !== "bundled") {
    const message = bundled.type === "bundle-failed" ? bundled.message : `the bundler answered ${bundled.type} to a bundle request`;
    finish(new RunCollector(id).verdict(request.exerciseId, NOT_BUNDLED, { kind: "crash", learnersFault: false, message }, 0));
    return;
  }
  const bundle = bundled.result;
  if (!bundle.ok) {
    finish(compileErrorVerdict(request.exerciseId, bundle));
    return;
  }
  if (!session) {
    finish(new RunCollector(id).verdict(request.exerciseId, bundle, { kind: "crash", learnersFault: false, message: "a Run arrived before init handed over the runtime (expected init first)" }, 0));
    return;
  }
  let rechecking = false;
  const outcome = await session.judge(
    { exerciseId: request.exerciseId, bundle, tests: request.tests, limits, wallMs },
    {
      signal: controller.signal,
      // RunProgress is the page's Progress for these two phases. Once a Run is rechecked, its
      // progress stays `rechecking` (the pacer may drop the message that first said so, and the
      // page's watchdog waits for that phase to allow the second attempt its doubled limit).
      onProgress: (p) => {
        rechecking ||= p.phase === "rechecking";
        progress.report(rechecking ? { ...p, phase: "rechecking" } : p);
      },
    },
  );
  if (outcome === null) return; // stopped: a newer Run or a cancel
  finish(outcome.verdict, mergeConsoles(outcome.sandboxes.map((s) => s.console)));
}

// ───────────── page channel ─────────────

window.addEventListener("message", (event: MessageEvent<PageToSandbox>) => {
  if (event.source !== window.parent || event.origin !== siteOrigin || !isMessage(event.data)) return;
  const msg = event.data;
  if (msg.type === "init" && msg.port instanceof MessagePort) {
    pagePort?.close(); // an init again (the last one failed): the page listens on its new port
    pagePort = msg.port;
    pagePort.onmessage = (e: MessageEvent<PageToSandbox>) => {
      if (isMessage(e.data) && e.data.type !== "init") fromPage(e.data);
    };
  }
  fromPage(msg);
});

/** fromPage takes a message of the page's: by the window (init, and anything before it) or through its port. */
function fromPage(msg: PageToSandbox): void {
  if (msg.type === "init") {
    if (!session) startSession(msg.runtime);
    toWindow({ type: "init-done", id: msg.id });
  } else if (msg.type === "esbuild") {
    // A wasm that does not come or start fails the bundles that wait for it (bundler-worker.ts),
    // each Run's verdict saying why; a later esbuild message tries again.
    if ("wasm" in msg) void askBundler({ type: "init", wasm: msg.wasm } as SandboxToBundler, [msg.wasm]);
    else bundler.postMessage({ type: "unavailable", id: 0, message: msg.failed } satisfies SandboxToBundler);
  } else if (msg.type === "seed") {
    bundler.postMessage({ type: "seed", id: 0, files: msg.files } satisfies SandboxToBundler);
  } else if (msg.type === "run") {
    void run(msg.id, msg.request);
  } else if (msg.type === "prepare") {
    // The host's own collection of the hidden tests first (once per text: its empty solution.ts
    // goes through the bundler before the learner's file), then the learner's file: the bundler
    // keeps what it compiled last, and this host its bundle (lastBundle), so a Run of the same
    // code skips compiling it and asking for it.
    const { wallMs: _wallMs, ...limits } = msg.request.limits;
    session?.prepare(msg.request.tests, limits);
    void bundleFiles(msg.request);
  } else if (msg.type === "cancel") {
    if (current?.id === msg.id) {
      current.stop();
      current = null;
    }
  }
}

toWindow({ type: "ready", id: 0 });
