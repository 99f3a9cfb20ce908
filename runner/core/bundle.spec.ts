import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import { BUNDLE_URL, bundleRun, createBundler } from "./bundle.ts";
import { createStackMapper } from "./source-map.ts";

const tests = `import { test, expect } from "vitest";\nimport { C } from "./solution.ts";\ntest("c", async () => { expect(await new C().f()).toBe(1); });\n`;

describe("bundleRun", () => {
  test("bundles solution.ts and the hidden tests, reading gosync and vitest from the registry", async () => {
    const r = await bundleRun(esbuild, {
      solution: `import { Mutex } from "gosync/sync";\nexport class C {\n  mu = new Mutex();\n  async f() {\n    using _ = await this.mu.lock();\n    return 1;\n  }\n}\n`,
      tests,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.code).toContain('Symbol.for("synclab.modules")');
    expect(r.code).not.toMatch(/^\s*using /m); // es2022 lowers `using`
    expect(r.code.trimEnd().endsWith(`//# sourceURL=${BUNDLE_URL}`)).toBe(true);
    expect(JSON.parse(r.map).sources).toEqual(expect.arrayContaining(["synclab-src:solution.ts", "synclab-src:hidden.test.ts"]));
  });

  test("reports a syntax error at its line and 1-based column in solution.ts", async () => {
    const r = await bundleRun(esbuild, { solution: `export class C {\n  f() { return 1 +; }\n}\n`, tests });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([{ file: "solution.ts", line: 2, column: 19, message: 'Unexpected ";"', severity: "error" }]);
  });

  test("reports an import outside the module map where it is written, listing what can be imported", async () => {
    const r = await bundleRun(esbuild, { solution: `import { readFileSync } from "node:fs";\nexport class C { f() { return readFileSync; } }\n`, tests });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: "solution.ts", line: 1, column: 30, severity: "error" });
    expect(r.diagnostics[0]!.message).toMatch(/^Cannot import "node:fs" in solution.ts: only these modules can be imported: "gosync", "gosync\/sync"/);
  });

  test("keeps the learner from importing the harness", async () => {
    const r = await bundleRun(esbuild, { solution: `import { expect } from "vitest";\nexport class C { f() { return expect; } }\n`, tests });
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^Cannot import "vitest" in solution.ts/)]);
  });

  test("maps a bundle position back to the learner's line", async () => {
    const solution = `export class C {\n  async f() {\n    throw new Error("boom");\n  }\n}\n`;
    const r = await bundleRun(esbuild, { solution, tests });
    const lines = r.code.split("\n");
    const line = lines.findIndex((l) => l.includes('throw new Error("boom")')) + 1;
    const col = lines[line - 1]!.indexOf("throw") + 1;
    const m = createStackMapper(r.map, BUNDLE_URL);
    expect(m.position(line, col)).toEqual({ file: "solution.ts", line: 3, column: 5 });
    const stack = `Error: boom\n    at C.f (${BUNDLE_URL}:${line}:${col})\n    at run (synclab:///gosync/dist/x.js:1:2)`;
    expect(m.stack(stack)).toBe("Error: boom\n    at C.f (solution.ts:3:5)");
    expect(m.locate(stack)).toEqual({ file: "solution.ts", line: 3, column: 5 });
    expect(m.text(`blocked at ${BUNDLE_URL}:${line}:${col}`)).toBe("blocked at solution.ts:3:5");
  });
});

describe("createBundler", () => {
  test("gives each Run the same bundle as bundleRun, also after a Run that failed to bundle", async () => {
    const bundler = createBundler(esbuild);
    const runs = [
      `export class C {\n  async f() {\n    return 1;\n  }\n}\n`,
      `export class C {\n  f() { return 1 +; }\n}\n`,
      `import { Mutex } from "gosync/sync";\nexport class C {\n  mu = new Mutex();\n  async f() {\n    using _ = await this.mu.lock();\n    return 1;\n  }\n}\n`,
      `export class C {\n  async f() {\n    return 1;\n  }\n}\n`,
    ];
    try {
      const got = await Promise.all(runs.map((solution) => bundler.bundle({ solution, tests })));
      for (const [i, solution] of runs.entries()) {
        const want = await bundleRun(esbuild, { solution, tests });
        const { ms: _a, ...g } = got[i]!;
        const { ms: _b, ...w } = want;
        expect(g, `Run ${i + 1}`).toEqual(w);
      }
      expect(got.map((r) => r.ok)).toEqual([true, false, true, true]);
    } finally {
      await bundler.dispose();
    }
  });
});
