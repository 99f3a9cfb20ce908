/**
 * child.ts — the Node sandbox: the entry of a child process that judges exactly one Run (or one
 * shard of it). Runs as its own OS process, started by child-transport.ts under Node's
 * permission model (it may read only the runtime bundle runtime-bundle.ts writes — this module
 * with gosync, the harness and @vitest/expect, so nothing else is resolved from disk — its
 * loader sandbox-loader.cjs and the runtime's code cache), with an empty environment and a
 * capped heap.
 *
 * Channel (child-transport.ts reads the other end): the RunRequest arrives as one line of JSON
 * on stdin, which the parent then closes; everything this process says is one line of JSON per
 * message on file descriptor 3 — first `{"type":"loaded","id":0}` once the realm is prepared,
 * then core's SandboxMessages (protocol.ts), and `uncaught` or `fatal` if it is about to die.
 * stdout and stderr are only drained by the parent (a capped tail of stderr explains a crash).
 *
 * It may start as a spare, before its Run exists: it prepares the realm, primes the JIT until
 * the request arrives (or `warmMs`, its one argument, is spent), then judges that one Run and
 * exits. EOF on stdin without a request (the parent stopped it, or died) ends it.
 *
 * The realm is hardened first (core/lockdown-shim.ts); a Run's code is evaluated in a ses
 * Compartment whose globals are the sandbox's, none of Node's (core/sandbox.ts). Before any Run
 * exists this entry also captures what it needs (the channel's writer, stdin, exit), removes
 * the ways out that Node puts on the global object (process, fetch, Buffer…) and refuses every
 * later import. The OS process and the permission model are the wall behind that: a learner who
 * got past all of it could write forged frames on fd 3, which the parent validates, and could
 * reach nothing but this process and its runtime files (Node 24 has no network permission;
 * Node 25's --permission denies the network by default).
 */
// First the shims, in this order: Node's lazy extras go (sandbox-globals-shim.ts), then lockdown
// hardens the realm (core/lockdown-shim.ts) before gosync and the harness load.
import "./sandbox-globals-shim.ts";
import "../core/lockdown-shim.ts";
import { writeSync } from "node:fs";
import { registerHooks } from "node:module";
import { gosyncModules } from "../core/gosync-modules.ts";
import type { RunRequest, SandboxMessage } from "../core/protocol.ts";
import { prepareSandbox, runInSandbox, warmSandbox } from "../core/sandbox.ts";

/** MESSAGE_FD is the pipe this process reports on (child-transport.ts opens it as stdio[3]). */
const MESSAGE_FD = 3;

// Captured before any learner code exists in this realm.
const proc = process;
const stdin = proc.stdin;
const exit = proc.exit.bind(proc);
const onProcess = proc.on.bind(proc);
const warmMs = Math.max(0, Number(proc.argv[2] ?? 0) || 0);
const NodeBuffer = Buffer;
const stringify = JSON.stringify;
const parse = JSON.parse;
const write = writeSync;

/** frame writes one message as a line on MESSAGE_FD, synchronously (nothing is lost if the process dies next). */
function frame(message: object): void {
  const bytes = NodeBuffer.from(`${stringify(message)}\n`, "utf8");
  let off = 0;
  while (off < bytes.length) {
    try {
      off += write(MESSAGE_FD, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as { code?: unknown }).code === "EAGAIN") continue;
      exit(75); // the parent is gone: nobody to report to
    }
  }
}

const post = (message: SandboxMessage) => frame(message);

function describe(e: unknown): { name: string; message: string } {
  try {
    if (e instanceof Error) return { name: String(e.name).slice(0, 100), message: String(e.message).slice(0, 2000) };
    return { name: "value", message: String(e).slice(0, 2000) };
  } catch {
    return { name: "value", message: "(cannot be printed)" };
  }
}

// An error thrown outside any test (a callback of a host timer, say) ends the process with a word first.
onProcess("uncaughtException", (e: unknown) => {
  frame({ type: "uncaught", id: 0, ...describe(e) });
  exit(70);
});

// Nothing may be imported from now on (a Run's code reaches gosync through its registry).
registerHooks({
  resolve(specifier) {
    throw new Error(`Cannot import "${specifier.slice(0, 80)}" in the sandbox: only gosync modules can be imported`);
  },
});

const g = globalThis as Record<string, unknown>;
for (const name of ["process", "require", "module", "Buffer"]) {
  try {
    delete g[name];
  } catch {
    // A non-configurable global stays; the import hook and the permission model still hold.
  }
}

const prepared = prepareSandbox(gosyncModules);
frame({ type: "loaded", id: 0 });

// A spare waits for its Run: meanwhile it primes the JIT (core/warmup.ts), and stops as soon as
// the request arrives.
let runArrived = false;
const warming = warmSandbox(prepared, { budgetMs: warmMs, shouldStop: () => runArrived });

async function main(request: RunRequest): Promise<void> {
  runArrived = true;
  await warming;
  post({ type: "ready", id: request.id });
  try {
    await runInSandbox(request, prepared, { post });
  } catch (e) {
    frame({ type: "fatal", id: request.id, ...describe(e) });
    exit(71);
  }
  exit(0);
}

let input = "";
let started = false;
stdin.setEncoding("utf8");
stdin.on("data", (chunk: string) => {
  if (started) return;
  input += chunk;
  const nl = input.indexOf("\n");
  if (nl < 0) return;
  started = true;
  let request: RunRequest;
  try {
    request = parse(input.slice(0, nl)) as RunRequest;
  } catch (e) {
    frame({ type: "fatal", id: 0, ...describe(e) });
    exit(72);
    return;
  }
  input = "";
  void main(request);
});
stdin.on("end", () => {
  if (!started) exit(0);
});
