/**
 * worker.ts — the Node sandbox: the entry of a worker thread that judges exactly one Run.
 * Runs in a worker_threads Worker started by run.ts (bundled with gosync and the harness into
 * one module by runtime-bundle.ts, so nothing is resolved from disk at run time).
 *
 * It may start as a spare, before its Run exists: it prepares the realm, primes the JIT until
 * the Run's request arrives on its private port (or `warmMs` is spent), then judges that one
 * Run (or the RunRequest's shard of it).
 *
 * Before the learner's code exists, it captures the private MessagePort the host handed over
 * (the host ignores everything on parentPort, so learner code that finds parentPort can only
 * talk to nobody), removes the ways out of the sandbox that Node puts on the global object
 * (process, fetch, WebSocket, BroadcastChannel…), refuses every import but the Run's bundle,
 * and hardens the realm (core/lockdown.ts).
 *
 * This is defence in depth for grading hostile submissions, not an OS boundary: the worker
 * shares the process. Run untrusted batches in a container as well.
 */
import { workerData } from "node:worker_threads";
import { registerHooks } from "node:module";
import type { MessagePort } from "node:worker_threads";
import { gosyncModules } from "../core/gosync-modules.ts";
import type { RunRequest } from "../core/protocol.ts";
import { prepareSandbox, runInSandbox, warmSandbox } from "../core/sandbox.ts";

const data = workerData as { port: MessagePort; warmMs?: number };
const port = data.port;
const warmMs = data.warmMs ?? 0;
// Drop the host's references: learner code that reaches workerData finds nothing to forge with.
delete (data as Partial<typeof data>).port;

const post = port.postMessage.bind(port);
const close = port.close.bind(port);
const NodeBuffer = Buffer;
const toBase64 = (s: string) => NodeBuffer.from(s, "utf8").toString("base64");

// Only the Run's bundle may be imported from now on; `import(anything)` in learner code fails.
let allowedUrl = "";
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (allowedUrl !== "" && specifier === allowedUrl) return { url: specifier, shortCircuit: true, format: "module" };
    throw new Error(`Cannot import "${specifier.slice(0, 80)}" in the sandbox: only gosync modules can be imported`);
  },
});

const g = globalThis as Record<string, unknown>;
for (const name of ["process", "fetch", "WebSocket", "EventSource", "BroadcastChannel", "require", "module", "Buffer", "navigator"]) {
  try {
    delete g[name];
  } catch {
    // A non-configurable global stays; the import hook still keeps Node's modules out of reach.
  }
}

const prepared = prepareSandbox(gosyncModules);

// A spare worker waits for its Run: meanwhile it primes the JIT (core/warmup.ts), and stops
// as soon as the Run's request arrives on the private port (queued there until now).
let runArrived = false;
const warming = warmSandbox(prepared, { budgetMs: warmMs, shouldStop: () => runArrived });

async function main(request: RunRequest): Promise<void> {
  runArrived = true;
  await warming;
  post({ type: "ready", id: request.id });
  await runInSandbox(request, prepared, {
    importBundle(code) {
      allowedUrl = `data:text/javascript;base64,${toBase64(code)}`;
      const url = allowedUrl;
      return import(url).finally(() => {
        allowedUrl = "";
      });
    },
    post,
  });
  close();
}

port.once("message", (request: RunRequest) => void main(request));
