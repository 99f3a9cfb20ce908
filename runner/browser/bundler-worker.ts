/**
 * bundler-worker — the sandbox's long-lived Worker that owns esbuild-wasm.
 *
 * Runs in a Worker created by the sandbox iframe (opaque origin, no network). esbuild may be
 * initialised only once per realm, so the init promise is kept; if init fails it is dropped so
 * that the next `init` can try again. The wasm comes from the page (the sandbox may not fetch):
 * its download as a stream, compiled as it arrives, or its bytes, and esbuild runs in this thread (`worker: false`): this worker already is the thread
 * that keeps esbuild off the page's main thread. What it bundles and how (ESM, the module map,
 * located diagnostics) is core's, the same as in the Node host; here with the hidden tests kept
 * compiled (createBundler), so a warm Run compiles only the learner's file.
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
/** bundler keeps the hidden tests compiled between Runs (core/bundle.ts createBundler); made at init. */
let bundler: Bundler | null = null;

function post(msg: BundlerToSandbox): void {
  self.postMessage(msg);
}

function init(wasm: WasmSource): Promise<number> {
  if (ready) return ready;
  const t0 = performance.now();
  // A stream compiles while it downloads (the page hands the response body over as it arrives).
  const compiled =
    wasm instanceof ArrayBuffer ? WebAssembly.compile(wasm) : WebAssembly.compileStreaming(new Response(wasm, { headers: { "Content-Type": "application/wasm" } }));
  ready = compiled
    .then((wasmModule) => esbuild.initialize({ wasmModule, worker: false }))
    .then(() => {
      bundler = createBundler(esbuild as unknown as EsbuildLike);
      return performance.now() - t0;
    });
  ready.catch(() => {
    ready = null;
  });
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
  if (msg.type === "bundle") {
    try {
      if (!ready) throw new Error("bundle before init: the sandbox must send init first");
      await ready;
      const { solution, tests } = msg.request;
      const result = await bundler!.bundle({ solution, tests });
      post({ type: "bundled", id: msg.id, result });
    } catch (err) {
      post({ type: "bundle-failed", id: msg.id, message: `esbuild-wasm failed to bundle the Run: ${String(err)}` });
    }
  }
};
