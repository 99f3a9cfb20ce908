/**
 * harness-adapter — what the run worker needs from a harness, and the bridge to one.
 *
 * Runs in the run worker. The contract:
 * - `require(specifier)` (installed as a non-writable global) answers the bundle's external
 *   imports: the gosync entry points and the hidden tests' `vitest`;
 * - `beginRegistration()`/`endRegistration()` bracket the evaluation of the bundle, during which
 *   the hidden tests register through `vitest`'s `test`/`describe`;
 * - `run()` runs the registered tests and returns the Verdict.
 *
 * STAND-IN: until runner/core/harness.ts (the runner helper's) lands, this module runs each test
 * body once, without the gosync simulator, with `@vitest/expect` matchers. It exists so that the
 * sandbox, its limits and the editor can be built and tested; the verdicts it gives for
 * concurrency detectors (race, leak, deadlock) are not the judge's.
 */
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai, GLOBAL_EXPECT, setState } from "@vitest/expect";
import type { RunLimits, SourceLocation, TestResult, Verdict } from "./protocol.ts";

export interface HarnessRun {
  exerciseId: string;
  limits: RunLimits;
  locate: (stack: string | undefined) => SourceLocation | undefined;
  onProgress: (p: { done: number; total: number; test?: string }) => void;
}

export interface Harness {
  beginRegistration(): void;
  endRegistration(): void;
  run(opts: HarnessRun): Promise<Verdict>;
}

interface Registered {
  name: string;
  body: () => unknown;
}

export function createHarness(): Harness {
  chai.use(JestExtend);
  chai.use(JestChaiExpect);
  chai.use(JestAsymmetricMatchers);
  const expect = ((value: unknown, message?: string) => {
    setState({ assertionCalls: 0 }, expect as never);
    return chai.expect(value, message);
  }) as unknown as ((value: unknown, message?: string) => Chai.Assertion) & Record<string, unknown>;
  Object.assign(expect, chai.expect);
  (globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

  const tests: Registered[] = [];
  const prefix: string[] = [];
  let open = false;
  const register = (name: string, body: () => unknown) => {
    if (!open) throw new Error(`test "${name}" registered after the tests started`);
    tests.push({ name: [...prefix, name].join(" > "), body });
  };
  const vitest = Object.freeze({
    test: register,
    it: register,
    describe(name: string, body: () => void) {
      prefix.push(name);
      try {
        body();
      } finally {
        prefix.pop();
      }
    },
    expect,
  });
  const missing = (spec: string) =>
    new Proxy(
      {},
      {
        get(_t, key) {
          throw new Error(`${spec} is not available in this build of the sandbox (asked for "${String(key)}")`);
        },
      },
    );
  const modules: Record<string, unknown> = { vitest };
  const require = (spec: string) => (Object.hasOwn(modules, spec) ? modules[spec] : missing(spec));
  Object.defineProperty(globalThis, "require", { value: require, writable: false, configurable: false });

  return {
    beginRegistration() {
      open = true;
    },
    endRegistration() {
      open = false;
    },
    async run({ exerciseId, locate, onProgress }) {
      const results: TestResult[] = [];
      for (const [i, t] of tests.entries()) {
        onProgress({ done: i, total: tests.length, test: t.name });
        try {
          await t.body();
          results.push({ name: t.name, status: "pass" });
        } catch (err) {
          const e = err as { message?: unknown; expected?: unknown; actual?: unknown; stack?: unknown; showDiff?: unknown };
          results.push({
            name: t.name,
            status: "fail",
            message: String(e?.message ?? err),
            ...(e?.expected !== undefined ? { expected: safeJSON(e.expected) } : {}),
            ...(e?.actual !== undefined ? { actual: safeJSON(e.actual) } : {}),
            location: locate(typeof e?.stack === "string" ? e.stack : undefined),
          });
        }
      }
      onProgress({ done: tests.length, total: tests.length });
      const failed = results.some((r) => r.status !== "pass");
      return {
        version: 1,
        exerciseId,
        status: tests.length === 0 ? "internal-error" : failed ? "fail" : "pass",
        tests: results,
        diagnostics: [],
        timings: { bundleMs: 0, runMs: 0 },
        ...(tests.length === 0 ? { message: "no hidden test was registered" } : {}),
      };
    },
  };
}

function safeJSON(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
