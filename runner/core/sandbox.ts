/**
 * sandbox.ts — what runs inside a sandbox realm for one Run (the browser's run worker, the Node
 * judge's child process): install the module registry, harden the realm wholesale (lockdown.ts),
 * evaluate the Run's program in a Compartment of its own (compartment.ts), judge every
 * collected test, and report through the host's channel. Host-agnostic: the host supplies how to
 * post a message (captured before any Run's code exists) and any globals of its own to endow.
 *
 * The registry (handed to each Run's instantiate, never global), the lockdown and the endowments
 * are per realm; each Run gets a fresh Compartment (or the last one, unchanged, for the same
 * code) and starts with no collected tests. A Run's code sees only its Compartment's globals:
 * the language's frozen intrinsics, gosync's virtual clock, randomness and timers, a captured
 * console — nothing of the host's.
 */
import { RunCompartments, sesRefusalHint, type Endowments } from "./compartment.ts";
import { createConsoleCapture, type ConsoleSink } from "./console-capture.ts";
import { createExpect, sealExpect } from "./expect.ts";
import { createTestApi, runTests, type Sim } from "./harness.ts";
import { ENDOWED_GLOBALS } from "./learner-globals.ts";
import { overridableDate } from "./overridable-date.ts";
import { TrackedProxy, frozenHint, hardenModules, isHardened } from "./lockdown.ts";
import { LEARNER_FILE, createModuleRegistry, type RegistrySpecifier } from "./modules.ts";
import { ALIVE_EVERY_MS, type RunRequest, type SandboxMessage } from "./protocol.ts";
import { createStackMapper } from "./source-map.ts";
import { BUNDLE_URL } from "./bundle.ts";
import { MISSING_KEY, missingMessage, type Missing } from "./link.ts";
import { warmUp, type WarmupOptions } from "./warmup.ts";
import type { TestResult } from "./verdict.ts";

/** SandboxHost is what a host gives the sandbox: its functions must be captured before any Run's code exists. */
export interface SandboxHost {
  /** instantiated, if given, is called once the Run's files have run (before any test). */
  instantiated?(): void;
  /** post sends a message to the host over the private channel. */
  post(message: SandboxMessage): void;
}

/** GosyncModules are the gosync namespaces, keyed by specifier (everything in the registry but "vitest"). */
export type GosyncModules = Record<Exclude<RegistrySpecifier, "vitest">, object>;

/** now is the realm's monotonic clock, captured at load (the Run's code sees gosync's virtual one). */
const now: () => number = performance.now.bind(performance);

/** PrepareOptions are a host's additions to what every Run's Compartment gets. */
export interface PrepareOptions {
  /**
   * endowments are globals of the host's own for the Run's code, over the sandbox's (the
   * browser's memory guard gives its `Array` and typed arrays); they are hardened with the rest.
   */
  endowments?: Endowments;
}

/** platformEndowment takes a built-in a ses Compartment lacks from this realm (see learner-globals.ts ENDOWED_GLOBALS). */
function platformEndowment(name: string): unknown {
  return Object.getOwnPropertyDescriptor(globalThis, name)?.value;
}

/**
 * prepareSandbox installs the registry (gosync + the "vitest" test API), hardens it and makes
 * the endowments every Run's Compartment gets. Call it once per realm, before any Run's code
 * exists; it returns what runInSandbox needs. It throws unless the realm was hardened first
 * (the sandbox entry imports lockdown-shim.ts before gosync and the harness).
 */
export function prepareSandbox(gosync: GosyncModules, options: PrepareOptions = {}) {
  if (!isHardened()) throw new Error("synclab: prepareSandbox in a realm that is not hardened (expected the sandbox entry to import runner/core/lockdown-shim.ts first)");
  const api = createTestApi();
  const expect = createExpect();
  const vitest = Object.freeze({
    test: api.test,
    it: api.it,
    describe: api.describe,
    expect,
  });
  const registry = createModuleRegistry({ ...gosync, vitest } as Record<RegistrySpecifier, object>);
  const sim = gosync["gosync/sim"] as unknown as Sim & { virtualGlobals: Endowments; reseedOutsideRuns(): void; refuseOutsideRuns(): void };
  // Outside a test nothing may start a goroutine or a timer: it would outlive the run on the host's clock.
  sim.refuseOutsideRuns();
  const console: ConsoleSink = createConsoleCapture();
  const endowments: Record<string, unknown> = {};
  for (const name of ENDOWED_GLOBALS) {
    const v = platformEndowment(name);
    if (v !== undefined) endowments[name] = v;
  }
  const virtual = sim.virtualGlobals as unknown as { Date: DateConstructor };
  Object.assign(endowments, sim.virtualGlobals, { Date: overridableDate(virtual.Date), console: console.console, Proxy: TrackedProxy }, options.endowments);
  sealExpect();
  hardenModules(registry); // the test API with it: test, describe, expect
  hardenModules(endowments);
  const compartments = new RunCompartments(Object.freeze(endowments));
  return { api, sim, expect, gosync, registry, console, compartments };
}

/** PreparedSandbox is what prepareSandbox returns. */
export type PreparedSandbox = ReturnType<typeof prepareSandbox>;

/**
 * warmSandbox primes a prepared realm's JIT with warmup.ts's built-in programs while it waits
 * for its Run (a spare realm); `shouldStop` ends it early when the Run arrives. Call it before
 * any Run's code is imported, and await it before runInSandbox (two simulations cannot overlap).
 */
export function warmSandbox(prepared: PreparedSandbox, opts: WarmupOptions): Promise<number> {
  return warmUp(prepared.gosync, prepared.expect as unknown as Parameters<typeof warmUp>[1], opts);
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e instanceof TypeError ? frozenHint(e.message) : ""}${sesRefusalHint(String(e.message))}`;
  try {
    return `thrown value: ${String(e)}`;
  } catch {
    return "thrown value that cannot be printed";
  }
}

/**
 * runInSandbox judges one Run (or, with `req.shard`, its share of the tests; with
 * `req.collectOnly`, none: it only reports the names collected) in a realm prepared by
 * prepareSandbox and posts its messages.
 */
/**
 * missingOf reads what the linked program found missing (link.ts: an export the tests import, a
 * method they call) from the error it threw, worded in both languages; undefined for any other
 * error. The error is the program's, but learner code ran before it: read it defensively.
 */
function missingOf(e: unknown): { en: string; zh: string } | undefined {
  try {
    if (!(e instanceof Error) || !Object.hasOwn(e, MISSING_KEY)) return undefined;
    const m = (e as unknown as Record<string, unknown>)[MISSING_KEY] as Missing;
    const names = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === "string");
    const ok = "exports" in m ? names(m.exports) : typeof m.className === "string" && names(m.methods) && typeof m.statics === "boolean";
    return ok ? { en: missingMessage(m, "en"), zh: missingMessage(m, "zh") } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * progressOf is a test's result as a `test-result` message carries it: without the detectors'
 * report, the blocking profile and the passing schedule, which `done` carries with the rest.
 * They are most of a failing Run's messages (a starter whose tests each fail with a trace:
 * ~150 KB), and sent twice they were cloned, checked and forwarded twice; a Run stopped before
 * `done` (the wall clock) shows the status and message of the tests it finished.
 */
function progressOf(result: TestResult): TestResult {
  const { report: _report, profile: _profile, passing: _passing, ...rest } = result;
  return rest;
}

export async function runInSandbox(req: RunRequest, prepared: PreparedSandbox, host: SandboxHost): Promise<void> {
  const { id } = req;
  const mapper = createStackMapper(req.map, BUNDLE_URL);
  prepared.api.registered.length = 0; // a realm that judged a Run before holds its tests
  prepared.console.reset();
  try {
    prepared.sim.reseedOutsideRuns();
    prepared.compartments.instantiateFor(req.code)(prepared.registry, req.collectOnly === true);
    host.instantiated?.();
  } catch (e) {
    const stack = e instanceof Error && typeof e.stack === "string" ? e.stack : undefined;
    const location = stack ? mapper.locate(stack) : undefined;
    // Hidden tests never throw at import; a throw located there is the exercise's fault.
    const missing = missingOf(e);
    if (missing) {
      // Named before any test runs, in the page's language too; where the linker threw says nothing.
      host.post({ type: "load-error", id, status: "runtime-error", message: missing.en, zh: missing.zh });
      return;
    }
    const learners = !location || location.file === LEARNER_FILE;
    host.post({
      type: "load-error",
      id,
      status: learners ? "runtime-error" : "internal-error",
      message: learners ? `solution.ts threw while being imported: ${mapper.text(errorMessage(e))}` : `the hidden tests threw while being imported: ${mapper.text(errorMessage(e))}`,
      ...(location ? { location } : {}),
      ...(stack ? { stack: mapper.stack(stack) } : {}),
    });
    return;
  }
  const registered = prepared.api.registered;
  host.post({ type: "collected", id, names: registered.map((t) => t.name) });
  if (req.collectOnly) {
    host.post({ type: "done", id, tests: [] });
    return;
  }
  const names = registered.map((t) => t.name);
  // Each test after the first gets a fresh load of the files (a fresh Compartment if the last
  // one's global object changed): no module state crosses tests, so neither the shard a test
  // falls in nor the order of the others changes its verdict. Only the first load prints.
  const fresh = (index: number) => {
    prepared.api.registered.length = 0;
    prepared.console.mute(true);
    try {
      prepared.sim.reseedOutsideRuns();
      prepared.compartments.instantiateFor(req.code)(prepared.registry);
    } finally {
      prepared.console.mute(false);
    }
    const t = prepared.api.registered[index];
    return t !== undefined && t.name === names[index] ? t.fn : undefined;
  };
  // Progress, at most every ALIVE_EVERY_MS: the host's wall clock runs only while none comes.
  let lastPost = now();
  const post = (m: SandboxMessage) => {
    lastPost = now();
    host.post(m);
  };
  const tests = await runTests([...registered], req.limits, prepared.sim, mapper, {
    testStart: (name, index, total) => post({ type: "test-start", id, name, index, total }),
    testEnd: (result, index, total) => post({ type: "test-result", id, result: progressOf(result), index, total }),
    schedule: () => {
      if (now() - lastPost >= ALIVE_EVERY_MS) post({ type: "alive", id });
    },
  }, req.shard, fresh);
  host.post({ type: "done", id, tests, ...(req.shard ? { shard: req.shard } : {}) });
}
