/**
 * bundler-worker — the sandbox's long-lived Worker that owns esbuild-wasm.
 *
 * Runs in a Worker created by the sandbox iframe (opaque origin, no network). esbuild may be
 * initialised only once per realm, so the init promise is kept; if init fails it is dropped so
 * that the next `init` can try again. The wasm bytes come from the page (the sandbox may not
 * fetch), and esbuild runs in this thread (`worker: false`): this worker already is the thread
 * that keeps esbuild off the page's main thread. What it bundles and how (ESM, the module map,
 * located diagnostics) is core's, the same as in the Node host; here through one incremental
 * context (createBundler), so a warm Run re-parses only the learner's file.
 */
import * as esbuild from "esbuild-wasm/esm/browser.js";
import { createBundler, type EsbuildLike } from "../core/bundle.ts";
import { isMessage, type BundlerToSandbox, type SandboxToBundler } from "./protocol.ts";

/** WorkerScope is the part of DedicatedWorkerGlobalScope this worker uses (the project's lib has no WebWorker). */
declare const self: {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  importScripts(...urls: string[]): void;
};

let ready: Promise<number> | null = null;
/** bundler keeps one incremental esbuild context for every Run (core/bundle.ts createBundler). */
const bundler = createBundler(esbuild as unknown as EsbuildLike);

function post(msg: BundlerToSandbox): void {
  self.postMessage(msg);
}

function init(wasm: ArrayBuffer): Promise<number> {
  if (ready) return ready;
  const t0 = performance.now();
  ready = WebAssembly.compile(wasm)
    .then((wasmModule) => esbuild.initialize({ wasmModule, worker: false }))
    .then(() => performance.now() - t0);
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
      const result = await bundler.bundle({ solution, tests });
      post({ type: "bundled", id: msg.id, result });
    } catch (err) {
      post({ type: "bundle-failed", id: msg.id, message: `esbuild-wasm failed to bundle the Run: ${String(err)}` });
    }
  }
};
