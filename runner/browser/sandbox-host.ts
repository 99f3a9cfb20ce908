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
 * - one bundler worker (esbuild-wasm, initialised once with bytes the page hands over; its
 *   source is inlined here at site build);
 * - run workers: module workers started from the runtime (gosync + harness) whose bytes the
 *   page hands over at init. A Run's tests are judged by up to PARALLEL workers at once (each
 *   imports the bundle and judges its shard of the tests, interleaved by index). A worker whose
 *   Run ended normally is asked to recycle (run-worker.ts, recycle.ts): if its realm is as its
 *   first Run found it, it judges the next Run hot (measured: 2–3× faster than a fresh worker),
 *   up to RECYCLE_LIMIT Runs; otherwise, and after a timeout or a crash, it is terminated and a
 *   fresh spare takes its place. The Run's one wall-clock limit is enforced here by terminating
 *   all its workers, which stops even `while(true){}`.
 *
 * This is the host side of a Run: core's RunCollector validates the run workers' messages,
 * merges the shards in test order and builds the Verdict (status by precedence, timeout and
 * crash included), as the Node host does.
 *
 * Messages are accepted only from the parent window with the site's origin; replies go only to
 * that origin.
 */
import { RunCollector, compileErrorVerdict, type Ending } from "../core/collect.ts";
import { planShards, shardOf } from "../core/shards.ts";
import type { BundleResult } from "../core/bundle.ts";
import {
  CONSOLE_LINES,
  isMessage,
  type BundlerToSandbox,
  type ConsoleCapture,
  type PageToSandbox,
  type Progress,
  type RunnerToSandbox,
  type RunRequest,
  type SandboxToBundler,
  type SandboxToPage,
  type SandboxToRunner,
  type Verdict,
} from "./protocol.ts";

declare const __BUNDLER_SOURCE__: string;

/** siteOrigin is the origin the page has; this document's own origin is opaque ("null"). */
const siteOrigin = new URL(location.href).origin;
const bundlerURL = URL.createObjectURL(new Blob([__BUNDLER_SOURCE__], { type: "text/javascript" }));
/**
 * runnerURL starts a run worker: a classic worker whose one line imports the runtime (an ESM
 * module from the bytes the page hands over at init). Chromium refuses module workers from an
 * opaque origin's blob: URLs; dynamic import() from a classic one works. A failed import is
 * rethrown from a task so that it reaches the worker's error event.
 */
let runnerURL: string | null = null;

function bootstrapURL(runtime: ArrayBuffer): string {
  const runtimeURL = URL.createObjectURL(new Blob([runtime], { type: "text/javascript" }));
  const bootstrap = `import(${JSON.stringify(runtimeURL)}).catch((e) => setTimeout(() => { throw e; }));`;
  return URL.createObjectURL(new Blob([bootstrap], { type: "text/javascript" }));
}

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
  /** prepared turns true when the worker answers `armed`: gosync and the harness loaded, nonce held. */
  prepared: boolean;
  /** ready settles when the worker is armed, or failed to start (then `failed` says why). */
  ready: Promise<void>;
  /** failed is the error that stopped the worker before it was prepared (a spare that never came up). */
  failed?: string;
  /** runs counts the Runs this worker judged; a worker with runs > 0 is hot. */
  runs: number;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function armWorker(): Armed {
  if (!runnerURL) throw new Error("run worker requested before init handed over the runtime");
  const worker = new Worker(runnerURL, { name: "synclab-run" });
  const nonce = randomNonce();
  let settle!: () => void;
  const armed: Armed = { worker, nonce, prepared: false, ready: new Promise<void>((r) => (settle = r)), runs: 0 };
  worker.addEventListener("message", (e: MessageEvent<RunnerToSandbox>) => {
    if (!isMessage(e.data) || armed.prepared) return;
    if (e.data.type === "loaded") worker.postMessage({ type: "arm", id: 0, nonce } satisfies SandboxToRunner);
    else if (e.data.type === "armed" && e.data.nonce === nonce) {
      armed.prepared = true;
      settle();
    }
  });
  worker.addEventListener("error", (e: ErrorEvent) => {
    if (armed.prepared) return;
    armed.failed ??= e.message || "the runtime module did not load";
    settle();
  });
  return armed;
}

/**
 * PARALLEL is how many workers may judge one Run's tests at once: one core is left to the page,
 * the bundler and the browser's own threads, at most 4 (more rarely pays for the extra realms),
 * at least 1. Measured on 2 cores with scripts/bench-browser.mjs: two workers judging
 * cost-balanced shards were no faster than one (the browser's threads and other load compete).
 */
const PARALLEL = Math.max(1, Math.min((navigator.hardwareConcurrency || 2) - 1, 4));
/** RECYCLE_LIMIT is how many Runs one worker judges at most (each leaves its module in the realm). */
const RECYCLE_LIMIT = 50;
/** RECYCLE_WAIT_MS is how long a worker may take to answer `recycle` before it is terminated. */
const RECYCLE_WAIT_MS = 1000;

/** spares are armed (or arming) workers waiting for a Run, hot ones first; at most PARALLEL. */
const spares: Armed[] = [];
/** recycling settles when every worker asked to recycle has answered (or was given up). */
const recycling = new Set<Promise<void>>();
/** testCosts remembers what each test of a hidden test file took last time (ms), to split the next Run by cost. */
const testCosts = new Map<string, number[]>();

function refillSpares(): void {
  while (spares.length < PARALLEL) spares.push(armWorker());
}

/** takeWorkers returns n workers for a Run, hot spares first. */
function takeWorkers(n: number): Armed[] {
  const taken = spares.splice(0, n).filter((w) => !w.failed);
  while (taken.length < n) taken.push(armWorker());
  return taken;
}

/** keep returns a hot worker to the spares (first), terminating the coldest spare beyond PARALLEL. */
function keep(armed: Armed): void {
  spares.unshift(armed);
  while (spares.length > PARALLEL) spares.pop()!.worker.terminate();
}

/**
 * release deals with the workers of a Run that ended: after a normal end each is asked to
 * recycle and kept if it may; the others are terminated. Spares are topped up once it is known
 * which workers come back.
 */
function release(workers: Armed[], normal: boolean): void {
  const answers = workers.map((armed) => {
    if (!normal || armed.runs >= RECYCLE_LIMIT || armed.failed) {
      armed.worker.terminate();
      return Promise.resolve();
    }
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        armed.worker.terminate();
        resolve();
      }, RECYCLE_WAIT_MS);
      armed.worker.onmessage = (e: MessageEvent<RunnerToSandbox>) => {
        const m = e.data;
        if (!isMessage(m) || m.type !== "recycled" || m.nonce !== armed.nonce) return;
        clearTimeout(timer);
        armed.worker.onmessage = null;
        if (m.ok) keep(armed);
        else armed.worker.terminate();
        resolve();
      };
    });
    armed.worker.onerror = null;
    armed.worker.postMessage({ type: "recycle", id: 0 } satisfies SandboxToRunner);
    return answered;
  });
  const all = Promise.all(answers).then(() => {
    recycling.delete(all);
    refillSpares();
  });
  recycling.add(all);
}

/** mergeConsoles joins the shards' console output in shard order, keeping CONSOLE_LINES lines in all. */
function mergeConsoles(parts: (ConsoleCapture | undefined)[]): ConsoleCapture | undefined {
  const present = parts.filter((c): c is ConsoleCapture => c !== undefined);
  if (present.length <= 1) return present[0];
  const all = present.flatMap((c) => c.lines);
  const dropped = present.reduce((n, c) => n + c.dropped, 0) + Math.max(0, all.length - CONSOLE_LINES);
  return { lines: all.slice(0, CONSOLE_LINES), dropped };
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

async function run(id: number, request: RunRequest): Promise<void> {
  current?.stop();
  let stopped = false;
  let workers: Armed[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** end stops this Run: its workers are recycled after a normal end, else terminated. */
  const end = (normal: boolean) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    progress.stop();
    if (current?.id === id) current = null;
    release(workers, normal);
  };
  const progress = progressPacer(id);
  current = { id, stop: () => end(false) };
  const finish = (verdict: Verdict, console: ConsoleCapture | undefined, normal: boolean) => {
    if (stopped) return;
    end(normal);
    toPage({ type: "verdict", id, verdict, ...(console ? { console } : {}) });
  };

  progress.report({ phase: "bundling" });
  const bundled = await askBundler({ type: "bundle", request } as SandboxToBundler);
  if (stopped) return;
  if (bundled.type !== "bundled") {
    const message = bundled.type === "bundle-failed" ? bundled.message : `the bundler answered ${bundled.type} to a bundle request`;
    finish(new RunCollector(id).verdict(request.exerciseId, NOT_BUNDLED, { kind: "crash", learnersFault: false, message }, 0), undefined, true);
    return;
  }
  const bundle = bundled.result;
  if (!bundle.ok) {
    finish(compileErrorVerdict(request.exerciseId, bundle), undefined, true);
    return;
  }

  // Workers of the previous Run that are answering `recycle` come back hot in a few ms.
  if (recycling.size > 0) await Promise.race([Promise.all(recycling), new Promise((r) => setTimeout(r, 50))]);
  if (stopped) return;
  const plan = planShards(testCosts.get(request.tests), PARALLEL);
  const collector = new RunCollector(id, plan.count, plan.assignment);
  workers = takeWorkers(plan.count);
  for (const w of workers) w.runs++;
  const consoles: (ConsoleCapture | undefined)[] = workers.map(() => undefined);
  const t0 = performance.now();
  const { wallMs, ...limits } = request.limits;
  const conclude = (ending: Ending) => {
    const verdict = collector.verdict(request.exerciseId, bundle, ending, performance.now() - t0);
    if (ending.kind === "done" && verdict.tests.length > 0) testCosts.set(request.tests, verdict.tests.map((t) => t.durationMs ?? 0));
    finish(verdict, mergeConsoles(consoles), ending.kind === "done");
  };
  timer = setTimeout(() => conclude({ kind: "timeout", wallMs }), wallMs);
  let finished = 0;
  workers.forEach((armed, i) => void judgeShard(armed, i));

  async function judgeShard(armed: Armed, index: number): Promise<void> {
    const { worker, nonce } = armed;
    await armed.ready;
    if (stopped) return;
    if (armed.failed) {
      conclude({ kind: "crash", learnersFault: false, message: `the run worker failed to start: ${armed.failed}` });
      return;
    }
    worker.onmessage = (e: MessageEvent<RunnerToSandbox>) => {
      const msg = e.data;
      if (stopped || !isMessage(msg) || msg.type !== "sandbox" || msg.id !== id || msg.nonce !== nonce) return;
      const m = msg.message;
      if (m?.type === "test-start" || m?.type === "test-result") {
        if (m.type === "test-result") finished++;
        progress.report({ phase: "running", done: finished, total: m.total, test: m.type === "test-start" ? m.name : undefined });
      }
      if (msg.console) consoles[index] = msg.console;
      if (collector.accept(m)) conclude({ kind: "done" });
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      conclude({
        kind: "crash",
        learnersFault: true,
        message: `an uncaught error outside the tests stopped the Run: ${e.message || "no message (out of memory?)"}`,
      });
    };
    const shard = shardOf(plan, index);
    worker.postMessage({ type: "run", id, code: bundle.code, map: bundle.map, limits, ...(shard ? { shard } : {}) } satisfies SandboxToRunner);
  }
}

// ───────────── page channel ─────────────

window.addEventListener("message", async (event: MessageEvent<PageToSandbox>) => {
  if (event.source !== window.parent || event.origin !== siteOrigin) return;
  const msg = event.data;
  if (!isMessage(msg)) return;
  if (msg.type === "init") {
    const t0 = performance.now();
    runnerURL ??= bootstrapURL(msg.runtime);
    refillSpares();
    const answer = await askBundler({ type: "init", wasm: msg.wasm } as SandboxToBundler, [msg.wasm]);
    if (answer.type === "init-done") toPage({ type: "init-done", id: msg.id, ms: performance.now() - t0 });
    else toPage({ type: "verdict", id: msg.id, verdict: { version: 1, exerciseId: "", status: "internal-error", tests: [], diagnostics: [], timings: { bundleMs: 0, runMs: 0 }, message: answer.type === "init-failed" ? answer.message : "esbuild failed to initialise" } });
  } else if (msg.type === "run") {
    void run(msg.id, msg.request);
  } else if (msg.type === "prepare") {
    // The bundler keeps what it compiled last: a Run of the same code skips compiling it.
    void askBundler({ type: "bundle", request: msg.request } as SandboxToBundler);
  } else if (msg.type === "cancel") {
    if (current?.id === msg.id) {
      current.stop();
      current = null;
    }
  }
});

toPage({ type: "ready", id: 0 });
