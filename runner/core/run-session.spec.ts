// RunSession over an in-memory transport: the lifecycle both hosts share (spares, the wall clock,
// the re-check of a timeout, deaths, the host's own collection, stopping a Run).
import { describe, expect, test } from "vitest";
import type { BundleResult } from "./bundle.ts";
import type { RunRequest } from "./protocol.ts";
import { RunSession, type Sandbox, type SandboxEvent, type SessionOptions } from "./run-session.ts";

const NAMES = ["a", "b"];
const bundle: BundleResult = { ok: true, code: "run", map: "{}", diagnostics: [], ms: 1 };
const limits = { runs: 1, strategy: "random" as const };

/** Behaviour is what a fake sandbox does with a Run it is sent (not the collection, which it answers honestly); the nth Run sent gets the nth. */
type Behaviour = (req: RunRequest, emit: (e: SandboxEvent) => void) => void;

const honest: Behaviour = (req, emit) => {
  emit({ kind: "message", message: { type: "ready", id: req.id } });
  emit({ kind: "message", message: { type: "collected", id: req.id, names: NAMES } });
  emit({ kind: "message", message: { type: "done", id: req.id, tests: NAMES.map((name) => ({ name, status: "pass" })) } });
};

class Fake implements Sandbox {
  static all: Fake[] = [];
  readonly ready: Promise<string | undefined>;
  failed: string | undefined;
  requests: RunRequest[] = [];
  stopped = false;
  released: boolean[] = [];
  constructor(
    readonly role: string,
    readonly behaviour: () => Behaviour,
    readyAfterMs: number,
    readonly keep: boolean,
  ) {
    this.ready = new Promise((r) => setTimeout(() => r(undefined), readyAfterMs));
    Fake.all.push(this);
  }
  send(req: RunRequest, listener: (e: SandboxEvent) => void): void {
    this.requests.push(req);
    const emit = (e: SandboxEvent) => setTimeout(() => !this.stopped && listener(e), 1);
    if (req.collectOnly) {
      emit({ kind: "message", message: { type: "collected", id: req.id, names: NAMES } });
      emit({ kind: "message", message: { type: "done", id: req.id, tests: [] } });
    } else this.behaviour()(req, emit);
  }
  release(normal: boolean): Promise<boolean> {
    this.released.push(normal);
    if (!normal || !this.keep) this.stop();
    return Promise.resolve(normal && this.keep);
  }
  stop(): void {
    this.stopped = true;
    this.failed ??= "stopped";
  }
}

function session(behaviours: Behaviour[], opts: Partial<SessionOptions<Fake>> & { readyAfterMs?: number; keep?: boolean } = {}) {
  Fake.all = [];
  let sent = 0;
  const next = () => behaviours[Math.min(sent++, behaviours.length - 1)]!;
  const collections: string[] = [];
  const s = new RunSession<Fake>({
    transport: {
      start: (role) => new Fake(role, next, opts.readyAfterMs ?? 0, opts.keep ?? false),
    },
    parallelism: 1,
    spares: "from-second-run",
    bundleCollection: async (tests) => (collections.push(tests), { ...bundle, code: "collect" }),
    ...opts,
  });
  return { s, collections };
}

const run = { exerciseId: "x", bundle, tests: "hidden", limits, wallMs: 200 };

describe("RunSession", () => {
  test("passes a Run whose sandbox collected what the host's own collection found", async () => {
    const { s, collections } = session([honest]);
    const out = await s.judge(run);
    expect(out!.verdict.status).toBe("pass");
    expect(collections).toEqual(["hidden"]);
    const collector = Fake.all.find((f) => f.requests.some((r) => r.collectOnly))!;
    expect(collector.requests.map((r) => r.code)).toEqual(["collect"]);
  });

  test("collects a hidden-test text once, in a sandbox that never judged a Run", async () => {
    const { s, collections } = session([honest]);
    await s.judge(run);
    await s.judge(run);
    expect(collections).toEqual(["hidden"]);
    for (const f of Fake.all) expect(f.requests.length).toBeLessThanOrEqual(1);
    expect(Fake.all.flatMap((f) => f.requests).filter((r) => r.collectOnly)).toHaveLength(1);
  });

  test("answers a Run whose sandbox died with the reason and the fault the transport gave", async () => {
    const { s } = session([(req, emit) => {
      emit({ kind: "message", message: { type: "ready", id: req.id } });
      emit({ kind: "death", reason: "it fell over", learnersFault: true });
      emit({ kind: "death", reason: "and again", learnersFault: false });
    }]);
    const v = (await s.judge(run))!.verdict;
    expect(v).toMatchObject({ status: "runtime-error", message: "it fell over" });
  });

  test("starts the wall clock once the sandboxes are ready, not when they are started", async () => {
    const { s } = session([(req, emit) => setTimeout(() => honest(req, emit), 100)], { readyAfterMs: 300 });
    const v = (await s.judge(run))!.verdict;
    expect(v.status).toBe("pass");
  });

  test("checks a timeout again on fresh sandboxes with the limit doubled, saying so, and reports what the second attempt found", async () => {
    const progress: string[] = [];
    const { s } = session([() => {}, honest]);
    const v = (await s.judge(run, { onProgress: (p) => progress.push(p.phase) }))!.verdict;
    expect(v.status).toBe("pass");
    expect(progress).toContain("rechecking");
    const runs = Fake.all.filter((f) => f.requests.some((r) => !r.collectOnly));
    expect(runs).toHaveLength(2);
    expect(runs[0]!.stopped).toBe(true);
  });

  test("reports a timeout that happens twice with both limits", async () => {
    const { s } = session([() => {}]);
    const t0 = performance.now();
    const v = (await s.judge(run))!.verdict;
    expect(v.status).toBe("timeout");
    expect(v.message).toMatch(/400 ms wall-clock limit.*first stopped at 200 ms/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(590);
  });

  test("makes a Run whose hidden tests could not be collected an internal error, and tries the collection again next time", async () => {
    let calls = 0;
    const { s } = session([honest], { bundleCollection: async () => (calls++, { ...bundle, ok: false, diagnostics: [{ file: "hidden.test.ts", line: 1, column: 1, message: "nope", severity: "error" }] }) });
    const v = (await s.judge(run))!.verdict;
    expect(v).toMatchObject({ status: "internal-error", message: expect.stringMatching(/could not collect the hidden tests on their own.*hidden\.test\.ts:1:1: nope/) });
    await s.judge(run);
    expect(calls).toBe(2);
  });

  test("stops a Run when its signal aborts: no Verdict, its sandboxes stopped", async () => {
    const { s } = session([() => {}]);
    const controller = new AbortController();
    const out = s.judge(run, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await out).toBeNull();
    expect(Fake.all.filter((f) => f.requests.some((r) => !r.collectOnly)).every((f) => f.stopped)).toBe(true);
  });

  test("keeps a sandbox the transport kept after a normal end and gives it the next Run first", async () => {
    const { s } = session([honest], { keep: true, spares: "always" });
    s.warm();
    await s.judge(run);
    await new Promise((r) => setTimeout(r, 10));
    const before = Fake.all.length;
    await s.judge(run);
    // The second Run went to a sandbox that had judged before (hot), and none was started for it.
    expect(Fake.all.filter((f) => f.requests.length === 2)).toHaveLength(1);
    expect(Fake.all.length).toBe(before);
  });

  test("starts no spare for a host's first Run, and starts them from its second Run on", async () => {
    const { s } = session([honest]);
    await s.judge(run);
    await new Promise((r) => setTimeout(r, 10));
    expect(Fake.all.filter((f) => f.role === "spare")).toHaveLength(0);
    await s.judge(run);
    await new Promise((r) => setTimeout(r, 10));
    expect(Fake.all.filter((f) => f.role === "spare")).toHaveLength(1);
  });

  test("never sends a Run to a sandbox that failed while it waited as a spare", async () => {
    const { s } = session([honest], { spares: "always" });
    s.warm();
    const spare = Fake.all[0]!;
    spare.failed = "died waiting";
    expect((await s.judge(run))!.verdict.status).toBe("pass");
    expect(spare.requests).toHaveLength(0);
  });
});
