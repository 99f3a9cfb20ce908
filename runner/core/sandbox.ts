/**
 * sandbox.ts — what runs inside a sandbox realm for one Run (browser worker, Node worker
 * thread): install the module registry, harden the realm, import the Run's bundle, judge every
 * collected test, and report through the host's channel. Host-agnostic: the host supplies how
 * to import code and how to post a message (captured before any learner code exists).
 *
 * The registry (handed to each Run's instantiate, never global) and the lockdown are per
 * realm; each Run starts with no collected tests. Learner
 * code may leave anything behind in a realm, so a host judges another Run in it only after
 * checking that nothing was left (the browser host, runner/browser/recycle.ts); the Node host
 * throws every realm away.
 */
import { createExpect, sealExpect } from "./expect.ts";
import { createTestApi, runTests, type Sim } from "./harness.ts";
import { frozenHint, hardenModules, lockdown } from "./lockdown.ts";
import { LEARNER_FILE, createModuleRegistry, type RegistrySpecifier } from "./modules.ts";
import type { RunRequest, SandboxMessage } from "./protocol.ts";
import { createStackMapper } from "./source-map.ts";
import { BUNDLE_URL } from "./bundle.ts";
import { warmUp, type WarmupOptions } from "./warmup.ts";

/** SandboxHost is what a host gives the sandbox: both functions must be captured before learner code runs. */
export interface SandboxHost {
  /**
   * importBundle imports the Run's ESM bundle as a module (data: URL, blob: URL…) and returns its
   * namespace. It may return the module it imported for the same code before: runInSandbox runs
   * the files afresh with the module's `instantiate` (link.ts) either way.
   */
  importBundle(code: string): Promise<unknown>;
  /** instantiated, if given, is called once the Run's files have run (before any test). */
  instantiated?(): void;
  /** post sends a message to the host over the private channel. */
  post(message: SandboxMessage): void;
}

/** GosyncModules are the gosync namespaces, keyed by specifier (everything in the registry but "vitest"). */
export type GosyncModules = Record<Exclude<RegistrySpecifier, "vitest">, object>;

/**
 * prepareSandbox installs the registry (gosync + the "vitest" test API) and hardens the realm.
 * Call it once per realm, before any Run's code is imported; it returns what runInSandbox needs.
 */
export function prepareSandbox(gosync: GosyncModules, extraGlobals: readonly string[] = []) {
  const api = createTestApi();
  const expect = createExpect();
  const vitest = Object.freeze({
    test: api.test,
    it: api.it,
    describe: api.describe,
    expect,
  });
  const registry = createModuleRegistry({ ...gosync, vitest } as Record<RegistrySpecifier, object>);
  const sim = gosync["gosync/sim"] as unknown as Sim;
  sealExpect();
  Object.freeze(api.test);
  Object.freeze(api.describe);
  lockdown(extraGlobals);
  hardenModules(registry);
  return { api, sim, expect, gosync, registry };
}

/**
 * warmSandbox primes a prepared realm's JIT with warmup.ts's built-in programs while it waits
 * for its Run (a spare realm); `shouldStop` ends it early when the Run arrives. Call it before
 * any Run's code is imported, and await it before runInSandbox (two simulations cannot overlap).
 */
export function warmSandbox(prepared: ReturnType<typeof prepareSandbox>, opts: WarmupOptions): Promise<number> {
  return warmUp(prepared.gosync, prepared.expect as unknown as Parameters<typeof warmUp>[1], opts);
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e instanceof TypeError ? frozenHint(e.message) : ""}`;
  try {
    return `thrown value: ${String(e)}`;
  } catch {
    return "thrown value that cannot be printed";
  }
}

/**
 * runInSandbox judges one Run (or, with `req.shard`, its share of the tests) in a realm
 * prepared by prepareSandbox and posts its messages.
 */
export async function runInSandbox(
  req: RunRequest,
  prepared: ReturnType<typeof prepareSandbox>,
  host: SandboxHost,
): Promise<void> {
  const { id } = req;
  const mapper = createStackMapper(req.map, BUNDLE_URL);
  prepared.api.registered.length = 0; // a realm that judged a Run before holds its tests
  try {
    const ns = (await host.importBundle(req.code)) as { default?: unknown } | null;
    if (typeof ns?.default !== "function") throw new Error("synclab: the Run's bundle has no instantiate function (expected link.ts's module)");
    ns.default(prepared.registry);
    host.instantiated?.();
  } catch (e) {
    const stack = e instanceof Error && typeof e.stack === "string" ? e.stack : undefined;
    const location = stack ? mapper.locate(stack) : undefined;
    // Hidden tests never throw at import; a throw located there is the exercise's fault.
    const learners = !location || location.file === LEARNER_FILE;
    host.post({
      type: "load-error",
      id,
      status: learners ? "runtime-error" : "internal-error",
      message: learners
        ? `solution.ts threw while being imported: ${mapper.text(errorMessage(e))}`
        : `the hidden tests threw while being imported: ${mapper.text(errorMessage(e))}`,
      ...(location ? { location } : {}),
      ...(stack ? { stack: mapper.stack(stack) } : {}),
    });
    return;
  }
  const registered = prepared.api.registered;
  host.post({ type: "collected", id, names: registered.map((t) => t.name) });
  const tests = await runTests(registered, req.limits, prepared.sim, mapper, {
    testStart: (name, index, total) => host.post({ type: "test-start", id, name, index, total }),
    testEnd: (result, index, total) => host.post({ type: "test-result", id, result, index, total }),
  }, req.shard);
  host.post({ type: "done", id, tests, ...(req.shard ? { shard: req.shard } : {}) });
}
