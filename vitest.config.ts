import { defineConfig } from "vitest/config";

// Unit and conformance tests: specs beside the code in runner/ and site/, cross-cutting tests in tests/unit.
// Browser tests (tests/browser) run against the built site through playwright-core, not Vitest.
export default defineConfig({
  test: {
    include: ["runner/**/*.spec.ts", "site/**/*.spec.ts", "tests/unit/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
  },
});
