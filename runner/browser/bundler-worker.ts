/**
 * bundler-worker — the sandbox's long-lived Worker that owns esbuild-wasm.
 *
 * Runs in a Worker created by the sandbox iframe (opaque origin, no network). esbuild may be
 * initialised only once per realm, so the init promise is kept; if init fails it is dropped so
 * that the next `init` can try again. The wasm comes from the page (the sandbox may not fetch):
 * its download as a stream, compiled as it arrives, or its bytes, and esbuild runs in this thread (`worker: false`): this worker already is the thread
 * that keeps esbuild off the page's main thread. What it bundles and how (ESM, the module map,
 * located diagnostics) is core's, the same as in the Node host; here with the hidden tests kept
 * compiled (createBundler), so a warm Run compiles only the learner's file; and with the files
 * the site compiled at build (seed), which it bundles before the wasm has arrived, or without it.
 */
import * as esbuild from "esbuild-wasm/esm/browser.js";
import { createBundler, type Bundler, type EsbuildLike } from "../core/bundle.ts";
import { isMessage, type BundlerToSandbox, type SandboxToBundler, type WasmSource } from "./protocol.ts";

/** WorkerScope is the part of DedicatedWorkerGlobalScope this worker uses (the project's lib has no WebWorker). */
declare const self: {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  importScripts(...urls: string[]): void;
};

/**
 * immediateTimeouts makes this worker's zero-delay setTimeout a message-channel task. Why:
 * esbuild-wasm without its own worker hands every message to the Go runtime with
 * `setTimeout(…, 0)`, and browsers clamp nested zero-delay timeouts to 4 ms, so a build that
 * bounces between JS and Go a few times waited tens of ms for nothing (measured: a warm compile
 * of an exercise file 8 ms → 5 ms, a build with plugin callbacks 63 ms → 25 ms). Only esbuild
 * runs in this worker; timeouts with a delay keep the real timer.
 */
function immediateTimeouts(): void {
  const realSet = setTimeout;
  const realClear = clearTimeout;
  const channel = new MessageChannel();
  const due = new Map<number, () => void>();
  let next = -1;
  channel.port1.onmessage = (e: MessageEvent<number>) => {
    const run = due.get(e.data);
    due.delete(e.data);
    run?.();
  };
  const g = globalThis as unknown as { setTimeout: unknown; clearTimeout: unknown };
  g.setTimeout = (fn: (...a: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    if (delay !== undefined && delay > 0) return realSet(fn, delay, ...args);
    const id = next--;
    due.set(id, () => fn(...args));
    channel.port2.postMessage(id);
    return id;
  };
  g.clearTimeout = (id: number | undefined) => {
    if (typeof id === "number" && id < 0) due.delete(id);
    else realClear(id);
  };
}
immediateTimeouts();

let ready: Promise<number> | null = null;

/**
 * up settles when esbuild has started: pending until the wasm comes (a build asked for before
 * then waits for it), resolved once it started. A failed start, or the page's word that the wasm
 * will not come, rejects it: the builds waiting and those asked for until the next init fail with
 * why (the page asks for the wasm again at its next Run).
 */
let up = Promise.withResolvers<void>();
/** failed tells whether up was rejected (the next init waits on a new one). */
let failed = false;

/** failStart fails the builds waiting for esbuild, and those to come until the next init, with `err`. */
function failStart(err: unknown): void {
  if (failed) up = Promise.withResolvers<void>();
  up.promise.catch(() => undefined); // no build may be waiting
  up.reject(err);
  failed = true;
}

/** lazyEsbuild is esbuild once it has started (up). */
const lazyEsbuild: EsbuildLike = {
  build: (options) => up.promise.then(() => (esbuild as unknown as EsbuildLike).build(options)),
};

/**
 * bundler keeps the hidden tests compiled between Runs, and the files compiled at site build
 * (core/bundle.ts createBundler, seed): a Run of those is bundled before, or without, the wasm.
 */
const bundler: Bundler = createBundler(lazyEsbuild);

function post(msg: BundlerToSandbox): void {
  self.postMessage(msg);
}

function init(wasm: WasmSource): Promise<number> {
  if (ready) return ready;
  if (failed) {
    up = Promise.withResolvers<void>();
    failed = false;
  }
  const t0 = performance.now();
  // A stream compiles while it downloads (the page hands the response body over as it arrives).
  const compiled =
    wasm instanceof ArrayBuffer ? WebAssembly.compile(wasm) : WebAssembly.compileStreaming(new Response(wasm, { headers: { "Content-Type": "application/wasm" } }));
  ready = compiled.then((wasmModule) => esbuild.initialize({ wasmModule, worker: false })).then(() => performance.now() - t0);
  const starting = up;
  ready.then(
    () => starting.resolve(),
    (err: unknown) => {
      ready = null;
      if (up === starting) failStart(err);
    },
  );
  return ready;
}

self.onmessage = async (event: MessageEvent<SandboxToBundler>) => {
  const msg = event.data;
  if (!isMessage(msg)) return;
  if (msg.type === "init") {
    try {
      post({ type: "init-done", id: msg.id, ms: await init(msg.wasm) });
    } catch (err) {
      post({ type: "init-failed", id: msg.id, message: `esbuild-wasm failed to initialise: ${String(err)}` });
    }
    return;
  }
  if (msg.type === "seed") {
    bundler.seed(msg.files);
    return;
  }
  if (msg.type === "unavailable") {
    if (ready === null) failStart(new Error(msg.message));
    return;
  }
  if (msg.type === "bundle") {
    try {
      const { solution, tests } = msg.request;
      const result = await bundler.bundle({ solution, tests });
      post({ type: "bundled", id: msg.id, result });
    } catch (err) {
      post({ type: "bundle-failed", id: msg.id, message: `esbuild-wasm failed to bundle the Run: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
};
