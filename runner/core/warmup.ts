/**
 * warmup.ts — primes a fresh sandbox realm's JIT before a Run arrives: judges a few built-in
 * programs (mutex, RWMutex, WaitGroup, channels and select, virtual time, context, shared()
 * state, a data race found and replayed, a deadlock) with the same harness, simulator and
 * `expect` the Run will use, until a time budget is spent or the host asks it to stop.
 * Runs in the sandbox realm (browser run worker, Node worker thread), after prepareSandbox and
 * before any learner code exists in the realm.
 *
 * Why: every Run gets a fresh realm (isolation), so without this the whole judge — scheduler,
 * race detector, primitives, harness, chai — would start in V8's interpreter on every Run and
 * reach optimised code only late in the Run's hundreds of schedules; a spare realm primed while
 * the learner edits judges the Run several times faster. Nothing here changes a verdict: each
 * simulated run is a fresh world (its own scheduler, seed, shared() names and race detector),
 * the programs register no test and the learner's code is not loaded yet. `expect`'s assertion
 * counter is put back to zero afterwards.
 */
import { judgeTest, type Sim } from "./harness.ts";
import type { GosyncModules } from "./sandbox.ts";

/** Expect is the part of the realm's `expect` the warm-up uses. */
type Expect = ((value: unknown, message?: string) => {
  toBe(v: unknown): void;
  toEqual(v: unknown): void;
  toBeUndefined(): void;
  toBeGreaterThanOrEqual(v: number): void;
}) & { setState?(state: object): void };

/* eslint-disable @typescript-eslint/no-explicit-any -- the registry's namespaces are untyped objects here */
type Any = any;

/** programs builds the warm-up test bodies from the realm's gosync namespaces. */
export function programs(m: GosyncModules, expect: Expect): (() => Promise<void>)[] {
  const { go, shared, chan, select, recv, send } = m.gosync as Any;
  const { Mutex, RWMutex, WaitGroup, Once } = m["gosync/sync"] as Any;
  const time = m["gosync/time"] as Any;
  const context = m["gosync/context"] as Any;
  const atomic = m["gosync/sync/atomic"] as Any;

  // wg.go is Go 1.25's WaitGroup.Go (add, run in a goroutine, done even if it throws).
  const spawn = (wg: Any, fn: () => Promise<void>) => wg.go(fn);

  const counter = async () => {
    const mu = new Mutex();
    const counts = shared({} as Record<string, number>);
    const wg = new WaitGroup();
    for (let g = 0; g < 3; g++) {
      spawn(wg, async () => {
        for (let i = 0; i < 6; i++) {
          using _ = await mu.lock();
          counts.hits = (counts.hits ?? 0) + 1;
        }
      });
    }
    await wg.wait();
    using _ = await mu.lock();
    expect(counts.hits, "hits").toBe(18);
    expect({ ...counts }, "counts").toEqual({ hits: 18 });
  };

  const readers = async () => {
    const rw = new RWMutex();
    const store = shared({ mode: "dev" } as Record<string, string>);
    const wg = new WaitGroup();
    const t0 = time.now();
    for (let r = 0; r < 3; r++) {
      spawn(wg, async () => {
        using _ = await rw.rLock();
        await time.sleep(100 * time.Millisecond);
        expect(store.mode === "dev" || store.mode === "prod", "mode").toBe(true);
      });
    }
    spawn(wg, async () => {
      using _ = await rw.lock();
      store.mode = "prod";
    });
    await wg.wait();
    expect(time.since(t0), "elapsed").toBeGreaterThanOrEqual(100);
  };

  const pipeline = async () => {
    const jobs = chan(2);
    const results = chan();
    const done = new atomic.Int64();
    const once = new Once();
    const wg = new WaitGroup();
    for (let w = 0; w < 2; w++) {
      spawn(wg, async () => {
        for await (const j of jobs) {
          await results.send((j as number) * 2);
          done.add(1);
          await once.do(() => {});
        }
      });
    }
    go(async () => {
      for (let i = 0; i < 5; i++) await jobs.send(i);
      jobs.close();
    });
    go(async () => {
      await wg.wait();
      results.close();
    });
    let sum = 0;
    for (;;) {
      const [v, ok] = await results.recvOk();
      if (!ok) break;
      sum += v as number;
    }
    expect([sum, done.load()], "sum, done").toEqual([20, 5]);
  };

  const deadline = async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 50 * time.Millisecond);
    const out = chan(1);
    const quit = chan();
    go(async () => {
      await select([recv(quit), send(out, 1), recv(ctx.done())]);
    });
    const got = await select([recv(out, (v: number) => v), recv(ctx.done(), () => -1), recv(time.after(10 * time.Millisecond), () => -2)]);
    quit.close();
    cancel();
    expect(got === 1 || got === -1 || got === -2, "got").toBe(true);
    expect(ctx.err(), "err").toBe(context.Canceled);
  };

  // Fails on most schedules: warms explore's failure path, replay with stacks and trace, and the report.
  const racy = async () => {
    const s = shared({ n: 0 });
    const wg = new WaitGroup();
    for (let g = 0; g < 2; g++) spawn(wg, async () => {
      s.n = s.n + 1;
    });
    await wg.wait();
    expect(s.n, "n").toBe(2);
  };

  const stuck = async () => {
    const mu = new Mutex();
    await mu.lock();
    const ch = chan();
    go(async () => {
      await mu.lock();
      await ch.send(1);
    });
    await ch.recv();
  };

  return [counter, readers, pipeline, deadline, racy, stuck];
}

/** WarmupOptions bounds a warm-up. */
export interface WarmupOptions {
  /** stop after this many ms of wall time (checked between judged programs) */
  budgetMs: number;
  /** stop as soon as this returns true (checked between simulated runs' batches) */
  shouldStop?: () => boolean;
}

const clock: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

/**
 * yieldToHost lets the host's messages in between programs: a macrotask. setImmediate where it
 * exists (Node: a MessagePort's onmessage would load undici for MessageEvent, which fails once
 * the sandbox has removed Buffer), else a MessageChannel (nested setTimeouts are clamped to 4 ms).
 */
function yieldToHost(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => void }).setImmediate;
  if (typeof immediate === "function") return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      port2.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/**
 * warmUp judges the built-in programs round after round (a few schedules each, seeds varying)
 * until `budgetMs` is spent or `shouldStop()`; it returns how many programs it judged. It never
 * throws: a warm-up that fails only leaves the realm less warm.
 */
export async function warmUp(modules: GosyncModules, expect: Expect, opts: WarmupOptions): Promise<number> {
  const sim = modules["gosync/sim"] as unknown as Sim;
  const start = clock();
  let judged = 0;
  try {
    const bodies = programs(modules, expect);
    for (let round = 0; clock() - start < opts.budgetMs; round++) {
      for (const body of bodies) {
        if (opts.shouldStop?.() || clock() - start >= opts.budgetMs) return judged;
        await judgeTest(body, { runs: 8, strategy: round % 3 === 2 ? "pct" : "random", seed: 1 + round * 8 }, sim);
        judged++;
        await yieldToHost();
      }
    }
  } catch {
    // A warm-up program that cannot run (an API change) leaves the realm colder, nothing else.
  } finally {
    expect.setState?.({ assertionCalls: 0 });
  }
  return judged;
}
