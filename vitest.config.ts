import { defineConfig } from "vitest/config";
import { hiddenTestsPlugin } from "./runner/core/vitest-plugin.ts";

// Unit and conformance tests: specs beside the code in runner/ and site/, cross-cutting tests in tests/unit.
// Browser tests (tests/browser) run against the built site through playwright-core, not Vitest.
// Each exercise's hidden.test.ts also runs here, against its .meta/solution.ts, through the
// simulator shim (runner/core/vitest-plugin.ts).
export default defineConfig({
  plugins: [hiddenTestsPlugin()],
  test: {
    include: ["runner/**/*.spec.ts", "site/**/*.spec.ts", "tests/unit/**/*.test.ts", "exercises/*/*/hidden.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
  },
});
