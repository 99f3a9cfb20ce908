/**
 * child-transport.ts — the Node host's Transport (core/run-session.ts): each sandbox is a child
 * process of its own, started from the runtime's loader (runtime-bundle.ts) with
 *
 *   node --permission --allow-fs-read=<each of its files> --max-old-space-size=<cap> …  <loader> <warmMs> <runtime> <code cache>
 *
 * and an empty environment: it may read its loader, its runtime and the runtime's code cache
 * and nothing else, and may not write a file, start processes or workers, load addons, use WASI
 * or open the inspector (none is allowed). Runs in the Node host (main thread).
 *
 * The channel is plain pipes framed here, not Node's IPC or a worker port: the RunRequest goes
 * in as one line on stdin (then stdin is closed), messages come back as newline-delimited JSON
 * on fd 3 (child.ts). The parent trusts none of it: each line may hold at most MESSAGE_BYTES
 * and a Run at most RUN_BYTES; a line that is not JSON, a message before `loaded`, an
 * `uncaught` or `fatal` word, an exit or a signal each become one `death` event whose reason
 * says what happened — never an exception here. stdout is drained and dropped, stderr drained
 * with only its last STDERR_TAIL bytes kept (it says why Node died: out of memory, a crash).
 * A child outlives nothing: the parent kills every child still running when it exits, and a
 * spare whose parent is gone reads EOF on stdin and exits.
 *
 * Cost, measured on the 2-core dev machine (Node 24.21, the ~500 KB runtime with ses): spawn →
 * `loaded` (Node started, the runtime evaluated, the realm locked down and prepared) takes
 * 67–76 ms of wall time when the machine is idle (bench.ts prints it) and 60–80 ms of CPU, of
 * which Node's own start is ~15 ms. Before sandbox-globals-shim.ts it was 110–350 ms: hardening
 * the realm read Node's lazy FormData, which loads undici. Warm spares hide it from a host's
 * second Run on; a one-Run CLI pays it once, plus once for the host's own collection of the
 * hidden tests, which runs alongside.
 *
 * Residual risk, written down: Node 24 has no network permission (Node 25's --permission denies
 * the network unless --allow-net), so a learner who escaped the realm could open sockets from
 * this process; and a child stuck in `while(true){}` whose parent was killed with SIGKILL runs
 * until it is killed. Grade untrusted batches in a container as well.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { RunRequest } from "../core/protocol.ts";
import type { Sandbox, SandboxEvent, Transport } from "../core/run-session.ts";

/** MESSAGE_BYTES is the most one message (one line on fd 3) may hold; a longer one ends the sandbox. */
export const MESSAGE_BYTES = 8 * 1024 * 1024;
/** RUN_BYTES is the most a sandbox may send in all; more ends it. */
export const RUN_BYTES = 64 * 1024 * 1024;
/** MESSAGE_DEPTH is how deeply a message's JSON may nest; deeper (the protocol's messages nest a dozen levels) ends the sandbox. */
export const MESSAGE_DEPTH = 100;
/** STDERR_TAIL is how many of the last bytes of a child's stderr are kept to explain its death. */
const STDERR_TAIL = 8 * 1024;

/** ChildTransportOptions say how sandbox processes start. */
export interface ChildTransportOptions {
  /** entry is the script Node runs: the runtime's loader (runtime-bundle.ts's SandboxLaunch) */
  entry: string;
  /** files are passed to it after `warmMs`, in order; with `entry`, the only files it may read */
  files?: readonly string[];
  /** memoryMb caps the child's old-generation heap (--max-old-space-size) */
  memoryMb: number;
  /** warmMs is how long a spare primes its JIT while it waits for a Run (core/warmup.ts) */
  warmMs: number;
}

/** live holds every child not yet reaped: the host kills them when it exits. */
const live = new Set<ChildProcess>();
let exitHook = false;

function killOnExit(child: ChildProcess): void {
  live.add(child);
  if (exitHook) return;
  exitHook = true;
  process.on("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

/** nodeFlags are the child's Node options: the permission model with `readable` the only files it may read, the heap cap, no inspector by signal. */
export function nodeFlags(readable: readonly string[], memoryMb: number): string[] {
  return [
    "--permission",
    ...readable.map((file) => `--allow-fs-read=${file}`),
    `--max-old-space-size=${memoryMb}`,
    "--max-semi-space-size=16",
    "--disable-sigusr1",
    "--no-addons",
    "--disable-warning=ExperimentalWarning",
  ];
}

/** childTransport starts sandboxes as child processes of this one. */
export function childTransport(options: ChildTransportOptions): Transport<ChildSandbox> {
  return { start: (role) => new ChildSandbox(options, role === "spare") };
}

type Stage = "starting" | "loaded" | "sent" | "over";

/** ChildSandbox is one sandbox process: it judges one Run and is never reused. */
export class ChildSandbox implements Sandbox {
  readonly ready: Promise<string | undefined>;
  #failed: string | undefined;
  readonly #child: ChildProcess | undefined;
  readonly #memoryMb: number;
  #stage: Stage = "starting";
  /** the sandbox said `ready` for its Run: what dies after that is the Run's doing */
  #runReady = false;
  #listener: ((e: SandboxEvent) => void) | null = null;
  #early: SandboxEvent[] = [];
  #settleReady!: (failed: string | undefined) => void;
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #bytes = 0;
  #stderr = "";

  constructor(options: ChildTransportOptions, spare: boolean) {
    this.#memoryMb = options.memoryMb;
    this.ready = new Promise((resolve) => (this.#settleReady = resolve));
    let child: ChildProcess;
    try {
      const files = options.files ?? [];
      const args = [...nodeFlags([options.entry, ...files], options.memoryMb), options.entry, String(spare ? options.warmMs : 0), ...files];
      child = spawn(process.execPath, args, {
        env: {},
        stdio: ["pipe", "pipe", "pipe", "pipe"],
        windowsHide: true,
      });
    } catch (e) {
      this.#child = undefined;
      this.#die(`the sandbox process could not be started: ${e instanceof Error ? e.message : String(e)}`, false);
      return;
    }
    this.#child = child;
    killOnExit(child);
    const [stdin, stdout, stderr, messages] = child.stdio as unknown as [Writable, Readable, Readable, Readable];
    child.on("error", (e) => this.#die(`the sandbox process could not be started: ${e.message}`, false));
    // EPIPE when the child is gone: its exit says why.
    stdin.on("error", () => undefined);
    for (const s of [stdout, stderr, messages]) s.on("error", () => undefined);
    stdout.on("data", () => undefined); // drained and dropped: a Run's console is captured in the sandbox
    stderr.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    messages.on("data", (chunk: Buffer) => this.#read(chunk));
    // 'close' comes after every pipe has ended: the messages the child wrote are all read by then.
    child.on("close", (code, signal) => this.#exited(code, signal));
    // A spare must not keep the host alive (a CLI exits when its one Run is judged).
    if (spare) this.#ref(false);
  }

  get failed(): string | undefined {
    return this.#failed;
  }

  /** pid is the child's process id (tests and the bench use it). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  #ref(on: boolean): void {
    const handles = [this.#child, ...(this.#child?.stdio ?? [])] as ({ ref?(): void; unref?(): void } | null | undefined)[];
    for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
  }

  send(request: RunRequest, listener: (e: SandboxEvent) => void): void {
    this.#ref(true);
    this.#listener = listener;
    for (const e of this.#early.splice(0)) listener(e);
    if (this.#failed !== undefined) return; // it died while it waited: that death was just reported
    this.#stage = "sent";
    try {
      const stdin = this.#child!.stdin!;
      stdin.write(`${JSON.stringify(request)}\n`);
      stdin.end();
    } catch (e) {
      this.#die(`the Run could not be handed to the sandbox process: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  }

  release(): Promise<boolean> {
    this.stop();
    return Promise.resolve(false);
  }

  stop(): void {
    this.#listener = null;
    this.#early = [];
    if (this.#stage !== "over") {
      this.#stage = "over";
      this.#failed ??= "stopped";
      this.#settleReady("the sandbox was stopped before it was ready");
    }
    this.#child?.kill("SIGKILL");
  }

  #emit(e: SandboxEvent): void {
    if (this.#listener) this.#listener(e);
    else this.#early.push(e);
  }

  /** #die reports the sandbox's end once, with why, and kills it. */
  #die(reason: string, learnersFault: boolean): void {
    if (this.#stage === "over") return;
    this.#stage = "over";
    this.#failed = reason;
    this.#settleReady(reason);
    this.#emit({ kind: "death", reason, learnersFault });
    this.#child?.kill("SIGKILL");
  }

  /** #read splits fd 3 into lines, within the byte caps. */
  #read(chunk: Buffer): void {
    if (this.#stage === "over") return;
    this.#bytes += chunk.length;
    if (this.#bytes > RUN_BYTES) {
      return this.#die(`the sandbox sent more than ${mb(RUN_BYTES)} of messages (expected a Run's results to fit; what was printed or reported is too large)`, this.#stage === "sent");
    }
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.#partialBytes + piece.length > MESSAGE_BYTES) return this.#tooLong();
      const line = this.#partialBytes ? Buffer.concat([...this.#partial, piece]).toString("utf8") : piece.toString("utf8");
      this.#partial = [];
      this.#partialBytes = 0;
      this.#line(line);
      if (this.#failed !== undefined) return; // the line ended the sandbox
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      this.#partial.push(rest);
      this.#partialBytes += rest.length;
      if (this.#partialBytes > MESSAGE_BYTES) this.#tooLong();
    }
  }

  #tooLong(): void {
    this.#die(`the sandbox sent a message of more than ${mb(MESSAGE_BYTES)} (expected each message to be smaller: a report or a value this large is the Run's own doing)`, this.#stage === "sent");
  }

  #line(line: string): void {
    // JSON.parse takes any depth, but every recursive walk after it (the Verdict's schema, its
    // size bound, JSON.stringify) would overflow the host's stack on a message nested a million deep.
    if (nestingDepth(line, MESSAGE_DEPTH) > MESSAGE_DEPTH) {
      return this.#die(`the sandbox sent a message nested more than ${MESSAGE_DEPTH} levels deep (expected the protocol's messages, which nest a dozen)`, false);
    }
    let m: unknown;
    try {
      m = JSON.parse(line);
    } catch {
      return this.#die(`the sandbox sent a line that is not JSON (${JSON.stringify(line.slice(0, 80))}${line.length > 80 ? "…" : ""}; expected one JSON message per line)`, false);
    }
    const type = typeof m === "object" && m !== null ? (m as { type?: unknown }).type : undefined;
    if (this.#stage === "starting") {
      if (type !== "loaded") return this.#die(`the sandbox said ${JSON.stringify(String(type)).slice(0, 80)} before it was loaded (expected "loaded" first)`, false);
      this.#stage = "loaded";
      this.#settleReady(undefined);
      return;
    }
    if (type === "uncaught" || type === "fatal") {
      const { name, message } = m as { name?: unknown; message?: unknown };
      const what = `${String(name ?? "Error").slice(0, 100)}: ${String(message ?? "").slice(0, 2000)}`;
      return type === "uncaught" && this.#runReady
        ? this.#die(`an uncaught ${what} outside the tests stopped the Run`, true)
        : this.#die(`the sandbox failed: ${what}`, false);
    }
    if (type === "ready" && this.#stage === "sent") this.#runReady = true;
    this.#emit({ kind: "message", message: m });
  }

  /** #exited turns the child's exit into a death, unless the sandbox already ended. */
  #exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#child) live.delete(this.#child);
    if (this.#stage === "over") return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const said = lastLines(this.#stderr);
    if (/heap out of memory|Reached heap limit|allocation failed/i.test(this.#stderr)) {
      return this.#die(`the Run ran out of memory (the sandbox's heap is capped at ${this.#memoryMb} MB; the process ${how})`, true);
    }
    if (this.#stage === "starting") return this.#die(`the sandbox process ${how} before it was ready${said ? `: ${said}` : ""}`, false);
    if (this.#stage === "loaded") return this.#die(`the spare sandbox process ${how} while it waited for a Run${said ? `: ${said}` : ""}`, false);
    this.#die(
      this.#runReady
        ? `the sandbox process ${how} before reporting every result (did the code end the process, or crash Node?)${said ? `: ${said}` : ""}`
        : `the sandbox process ${how} before it began the Run${said ? `: ${said}` : ""}`,
      this.#runReady,
    );
  }
}

/** nestingDepth is how deeply the JSON text `s` nests arrays and objects, counting no further than just past `most`. */
export function nestingDepth(s: string, most: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest && (deepest = depth) > most) return deepest;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

function mb(bytes: number): string {
  return `${bytes / (1024 * 1024)} MB`;
}

/**
 * lastLines is what a child's stderr says about its death, on one line: the last error line
 * Node printed (`TypeError: …`, `FATAL ERROR: …`) if there is one, else its last lines.
 */
function lastLines(text: string): string {
  const lines = text.trim().split("\n").map((l) => l.trim()).filter(Boolean);
  const error = lines.findLast((l) => /^(\w*Error|FATAL ERROR)\b/.test(l) && !l.startsWith("at "));
  return (error ?? lines.slice(-3).join(" / ")).slice(0, 500);
}
