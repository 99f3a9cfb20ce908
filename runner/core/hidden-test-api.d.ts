/**
 * hidden-test-api.d.ts — the types of the "vitest" module as the hidden tests see it: Vitest's
 * `test`/`it`/`describe`/`expect`, with names and assertion messages that may be given in both of
 * the site's languages, `{ en, zh }` (see bilingual.ts). The sandbox's harness (harness.ts,
 * expect.ts) and real Vitest's shim (vitest-shim.ts) both take them; the typecheck of hidden
 * tests (tests/unit/exercise-typecheck.test.ts) resolves "vitest" here.
 */
import type { Assertion, ExpectStatic } from "@vitest/expect";
import type { Text } from "./bilingual.ts";

type Body = () => unknown;

export interface TestFunction {
  (name: Text, fn?: Body, timeout?: number): void;
  skip(name: Text, fn?: Body, timeout?: number): void;
  only(name: Text, fn?: Body, timeout?: number): void;
  todo(name: Text): void;
}

export interface DescribeFunction {
  (name: Text, fn: () => void): void;
  skip(name: Text, fn: () => void): void;
  only(name: Text, fn: () => void): void;
}

export interface HiddenExpect extends ExpectStatic {
  <T>(actual: T, message?: Text): Assertion<T>;
}

export declare const test: TestFunction;
export declare const it: TestFunction;
export declare const describe: DescribeFunction;
export declare const expect: HiddenExpect;
