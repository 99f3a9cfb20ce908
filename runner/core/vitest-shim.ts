/**
 * vitest-shim.ts — the "vitest" the hidden tests see under REAL Vitest (CI): Vitest's own
 * `test`/`describe`/`expect`, with each test body wrapped exactly as the sandbox harness wraps
 * it — `judgeTest` runs the body as goroutine 1 under sim.explore with the exercise's limits,
 * and replays the first failing schedule. Runs in Vitest's worker (Node).
 * vitest-plugin.ts points the hidden tests' `import … from "vitest"` here.
 */
import { describe, expect, it as vitestIt, test as vitestTest } from "vitest";
import * as sim from "gosync/sim";
import { judgeTest, type Limits, type Sim } from "./harness.ts";
import { detectorReports, scheduleText } from "./report-text.ts";
import { en, isBilingual, type Text } from "./bilingual.ts";

type Body = () => unknown;
type TestFn = (name: Text, fn?: Body, timeout?: number) => void;
type GroupFn = (name: Text, fn: () => void) => void;

/** failureError turns a judged failure into the error Vitest prints: the assertion itself, or the message and the detectors' reports, with the seed. */
function failureError(j: Awaited<ReturnType<typeof judgeTest>>): unknown {
  const seed = j.schedule ? `\n\nschedule: ${scheduleText(j.schedule)}` : "";
  if (j.status === "fail" && j.error instanceof Error) {
    j.error.message += seed;
    return j.error;
  }
  const reports = detectorReports(j).map((b) => `\n\n${b.text}`).join("");
  return new Error(`[${j.status}] ${j.message ?? "the test failed"}${reports}${seed}`);
}

/** wrap returns a Vitest body that judges `fn` under the simulator. */
export function wrap(fn: Body, limits: Limits): () => Promise<void> {
  return async () => {
    const j = await judgeTest(fn, limits, sim as unknown as Sim);
    if (j.status !== "pass") throw failureError(j);
  };
}

/**
 * englishExpect is Vitest's `expect` taking a message as the sandbox's does, a string or
 * `{ en, zh }`: Vitest prints the English. Everything else on `expect` is Vitest's own.
 */
const englishExpect = new Proxy(expect, {
  apply(target, self, args: unknown[]) {
    const [value, message, ...rest] = args;
    return Reflect.apply(target, self, [value, isBilingual(message) ? message.en : message, ...rest]);
  },
}) as unknown as ((value: unknown, message?: Text) => ReturnType<typeof expect>) & typeof expect;

/** makeShim returns the module the hidden tests of one exercise import as "vitest"; names may be `{ en, zh }` (Vitest shows the English). */
export function makeShim(limits: Limits) {
  const make = (base: typeof vitestTest): TestFn & { skip: TestFn; only: TestFn; todo: (name: Text) => void } => {
    const t = ((name: Text, fn?: Body, timeout?: number) => base(en(name), fn && wrap(fn, limits), timeout)) as TestFn;
    return Object.assign(t, {
      skip: ((name: Text, fn?: Body) => base.skip(en(name), fn && wrap(fn, limits))) as TestFn,
      only: ((name: Text, fn?: Body, timeout?: number) => base.only(en(name), fn && wrap(fn, limits), timeout)) as TestFn,
      todo: (name: Text) => base.todo(en(name)),
    });
  };
  const group = (base: (name: string, fn: () => void) => void): GroupFn => (name, fn) => base(en(name), fn);
  const groups = Object.assign(group(describe), { skip: group(describe.skip), only: group(describe.only) });
  return { test: make(vitestTest), it: make(vitestIt), describe: groups, expect: englishExpect };
}
