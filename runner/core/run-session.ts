/**
 * run-session.ts — a Run's lifecycle, written once for every host: which sandboxes judge it
 * (warm spares first, its tests sharded across them), when its wall clock starts and stops, how
 * each sandbox's end is read, what was tested, and the Verdict. Host-agnostic: it runs in the
 * browser's sandbox iframe and in the Node host's main thread. Each host supplies only a
 * Transport, the way esbuild's lib/shared/common.ts createChannel takes only a way to send
 * bytes: the browser starts run workers (runner/browser/sandbox-host.ts), the Node host child
 * processes (runner/node/child-transport.ts).
 *
 * What a Run is, in order:
 * 1. The host's own collection of the hidden tests, once per hidden-test text (cached): the
 *    hidden tests bundled with an empty solution.ts are judged with `collectOnly` in a sandbox
 *    no learner code has run in, and answer `collected` with their names. It runs alongside the
 *    Run; the Verdict waits for it. A Run whose sandbox collected other names, or another
 *    count, was tampered with (collect.ts): an internal error, never a pass.
 * 2. Sandboxes: up to `parallelism` (never more than tests; split by what each test cost last
 *    time, shards.ts), taken from the spares or started. Once every one is ready (started, the
 *    realm prepared) each gets its RunRequest and the wall clock starts — spawning a sandbox
 *    on a busy machine does not eat into the learner's time.
 * 3. Events: every message goes to the RunCollector, which validates it; a sandbox's death
 *    (crash, exit, out of memory, a message the transport refused) before its `done` ends the
 *    Run with the reason the transport gave, once (every later event is dropped).
 * 4. A wall-clock timeout is checked again once, on fresh sandboxes with the limit doubled,
 *    before it is reported: a deadlock found in 0.2 s must not read `timeout` because the
 *    machine was busy the first time. Only code that never yields times out twice.
 * 5. After a normal end each sandbox is released (the transport may keep it for another Run:
 *    the browser recycles a clean worker); after anything else it is stopped.
 */
import type { BundleResult } from "./bundle.ts";
import { RunCollector, type Ending } from "./collect.ts";
import type { Limits } from "./harness.ts";
import { sandboxMessageSchema, type RunRequest } from "./protocol.ts";
import { planShards, shardOf } from "./shards.ts";
import { VERDICT_VERSION, type Verdict } from "./verdict.ts";

/** SandboxEvent is what a started sandbox reports to its Run, in the order it happened. */
export type SandboxEvent =
  /** message is one message the sandbox sent, not yet validated (RunCollector does that) */
  | { kind: "message"; message: unknown }
  /**
   * death: the sandbox can say no more (it exited, crashed, ran out of memory, or the transport
   * refused what it sent and stopped it). `reason` says what happened, for the Verdict;
   * `learnersFault` is true when the learner's code caused it (runtime-error), false when the
   * runner did (internal-error).
   */
  | { kind: "death"; reason: string; learnersFault: boolean };

/**
 * Sandbox is one started sandbox as its transport presents it. It judges one RunRequest at a
 * time; it never throws to the session.
 */
export interface Sandbox {
  /** ready settles once the sandbox can take a Run: with undefined, or with why it could not start. */
  readonly ready: Promise<string | undefined>;
  /** failed is why the sandbox can take no Run (it failed to start, or died while it waited); undefined while it can. */
  readonly failed: string | undefined;
  /**
   * send hands the ready sandbox its RunRequest; from then on `listener` gets its events (any
   * that came before, first). A death is reported at most once, and nothing after it.
   */
  send(request: RunRequest, listener: (event: SandboxEvent) => void): void;
  /**
   * release ends the sandbox's part in a Run. After a normal end (`normal`) the transport may
   * keep it for another Run and resolves true; otherwise it stops it and resolves false.
   */
  release(normal: boolean): Promise<boolean>;
  /** stop ends the sandbox now; calling it again does nothing. */
  stop(): void;
}

/** Transport starts a host's sandboxes. */
export interface Transport<S extends Sandbox = Sandbox> {
  /**
   * start starts a sandbox: a `spare` waits for a Run that does not exist yet (it may prime its
   * JIT meanwhile and must not keep a Node process alive), a `run` sandbox is wanted at once.
   */
  start(role: "spare" | "run"): S;
}

/** SessionOptions configure a host's RunSession. */
export interface SessionOptions<S extends Sandbox> {
  transport: Transport<S>;
  /** most sandboxes judging one Run at once, and how many spares are kept */
  parallelism: number;
  /**
   * spares: "always" keeps `parallelism` sandboxes ready (the browser page, where the next Run
   * is the learner's next click); "from-second-run" starts them only once a host judges its
   * second Run (a one-Run CLI starts none; CI and a regrading batch get them).
   */
  spares: "always" | "from-second-run";
  /** bundleCollection bundles the hidden tests with an empty solution.ts (core's bundleRun with solution ""). */
  bundleCollection(tests: string): Promise<BundleResult>;
  /** collectTransport starts the sandboxes of the host's own collection (default: `transport`). */
  collectTransport?: Transport;
  /** readyLimitMs bounds how long a Run's sandboxes may take to be ready (default READY_LIMIT_MS). */
  readyLimitMs?: number;
}

/** SessionRun is one Run, bundled. */
export interface SessionRun {
  exerciseId: string;
  /** the Run's bundle (bundled ok: a compile error never reaches a session) */
  bundle: BundleResult;
  /** the hidden tests' text: the key of the host's own collection and of the tests' costs */
  tests: string;
  limits: Limits;
  /** the wall-clock limit of one attempt, counted from when its sandboxes are ready */
  wallMs: number;
  /** most sandboxes for this Run (default: the session's parallelism) */
  parallel?: number;
}

/** RunProgress is what a Run reports while it is judged. */
export interface RunProgress {
  /** running: tests are judged; rechecking: the first attempt timed out and a second, with the limit doubled, has begun */
  phase: "running" | "rechecking";
  /** tests finished so far, of `total` */
  done?: number;
  total?: number;
  /** the test that just started */
  test?: string;
}

/** JudgeHooks let a host follow or stop a Run. */
export interface JudgeHooks {
  /** signal stops the Run when aborted: its sandboxes are stopped and judge resolves null */
  signal?: AbortSignal;
  onProgress?(progress: RunProgress): void;
}

/** SessionOutcome is a judged Run: its Verdict and the sandboxes of the attempt that gave it (in shard order). */
export interface SessionOutcome<S extends Sandbox> {
  verdict: Verdict;
  sandboxes: readonly S[];
}

/**
 * TOTAL_FACTOR bounds a whole attempt at this many wall-clock limits. The limit itself is time
 * without progress: each sandbox's clock restarts at every message it sends (a schedule starts
 * at least every ALIVE_EVERY_MS while it judges, protocol.ts), so only code that never yields
 * meets it, whatever the machine's load; the judge's own work is bounded in schedules and steps
 * (the exercise's limits), and this ceiling only stops code that yields but never ends.
 */
export const TOTAL_FACTOR = 12;

/** READY_LIMIT_MS is how long a Run's sandboxes may take to start before the Run is an internal error. */
export const READY_LIMIT_MS = 20_000;
/** COLLECT_LIMIT_MS bounds the host's own collection of the hidden tests once its sandbox is ready. */
export const COLLECT_LIMIT_MS = 10_000;
/** COLLECT_DONE_MS is how long a collection's sandbox may take from `collected` to `done` before it is stopped. */
const COLLECT_DONE_MS = 500;
/** COLLECT_WAIT_MS is how long a page's Run waits for a collection under way before it starts a sandbox of its own. */
const COLLECT_WAIT_MS = 1500;
/** delay resolves after ms. */
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** RECYCLE_WAIT_MS is how long a Run waits for the last Run's sandboxes to come back before starting others. */
const RECYCLE_WAIT_MS = 50;
/** KEPT is how many hidden-test texts the session remembers (collection, costs): a page or a batch has a few exercises. */
const KEPT = 32;

/** Collection is the host's own list of the hidden tests' names, or why it has none. */
type Collection = { ok: true; names: string[] } | { ok: false; reason: string };

const now: () => number = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

/** Attempt is one try at judging a Run: how it ended, what was collected, on which sandboxes. */
interface Attempt<S> {
  ending: Ending;
  collector: RunCollector;
  sandboxes: S[];
}

/**
 * Pool keeps a transport's spare sandboxes, hot ones (that judged before and were kept) first.
 * Works in the browser and in Node.
 */
class Pool<S extends Sandbox> {
  #spares: S[] = [];
  /** used holds every sandbox that was given a Run: it is no longer fresh */
  #used = new WeakSet<S>();
  #releasing = new Set<Promise<unknown>>();
  #runs = 0;
  #closed = false;

  readonly transport: Transport<S>;
  readonly size: number;
  readonly policy: "always" | "from-second-run" | "never";

  constructor(transport: Transport<S>, size: number, policy: "always" | "from-second-run" | "never") {
    this.transport = transport;
    this.size = size;
    this.policy = policy;
  }

  /**
   * take returns n sandboxes: spares first (only never-used ones when `fresh`), started ones for
   * the rest. A Run's take (`forRun`) from a host's second Run on starts spares for the next.
   */
  take(n: number, fresh: boolean, forRun: boolean): S[] {
    const taken: S[] = [];
    for (let i = 0; i < this.#spares.length && taken.length < n; ) {
      const s = this.#spares[i]!;
      if (s.failed !== undefined) {
        this.#spares.splice(i, 1);
        s.stop();
      } else if (fresh && this.#used.has(s)) {
        i++;
      } else {
        this.#spares.splice(i, 1);
        taken.push(s);
      }
    }
    while (taken.length < n) taken.push(this.transport.start("run"));
    for (const s of taken) this.#used.add(s);
    if (forRun && this.policy === "from-second-run" && ++this.#runs > 1) setTimeout(() => this.refill(), 0);
    return taken;
  }

  /** release gives a Run's sandboxes back: kept ones become hot spares; with policy "always" the spares are then topped up. */
  release(sandboxes: readonly S[], normal: boolean): void {
    const answers = sandboxes.map((s) =>
      s.release(normal).then(
        (kept) => {
          if (kept && !this.#closed) this.#keep(s);
          else if (kept) s.stop();
        },
        () => s.stop(),
      ),
    );
    const all: Promise<unknown> = Promise.all(answers).then(() => {
      this.#releasing.delete(all);
      if (this.policy === "always") this.refill();
    });
    this.#releasing.add(all);
  }

  #keep(s: S): void {
    this.#spares.unshift(s);
    while (this.#spares.length > this.size) this.#spares.pop()!.stop();
  }

  /** refill starts spares until there are `size`. */
  refill(): void {
    if (this.#closed || this.policy === "never") return;
    while (this.#spares.length < this.size) this.#spares.push(this.transport.start("spare"));
  }

  /** settled waits, at most `ms`, for sandboxes still being released (a recycled one comes back hot in a few ms). */
  async settled(ms: number): Promise<void> {
    if (this.#releasing.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(this.#releasing), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** close stops every spare; the pool starts no more. */
  close(): void {
    this.#closed = true;
    for (const s of this.#spares.splice(0)) s.stop();
  }
}

/**
 * RunSession judges Runs for one host over its Transport (see the file comment). Works in the
 * browser and in Node. judge never throws for anything a sandbox does: every end is a Verdict.
 */
export class RunSession<S extends Sandbox> {
  readonly #options: SessionOptions<S>;
  readonly #pool: Pool<S>;
  readonly #collectPool: Pool<Sandbox>;
  /** the host's own collection of each hidden-test text (a failed one is dropped, to be tried again) */
  readonly #collections = new Map<string, Promise<Collection>>();
  /** what each test of a hidden-test text took last time (ms), to split the next Run by cost */
  readonly #costs = new Map<string, number[]>();
  #nextId = 1;

  constructor(options: SessionOptions<S>) {
    this.#options = options;
    this.#pool = new Pool(options.transport, options.parallelism, options.spares);
    this.#collectPool = options.collectTransport ? new Pool(options.collectTransport, 0, "never") : (this.#pool as unknown as Pool<Sandbox>);
  }

  /** warm starts the spares now (the browser does at init, before the first Run). */
  warm(): void {
    this.#pool.refill();
  }

  /** close stops every spare sandbox (a host that judges no more). */
  close(): void {
    this.#pool.close();
    if (this.#collectPool !== (this.#pool as unknown as Pool<Sandbox>)) this.#collectPool.close();
  }

  /**
   * prepare starts the host's own collection of `tests` ahead of a Run (a page does when the
   * learner opens an exercise), so that the Run does not wait for it.
   */
  prepare(tests: string, limits: Limits): void {
    void this.#collection(tests, limits);
  }

  /**
   * judge judges one bundled Run and returns its Verdict, or null if `hooks.signal` stopped it.
   * A first attempt that times out is judged again, once, on fresh sandboxes with the wall
   * limit doubled; its Verdict is the one returned.
   */
  async judge(run: SessionRun, hooks: JudgeHooks = {}): Promise<SessionOutcome<S> | null> {
    const started = now();
    const collection = this.#collection(run.tests, run.limits);
    // Where sandboxes are kept between Runs (the page), a collection still under way holds the
    // one spare that could judge this Run: waiting for it (a collect-only Run takes a few ms
    // once bundled) and for its sandbox to come back costs less than starting another sandbox,
    // which on two cores competes with everything the first Run does.
    if (this.#options.spares === "always") await Promise.race([collection, delay(COLLECT_WAIT_MS)]);
    await this.#pool.settled(RECYCLE_WAIT_MS);
    if (hooks.signal?.aborted) return null;
    let attempt = await this.#attempt(run, run.wallMs, false, collection, hooks);
    if (attempt === null) return null;
    let ending = attempt.ending;
    if (ending.kind === "timeout") {
      hooks.onProgress?.({ phase: "rechecking" });
      attempt = await this.#attempt(run, run.wallMs * 2, true, collection, hooks);
      if (attempt === null) return null;
      ending = attempt.ending.kind === "timeout" ? { ...attempt.ending, firstWallMs: run.wallMs } : attempt.ending;
    }
    const collected = await collection;
    if (collected.ok) attempt.collector.expectTests(collected.names);
    else if (ending.kind === "done") {
      ending = {
        kind: "crash",
        learnersFault: false,
        message: `the host could not collect the hidden tests on their own, so it cannot tell what this Run had to test: ${collected.reason}`,
      };
    }
    let verdict: Verdict;
    try {
      verdict = attempt.collector.verdict(run.exerciseId, run.bundle, ending, now() - started);
    } catch (e) {
      // What a sandbox sent broke the host's own code (a bug, or a shape nothing foresaw): an
      // internal error, never an exception out of judge.
      const message = `the host failed to build the Verdict from what the sandbox sent: ${e instanceof Error ? e.message : String(e)}`.slice(0, 2000);
      verdict = { version: VERDICT_VERSION, exerciseId: run.exerciseId, status: "internal-error", tests: [], diagnostics: run.bundle.diagnostics, timings: { bundleMs: run.bundle.ms, runMs: now() - started }, message };
      ending = { kind: "crash", learnersFault: false, message };
    }
    // A Run of one test (limits.only) says nothing of what the others cost.
    if (ending.kind === "done" && attempt.collector.clean && verdict.tests.length > 0 && run.limits.only === undefined) {
      remember(this.#costs, run.tests, verdict.tests.map((t) => t.durationMs ?? 0));
    }
    return { verdict, sandboxes: attempt.sandboxes };
  }

  /** #attempt judges the Run once with `wallMs` on its sandboxes (never-used ones when `fresh`); null if stopped. */
  async #attempt(run: SessionRun, wallMs: number, fresh: boolean, collection: Promise<Collection>, hooks: JudgeHooks): Promise<Attempt<S> | null> {
    const id = this.#nextId++;
    const plan = planShards(this.#costs.get(run.tests), run.parallel ?? this.#options.parallelism);
    const collector = new RunCollector(id, plan.count, plan.assignment);
    const sandboxes = this.#pool.take(plan.count, fresh, true);
    const readyLimitMs = this.#options.readyLimitMs ?? READY_LIMIT_MS;
    const ending = await new Promise<Ending | null>((resolve) => {
      let settled = false;
      let total: ReturnType<typeof setTimeout> | undefined;
      /** stalls[i] fires when sandbox i has said nothing for wallMs: code that never yields */
      const stalls: (ReturnType<typeof setTimeout> | undefined)[] = sandboxes.map(() => undefined);
      /** heard[i] is when sandbox i last said something about the Run */
      const heard: number[] = sandboxes.map(() => 0);
      const quiet = (i: number) => {
        clearTimeout(stalls[i]);
        stalls[i] = undefined;
      };
      // One timer per sandbox, moved on only when it fires: a Run says something several times a
      // millisecond, and clearing and setting a timer for each message was a tenth of the host's work.
      const watch = (i: number) => {
        stalls[i] = undefined;
        const left = heard[i] + wallMs - now();
        if (left <= 0) finish({ kind: "timeout", wallMs });
        else stalls[i] = setTimeout(() => watch(i), left);
      };
      const arm = (i: number) => {
        heard[i] = now();
        stalls[i] ??= setTimeout(() => watch(i), wallMs);
      };
      let finished = 0;
      let testCount: number | undefined;
      /** reported[i]: sandbox i sent its `done`; its death is then the normal end of its shard */
      const reported = sandboxes.map(() => false);
      const finish = (e: Ending | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        sandboxes.forEach((_, i) => quiet(i));
        clearTimeout(startLimit);
        hooks.signal?.removeEventListener("abort", abort);
        this.#pool.release(sandboxes, e?.kind === "done" && collector.clean);
        resolve(e);
      };
      const abort = () => finish(null);
      const startLimit = setTimeout(
        () => finish({ kind: "crash", learnersFault: false, message: `the sandbox was not ready ${readyLimitMs} ms after it was started (expected it to start in well under a second)` }),
        readyLimitMs,
      );
      if (hooks.signal?.aborted) return finish(null);
      hooks.signal?.addEventListener("abort", abort);
      // The host's own collection may show the sandbox's to be false before the Run ends.
      void collection.then((c) => {
        if (!settled && c.ok && collector.expectTests(c.names)) finish({ kind: "done" });
      });
      void Promise.all(sandboxes.map((s) => s.ready)).then((reasons) => {
        if (settled) return;
        const failed = reasons.find((r) => r !== undefined);
        if (failed !== undefined) return finish({ kind: "crash", learnersFault: false, message: `the sandbox failed to start: ${failed}` });
        clearTimeout(startLimit);
        total = setTimeout(() => finish({ kind: "timeout", wallMs: wallMs * TOTAL_FACTOR, whole: true }), wallMs * TOTAL_FACTOR);
        const { code, map } = run.bundle;
        sandboxes.forEach((sandbox, i) => {
          const shard = shardOf(plan, i);
          const request: RunRequest = { type: "run", id, code, map, limits: run.limits, ...(shard ? { shard } : {}) };
          arm(i);
          sandbox.send(request, (event) => {
            if (settled) return;
            try {
              if (event.kind === "death") {
                quiet(i);
                if (!reported[i]) finish({ kind: "crash", learnersFault: event.learnersFault, message: event.reason });
                return;
              }
              const m = peek(event.message);
              if (m.id === id && m.type === "done") {
                reported[i] = true;
                quiet(i);
              } else if (m.id === id) {
                arm(i); // progress: the wall clock measures time without any
              }
              if (m.id === id && (m.type === "test-start" || m.type === "test-result") && typeof m.total === "number") {
                if (m.type === "test-result") finished++;
                testCount = m.total;
                hooks.onProgress?.({ phase: "running", done: finished, total: testCount, ...(m.type === "test-start" && typeof m.name === "string" ? { test: m.name } : {}) });
              } else if (m.id === id && m.type === "alive" && testCount !== undefined) {
                // Passed on, so that a host that watches its sandbox's silence (the page's watchdog,
                // browser/client.ts) hears a long test's progress too.
                hooks.onProgress?.({ phase: "running", done: finished, total: testCount });
              }
              if (collector.accept(event.message)) finish({ kind: "done" });
            } catch (e) {
              // The collector validates; this is the host's own bug, reported rather than thrown into a transport.
              finish({ kind: "crash", learnersFault: false, message: `the host failed while reading a sandbox's message: ${e instanceof Error ? e.message : String(e)}` });
            }
          });
        });
      });
    });
    return ending === null ? null : { ending, collector, sandboxes };
  }

  /** #collection is the host's own list of `tests`' test names, collected once per text. */
  #collection(tests: string, limits: Limits): Promise<Collection> {
    let c = this.#collections.get(tests);
    if (c === undefined) {
      c = this.#collect(tests, limits).catch((e: unknown) => ({ ok: false as const, reason: `the collection threw: ${e instanceof Error ? e.message : String(e)}` }));
      const mine = c;
      void mine.then((r) => {
        if (!r.ok && this.#collections.get(tests) === mine) this.#collections.delete(tests);
      });
      remember(this.#collections, tests, c);
    }
    return c;
  }

  /**
   * #collect bundles the hidden tests with an empty solution.ts and has a sandbox no learner
   * code has run in collect them (`collectOnly`): their names, as the host knows them.
   */
  async #collect(tests: string, limits: Limits): Promise<Collection> {
    let bundle: BundleResult;
    try {
      bundle = await this.#options.bundleCollection(tests);
    } catch (e) {
      return { ok: false, reason: `bundling the hidden tests with an empty solution.ts threw: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!bundle.ok) {
      const d = bundle.diagnostics.find((x) => x.severity === "error");
      return { ok: false, reason: `the hidden tests do not compile with an empty solution.ts${d ? `: ${d.file}:${d.line}:${d.column}: ${d.message}` : ""}` };
    }
    const [sandbox] = this.#collectPool.take(1, true, false) as [Sandbox];
    const id = this.#nextId++;
    return new Promise<Collection>((resolve) => {
      let names: string[] | undefined;
      let over = false;
      const end = (result: Collection, normal: boolean) => {
        resolve(result); // the first answer counts; later calls only release the sandbox
        if (over) return;
        over = true;
        clearTimeout(limit);
        this.#collectPool.release([sandbox], normal);
      };
      let limit = setTimeout(
        () => end({ ok: false, reason: `the collection did not finish within ${COLLECT_LIMIT_MS} ms of its sandbox being ready` }, false),
        COLLECT_LIMIT_MS + (this.#options.readyLimitMs ?? READY_LIMIT_MS),
      );
      void sandbox.ready.then((failed) => {
        if (over) return;
        if (failed !== undefined) return end({ ok: false, reason: `its sandbox failed to start: ${failed}` }, false);
        const request = { type: "run", id, code: bundle.code, map: bundle.map, limits, collectOnly: true } as RunRequest;
        sandbox.send(request, (event) => {
          if (over) return;
          if (event.kind === "death") {
            return end(names ? { ok: true, names } : { ok: false, reason: `its sandbox stopped: ${event.reason}` }, false);
          }
          const parsed = sandboxMessageSchema.safeParse(event.message);
          if (!parsed.success) return end({ ok: false, reason: "its sandbox sent a malformed message" }, false);
          const m = parsed.data;
          if (m.id !== id) return;
          if (m.type === "collected" && names === undefined) {
            names = m.names;
            resolve({ ok: true, names }); // the Run need not wait for the sandbox to finish
            // A collect-only sandbox says done at once and may then be kept; one that goes on is stopped.
            clearTimeout(limit);
            limit = setTimeout(() => end({ ok: true, names: names! }, false), COLLECT_DONE_MS);
          } else if (m.type === "load-error") {
            end({ ok: false, reason: `the hidden tests threw while being imported with an empty solution.ts: ${m.message}` }, true);
          } else if (m.type === "done") {
            end(names ? { ok: true, names } : { ok: false, reason: "its sandbox reported done before collecting" }, names !== undefined);
          }
        });
      });
    });
  }
}

/** peek reads a message's type and id (and a test message's fields) without trusting its shape. */
function peek(m: unknown): { type?: unknown; id?: unknown; total?: unknown; name?: unknown } {
  return typeof m === "object" && m !== null ? (m as Record<string, unknown>) : {};
}

/** remember sets `key` in a map kept to the KEPT most recent keys. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > KEPT) map.delete(map.keys().next().value!);
}
