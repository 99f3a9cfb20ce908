/**
 * vitest-plugin.ts — lets each exercise's hidden.test.ts run under REAL Vitest against its
 * reference solution, unchanged: from a hidden.test.ts, `"vitest"` resolves to the shim
 * (vitest-shim.ts, configured with that exercise's limits) and `"./solution.ts"` to
 * `.meta/solution.ts`. Every other importer resolves as usual. Runs in Vite/Vitest (Node).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SHIM = fileURLToPath(new URL("./vitest-shim.ts", import.meta.url));
const PREFIX = "\0synclab-vitest:";
const HIDDEN = /[\\/]exercises[\\/][^\\/]+[\\/][^\\/]+[\\/]hidden\.test\.ts$/;

/** hiddenTestsPlugin is the Vite plugin; add it to the Vitest config that includes exercises/*\/*\/hidden.test.ts. */
export function hiddenTestsPlugin() {
  return {
    name: "synclab-hidden-tests",
    enforce: "pre" as const,
    resolveId(source: string, importer: string | undefined) {
      if (!importer || !HIDDEN.test(importer)) return null;
      const dir = dirname(importer);
      if (source === "vitest") return `${PREFIX}${dir}`;
      if (source === "./solution.ts") return join(dir, ".meta", "solution.ts");
      return null;
    },
    load(id: string) {
      if (!id.startsWith(PREFIX)) return null;
      const dir = id.slice(PREFIX.length);
      return [
        `import { makeShim } from ${JSON.stringify(SHIM)};`,
        `import config from ${JSON.stringify(join(dir, ".meta", "config.json"))};`,
        `export const { test, it, describe, expect } = makeShim(config.limits);`,
      ].join("\n");
    },
  };
}
