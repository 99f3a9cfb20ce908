/**
 * client — the page side of the browser host: one sandbox iframe per page, shared by every
 * Exercise island on it.
 *
 * Runs on the page's main thread. `run()` starts the sandbox on first use, unless start() did
 * (iframe, then the run workers' runtime fetched from the site and handed over — a started
 * sandbox — and esbuild.wasm beside it, as a stream that compiles while it downloads, which only
 * a Run that must compile waits for: files compiled at site build are `seed`ed), sends the
 * Run and resolves with its verdict. A newer Run from the same owner supersedes the older one,
 * which resolves `null` (stale). Replies are accepted only from the iframe's window with the opaque origin "null".
 * If the sandbox itself stops answering (a crashed renderer, say), a watchdog replaces the
 * iframe and the Run ends in a timeout verdict; the next Run gets a fresh sandbox. The watchdog
 * fires when the sandbox has said nothing for the Run's wall-clock limit plus WATCHDOG_GRACE_MS
 * (every progress message restarts it, as every message of a sandbox restarts the Run's own
 * wall clock, core/run-session.ts), and allows twice the limit once the sandbox says it is
 * rechecking a timeout (once more, with the limit doubled).
 */
import {
  fromJsonBytes,
  isMessage,
  type ConsoleCapture,
  type PageToSandbox,
  type Progress,
  type RunRequest,
  type SandboxToPage,
  type Verdict,
  type WasmSource,
} from "./protocol.ts";
import type { CompiledAhead } from "../core/bundle.ts";

export interface RunOutcome {
  verdict: Verdict;
  console?: ConsoleCapture;
}

export interface SandboxOptions {
  /** sandboxURL is the site's /sandbox.html (same origin as the page). */
  sandboxURL: string;
  /** wasmURL is esbuild.wasm as served by the site. */
  wasmURL: string;
  /** runtimeURL is the run workers' runtime (gosync + harness) as served by the site. */
  runtimeURL: string;
}

/** WATCHDOG_GRACE_MS is how long past its wall limit a Run may go before the sandbox is replaced. */
const WATCHDOG_GRACE_MS = 4000;

interface Pending {
  resolve: (outcome: RunOutcome | null) => void;
  onProgress?: (p: Progress) => void;
  owner: string;
  request: RunRequest;
  watchdog?: ReturnType<typeof setTimeout>;
  /** rechecking turns true when the sandbox says the Run's timeout is being checked again (its watchdog then allows the second attempt) */
  rechecking?: boolean;
}

export class SandboxClient {
  private frame: HTMLIFrameElement | null = null;
  /** port is the page's end of the channel to the sandbox, from its init on (protocol.ts, `init`). */
  private port: MessagePort | null = null;
  /** seeds are the files compiled at site build the page gave (seed), for every sandbox it starts. */
  private readonly seeds: CompiledAhead[] = [];
  private frameReady: Promise<HTMLIFrameElement> | null = null;
  private started: Promise<void> | null = null;
  /** esbuildLoading is esbuild.wasm's download and hand-over to this sandbox (loadEsbuild); null until asked, or after it failed. */
  private esbuildLoading: Promise<void> | null = null;
  /** downloads are the sandbox's big downloads asked for so far (the runtime, esbuild.wasm), each settling once arrived or failed. */
  private readonly downloads: Promise<unknown>[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(private readonly options: SandboxOptions) {}

  /**
   * start starts the sandbox (startRuntime) and has esbuild.wasm download beside it
   * (loadEsbuild); it settles with the runtime's start: a Run then waits for the wasm only if it
   * must compile. Calling it again reuses the same start.
   */
  start(): Promise<void> {
    const started = this.startRuntime();
    this.loadEsbuild();
    return started;
  }

  /**
   * startRuntime creates the iframe and starts its run workers with the runtime, without
   * esbuild.wasm: a sandbox that can judge the files compiled at site build (seed) and nothing
   * else yet. Calling it again reuses the same start.
   */
  private startRuntime(): Promise<void> {
    this.started ??= this.boot().catch((err) => {
      this.started = null;
      throw err;
    });
    return this.started;
  }

  /**
   * downloaded settles once the sandbox's big downloads asked for so far (the runtime,
   * esbuild.wasm) have arrived or failed, at once when none was: a page holds other downloads
   * back until then, so that on a slow network they do not share its bandwidth.
   */
  downloaded(): Promise<void> {
    return Promise.allSettled(this.downloads).then(() => undefined);
  }

  /**
   * preload creates the sandbox iframe (its own document and the bundler worker, a few hundred
   * ms of another process's time) without esbuild.wasm or the run workers, so that start() has
   * less left to do; calling it again reuses the same iframe.
   */
  preload(): Promise<HTMLIFrameElement> {
    this.frameReady ??= this.createFrame();
    return this.frameReady;
  }

  private async createFrame(): Promise<HTMLIFrameElement> {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "SyncLab sandbox";
    frame.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
    // The page fetches the sandbox document and the frame loads it from a blob: URL of the
    // page's origin. A sandboxed frame's own navigation would bypass the site's service worker
    // (its origin is opaque), so offline it would never load; the page's fetch goes through the
    // worker. Inside, the document's origin is still opaque and its CSP (a meta tag) still holds;
    // `location` names the site's origin, which is whom it answers (sandbox-host.ts).
    const html = await fetch(this.options.sandboxURL).then((r) => {
      if (!r.ok) throw new Error(`${this.options.sandboxURL} answered ${r.status} (expected the site to serve it)`);
      return r.blob();
    });
    const url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    frame.src = url;
    const ready = this.once(frame, (m) => m.type === "ready");
    document.body.append(frame);
    this.frame = frame;
    await ready;
    URL.revokeObjectURL(url);
    return frame;
  }

  private async boot(): Promise<void> {
    const runtime = download(this.options.runtimeURL).then((r) => r.arrayBuffer());
    this.downloads.push(runtime.catch(() => undefined));
    await this.init(runtime);
    window.addEventListener("message", this.onMessage);
  }

  /**
   * loadEsbuild downloads esbuild.wasm and hands it to the sandbox as its download streams in,
   * so the bundler worker compiles it as it arrives (compileStreaming) instead of after its last
   * byte; as soon as the sandbox's frame is up (a stream nobody reads stops downloading once its
   * buffer is full), before or after init. A download that fails is said to the sandbox, which
   * fails the Runs that need esbuild with it; the next start() asks again. Once per sandbox.
   */
  private loadEsbuild(): void {
    if (this.esbuildLoading !== null) return;
    let arrived!: () => void;
    const wasmArrived = new Promise<void>((resolve) => (arrived = resolve));
    const wasm = download(this.options.wasmURL).then((r): WasmSource | Promise<WasmSource> => {
      if (!r.body || !canTransferStreams()) return r.arrayBuffer().finally(arrived);
      return r.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: arrived }));
    });
    // `arrived` settles with the last byte (downloaded()); a wasm that never came holds nothing back.
    this.downloads.push(wasm.then(() => wasmArrived, arrived));
    this.esbuildLoading = this.sendWasm(wasm, arrived);
  }

  /** sendWasm is loadEsbuild's hand-over of the wasm, or of its failure. */
  private async sendWasm(wasm: Promise<WasmSource>, arrived: () => void): Promise<void> {
    let source: WasmSource;
    try {
      await this.preload();
      source = await wasm;
    } catch (err) {
      arrived();
      this.esbuildLoading = null;
      this.post({ type: "esbuild", id: 0, failed: `esbuild.wasm could not be had (${String(err)}): the next Run tries again` });
      return;
    }
    this.post({ type: "esbuild", id: 0, wasm: source }, [source]);
  }

  private async init(runtime: Promise<ArrayBuffer>): Promise<void> {
    const frame = await this.preload();
    const id = ++this.seq;
    const runtimeBytes = await runtime;
    const done = this.once(frame, (m) => m.id === id);
    const channel = new MessageChannel();
    channel.port1.onmessage = this.onPortMessage;
    this.post({ type: "init", id, runtime: runtimeBytes, port: channel.port2 }, [runtimeBytes, channel.port2]);
    const answer = await done;
    if (answer.type !== "init-done") {
      channel.port1.close();
      throw new Error(answer.type === "verdict" ? (fromJsonBytes(answer.verdict).message ?? "sandbox init failed") : "sandbox init failed");
    }
    this.port = channel.port1;
    // Files compiled at site build, given before this sandbox started (seed), follow it.
    if (this.seeds.length) this.post({ type: "seed", id: 0, files: this.seeds });
  }

  /**
   * seed gives the sandbox files compiled at site build (core/bundle.ts CompiledAhead): a Run of
   * their texts is bundled without esbuild, so it need not wait for esbuild.wasm. Kept, and
   * given again to a sandbox started later.
   */
  seed(files: readonly CompiledAhead[]): void {
    this.seeds.push(...files);
    if (this.port !== null) this.post({ type: "seed", id: 0, files: [...files] });
  }

  private once(frame: HTMLIFrameElement, match: (m: SandboxToPage) => boolean): Promise<SandboxToPage> {
    return new Promise((resolve) => {
      const listener = (e: MessageEvent) => {
        if (e.source !== frame.contentWindow || e.origin !== "null" || !isMessage(e.data)) return;
        if (!match(e.data as SandboxToPage)) return;
        window.removeEventListener("message", listener);
        resolve(e.data as SandboxToPage);
      };
      window.addEventListener("message", listener);
    });
  }

  /** post sends msg to the sandbox: through its port once init gave it one, else (and init itself, which gives a new one) by its window. */
  private post(msg: PageToSandbox, transfer: Transferable[] = []): void {
    if (this.port !== null && msg.type !== "init") return this.port.postMessage(msg, transfer);
    // The sandbox's origin is opaque: "*" is the only target origin that reaches it. What goes
    // in is the learner's own code and the exercise, nothing private.
    this.frame?.contentWindow?.postMessage(msg, "*", transfer);
  }

  /** onPortMessage takes what the sandbox sends through its port (only the sandbox holds the other end). */
  private readonly onPortMessage = (e: MessageEvent) => {
    if (isMessage(e.data)) this.handle(e.data as SandboxToPage);
  };

  private readonly onMessage = (e: MessageEvent) => {
    if (!this.frame || e.source !== this.frame.contentWindow || e.origin !== "null" || !isMessage(e.data)) return;
    this.handle(e.data as SandboxToPage);
  };

  /** handle takes a Run's progress or verdict. */
  private handle(msg: SandboxToPage): void {
    const p = this.pending.get(msg.id);
    if (!p) return; // stale: superseded or cancelled
    if (msg.type === "progress") {
      // Any word from the sandbox restarts the watchdog: the Run's wall clock measures time
      // without progress (core/run-session.ts), so a long Run that progresses is no reason to
      // replace the sandbox; a rechecked Run's second attempt has the limit doubled.
      p.rechecking ||= msg.progress.phase === "rechecking";
      this.arm(msg.id, p, (p.rechecking ? 2 : 1) * p.request.limits.wallMs);
    }
    if (msg.type === "progress") p.onProgress?.(msg.progress);
    else if (msg.type === "verdict") this.settle(msg.id, { verdict: fromJsonBytes(msg.verdict), console: msg.console });
  }

  private settle(id: number, outcome: RunOutcome | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.watchdog);
    this.pending.delete(id);
    p.resolve(outcome);
  }

  /**
   * run judges one Run. `owner` names the island asking (its exercise id): a newer Run of the
   * same owner supersedes the older, which resolves `null`.
   */
  async run(owner: string, request: RunRequest, onProgress?: (p: Progress) => void): Promise<RunOutcome | null> {
    for (const [id, p] of this.pending) {
      if (p.owner === owner) {
        this.post({ type: "cancel", id });
        this.settle(id, null);
      }
    }
    const id = ++this.seq;
    const result = new Promise<RunOutcome | null>((resolve) => {
      this.pending.set(id, { resolve, onProgress, owner, request });
    });
    onProgress?.({ phase: "loading" });
    try {
      await this.start();
    } catch (err) {
      this.settle(id, { verdict: this.failure(request, "internal-error", `the sandbox could not start: ${String(err)}`) });
      return result;
    }
    const p = this.pending.get(id);
    if (!p) return result;
    this.arm(id, p, request.limits.wallMs);
    this.post({ type: "run", id, request });
    return result;
  }

  /** arm (re)starts Run `id`'s watchdog: if the sandbox says nothing more within `wallMs` + WATCHDOG_GRACE_MS, it is replaced. */
  private arm(id: number, p: Pending, wallMs: number): void {
    clearTimeout(p.watchdog);
    const after = wallMs + WATCHDOG_GRACE_MS;
    p.watchdog = setTimeout(() => {
      this.restart();
      this.settle(id, {
        verdict: this.failure(p.request, "timeout", `timeout: the sandbox said nothing for ${after} ms (the Run's wall-clock limit was ${wallMs} ms) and was restarted`),
      });
    }, after);
  }

  /**
   * prepare has a started sandbox compile `request`'s code ahead of its Run (call it when the
   * learner pauses typing): a Run of the same code then skips compiling. It does nothing before
   * the sandbox has started, and answers nothing.
   */
  prepare(request: RunRequest): void {
    if (!this.started || !this.frame) return;
    void this.started.then(() => this.post({ type: "prepare", id: 0, request }), () => undefined);
  }

  /** restart throws the iframe away; the next Run boots a new one. */
  restart(): void {
    window.removeEventListener("message", this.onMessage);
    this.port?.close();
    this.port = null;
    this.esbuildLoading = null;
    this.frame?.remove();
    this.frame = null;
    this.frameReady = null;
    this.started = null;
  }

  private failure(request: RunRequest, status: Verdict["status"], message: string): Verdict {
    return { version: 1, exerciseId: request.exerciseId, status, tests: [], diagnostics: [], timings: { bundleMs: 0, runMs: 0 }, message };
  }
}

/** download fetches url from the site, refusing an answer that is not ok. */
function download(url: string): Promise<Response> {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url} answered ${r.status} (expected the site to serve it)`);
    return r;
  });
}

let streamsTransfer: boolean | null = null;

/** canTransferStreams tells whether this browser can postMessage a ReadableStream (transfer it). */
function canTransferStreams(): boolean {
  if (streamsTransfer === null) {
    try {
      const probe = new ReadableStream();
      structuredClone(probe, { transfer: [probe] });
      streamsTransfer = true;
    } catch {
      streamsTransfer = false;
    }
  }
  return streamsTransfer;
}

let shared: SandboxClient | null = null;

/** sandboxClient returns the page's one SandboxClient. */
export function sandboxClient(options: SandboxOptions): SandboxClient {
  shared ??= new SandboxClient(options);
  return shared;
}
