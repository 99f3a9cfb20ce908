import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import { evaluatePlain } from "./compartment.ts";
import { BUNDLE_URL, bundleRun, compileFile, createBundler, type BundleResult, type CompiledAhead, type EsbuildLike } from "./bundle.ts";

import { createStackMapper } from "./source-map.ts";

const tests = `import { test, expect } from "vitest";\nimport { C } from "./solution.ts";\ntest("c", async () => { expect(await new C().f()).toBe(1); });\n`;
const withMutex = `import { Mutex } from "gosync/sync";\nexport class C {\n  mu = new Mutex();\n  async f() {\n    using _ = await this.mu.lock();\n    return 1;\n  }\n}\n`;

/**
 * disposalScenarios exercises `using` / `await using` where the helpers' paths part: each line
 * says what a block returned or threw and in which order its resources were disposed.
 */
const disposalScenarios = `
const log: string[] = [];
const res = (name: string, fail = false) => ({ [Symbol.dispose]() { log.push("dispose " + name); if (fail) throw new Error("dispose " + name); } });
const ares = (name: string) => ({ async [Symbol.asyncDispose]() { await null; log.push("async dispose " + name); } });
const show = (e: any): string =>
  e?.name === "SuppressedError" ? \`SuppressedError(\${show(e.error)}, \${show(e.suppressed)})\` : e instanceof TypeError ? "TypeError" : e instanceof Error ? \`\${e.name}: \${e.message}\` : String(e);
export async function scenarios(): Promise<string[]> {
  const out: string[] = [];
  const run = async (name: string, f: () => unknown) => {
    log.length = 0;
    try {
      out.push(\`\${name}: returned \${await f()} [\${log.join(", ")}]\`);
    } catch (e) {
      out.push(\`\${name}: threw \${show(e)} [\${log.join(", ")}]\`);
    }
  };
  await run("reverse order", () => { using a = res("a"); using b = res("b"); log.push("body"); return 1; });
  await run("null and undefined", () => { using a = null; using b = undefined; using c = res("c"); return 2; });
  await run("body throws", () => { using a = res("a"); throw new Error("body"); });
  await run("dispose throws", () => { using a = res("a", true); using b = res("b"); return 3; });
  await run("body and dispose throw", () => { using a = res("a", true); using b = res("b", true); throw new Error("body"); });
  await run("not disposable", () => { using a = {} as any; return 4; });
  await run("a number", () => { using a = 5 as any; return 5; });
  await run("a function with dispose", () => { using f = Object.assign(() => 0, { [Symbol.dispose]() { log.push("dispose f"); } }); return 6; });
  await run("await using among using", async () => { using a = res("a"); await using b = ares("b"); using c = res("c", true); log.push("body"); return 7; });
  await run("await using a sync resource", async () => { await using b = res("b"); return 8; });
  await run("after an await", async () => { using a = res("a"); await null; using b = res("b", true); return 9; });
  await run("in a loop", () => { for (const x of ["1", "2"]) { using a = res(x); log.push("body " + x); } return 10; });
  return out;
}
`;

/** importBundle evaluates a Run's program in this plain realm and instantiates it with a registry holding `modules`. */
async function importBundle(code: string, modules: Record<string, object>): Promise<{ default: Record<string, unknown> }> {
  return { default: evaluatePlain(code, globalThis)(modules as never) as Record<string, unknown> };
}

describe("bundleRun", () => {
  test("joins solution.ts and the hidden tests, reading gosync and vitest from the registry", async () => {
    const r = await bundleRun(esbuild, { solution: withMutex, tests });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.code).toContain("function instantiate(registry, collecting)");
    expect(r.code.replace(/^\(function \(\) \{ const \{ .* \} = arguments\[0\];/m, "")).not.toMatch(/globalThis/); // the registry is handed over, never read from the global object
    expect(r.code).not.toMatch(/^\s*using /m); // es2022 lowers `using`
    expect(r.code.trimEnd().endsWith(`//# sourceURL=${BUNDLE_URL}`)).toBe(true);
    const map = JSON.parse(r.map) as { sections: { map: { sources: string[] } }[] };
    expect(map.sections.flatMap((s) => s.map.sources)).toEqual(["solution.ts", "hidden.test.ts"]);
  });

  test("lowers `using` to esbuild's helpers with the fast paths installed, and they behave as the engine's own `using`", async () => {
    const r = await bundleRun(esbuild, { solution: disposalScenarios, tests: `export { scenarios } from "./solution.ts";\n` });
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain("__using = __synclab_fastUsing(__using);");
    expect(r.code).toContain("__callDispose = __synclab_fastDispose(__callDispose);");
    const lowered = (await importBundle(r.code, {})).default as { scenarios: () => Promise<string[]> };
    const native = await esbuild.transform(disposalScenarios, { loader: "ts", format: "esm", target: "esnext" });
    expect(native.code).toMatch(/^\s*using a = res\("a"\);$/m);
    const reference = (await import(`data:text/javascript;base64,${Buffer.from(native.code).toString("base64")}`)) as { scenarios: () => Promise<string[]> };
    const want = await reference.scenarios();
    expect(want).toContain('body and dispose throw: threw SuppressedError(Error: dispose a, SuppressedError(Error: dispose b, Error: body)) [dispose b, dispose a]');
    expect(await lowered.scenarios()).toEqual(want);
  });

  test("gives the hidden tests the learner's exports and each file the registry's modules", async () => {
    const seen: string[] = [];
    const r = await bundleRun(esbuild, {
      solution: `import { go } from "gosync";\nimport type { Mutex } from "gosync/sync";\nexport const who = (m?: Mutex) => go("solution");\n`,
      tests: `import { test } from "vitest";\nimport { who } from "./solution.ts";\ntest("t", () => {});\nexport const answer = who();\n`,
    });
    expect(r.diagnostics).toEqual([]);
    const mod = await importBundle(r.code, {
      gosync: { go: (x: string) => (seen.push(x), 42) },
      vitest: { test: (name: string) => seen.push(`test ${name}`) },
    });
    expect(mod.default.answer).toBe(42);
    expect(seen).toEqual(["test t", "solution"]);
  });

  test("reads undefined for a type imported without `import type`, as a compiler that elides it would", async () => {
    const r = await bundleRun(esbuild, {
      solution: `import { Mutex, Locker } from "gosync/sync";\nexport const f = (l: Locker) => new Mutex();\n`,
      tests: `export { f } from "./solution.ts";\n`,
    });
    expect(r.ok).toBe(true);
    class Mutex {}
    const mod = await importBundle(r.code, { "gosync/sync": { Mutex } });
    expect((mod.default.f as () => unknown)()).toBeInstanceOf(Mutex);
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

  test("reports every forbidden import, relative files and installed packages alike", async () => {
    const r = await bundleRun(esbuild, {
      solution: `import "./helpers.ts";\nimport { z } from "zod";\nimport { go } from "gosync";\nexport const x = [z, go];\n`,
      tests,
    });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      expect.stringMatching(/^1:8 Cannot import "\.\/helpers\.ts" in solution\.ts: only these modules/),
      expect.stringMatching(/^2:19 Cannot import "zod" in solution\.ts: only these modules/),
    ]);
  });

  test("keeps the learner from importing the harness, the simulator, their own file and gosync paths that do not exist", async () => {
    for (const spec of ["vitest", "gosync/sim", "./solution.ts", "gosync/src/sim/scheduler.ts"]) {
      const r = await bundleRun(esbuild, { solution: `import * as m from "${spec}";\nexport const C = m;\n`, tests });
      expect(r.diagnostics.map((d) => d.message), spec).toEqual([expect.stringMatching(new RegExp(`^Cannot import "${spec.replace(/[./]/g, "\\$&")}" in solution.ts`))]);
    }
  });

  test("refuses a require() written by hand: at compile time if it names a module, else at run time with the same message", async () => {
    const declared = `declare const require: (s: string) => unknown;\n`;
    const named = await bundleRun(esbuild, { solution: `${declared}export const fs = () => require("node:fs");\n`, tests });
    expect(named.diagnostics).toEqual([expect.objectContaining({ line: 2, column: 33, message: expect.stringMatching(/^Cannot import "node:fs" in solution.ts/) })]);
    const r = await bundleRun(esbuild, { solution: `${declared}export const fs = () => require(["node", "fs"].join(":"));\n`, tests: `export { fs } from "./solution.ts";\n` });
    expect(r.ok).toBe(true);
    const mod = await importBundle(r.code, {});
    expect(() => (mod.default.fs as () => unknown)()).toThrow(/^Cannot import "node:fs" in solution.ts: only these modules can be imported: "gosync"/);
  });

  test("explains top-level await in the learner's words", async () => {
    const r = await bundleRun(esbuild, { solution: `export const x = await Promise.resolve(1);\n`, tests });
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: "solution.ts", line: 1, column: 18, message: expect.stringMatching(/^top-level await is not supported in solution.ts/) })]);
  });

  test("maps a bundle position back to the learner's line and to the hidden tests' line", async () => {
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
    // A message of megabytes is cut before the mapper copies it; the frames still map.
    const huge = `Error: ${"A".repeat(2_000_000)}\n    at C.f (${BUNDLE_URL}:${line}:${col})`;
    expect(m.stack(huge)).toMatch(/^Error: A{16377}… \(\d+ more characters\)\n {4}at C\.f \(solution\.ts:3:5\)$/);
    expect(m.locate(huge)).toEqual({ file: "solution.ts", line: 3, column: 5 });
    const testLine = lines.findIndex((l) => l.includes("new import_solution.C().f()")) + 1;
    const testCol = lines[testLine - 1]!.indexOf("expect") + 1;
    expect(m.position(testLine, testCol)).toEqual({ file: "hidden.test.ts", line: 3, column: 25 });
  });

  test("drops frames in the bundle's glue (link.ts's helpers) from dumps, and keeps every other frame", async () => {
    const r = await bundleRun(esbuild, { solution: withMutex, tests });
    const lines = r.code.split("\n");
    const glue = `${BUNDLE_URL}:${lines.findIndex((l) => l.includes("__synclab_fastDispose = ")) + 1}:5`;
    const learner = `${BUNDLE_URL}:${lines.findIndex((l) => l.includes("= __using(_stack, await this.mu.lock())")) + 1}:7`;
    const m = createStackMapper(r.map, BUNDLE_URL);
    expect(m.frame(glue)).toBeUndefined();
    expect(m.frame(learner)).toMatch(/^solution\.ts:5:\d+$/);
    expect(m.frame("node:internal/x.js:1:2")).toBe("node:internal/x.js:1:2");
    const dump = `goroutine 2 [running]:\n\t${glue}\n\t${learner}\ncreated by goroutine 1`;
    expect(m.text(dump)).toMatch(/^goroutine 2 \[running\]:\n\tsolution\.ts:5:\d+\ncreated by goroutine 1$/);
    expect(m.text(`one line: ${glue}`)).toBe(`one line: ${glue}`);
  });
});

/** withoutMs is a BundleResult without its timing, for comparing two bundles. */
const withoutMs = ({ ms: _, ...rest }: BundleResult) => rest;

/** countingEsbuild is native esbuild that records which file each build compiled. */
function countingEsbuild() {
  const files: string[] = [];
  const counting: EsbuildLike = {
    build(options) {
      files.push((options.stdin as { sourcefile: string }).sourcefile);
      return esbuild.build(options as esbuild.BuildOptions);
    },
  };
  return { files, counting };
}

describe("createBundler", () => {
  test("gives each Run the same bundle as bundleRun, also after a Run that failed to bundle", async () => {
    const bundler = createBundler(esbuild);
    const runs = [
      `export class C {\n  async f() {\n    return 1;\n  }\n}\n`,
      `export class C {\n  f() { return 1 +; }\n}\n`,
      withMutex,
      `export class C {\n  async f() {\n    return 1;\n  }\n}\n`,
    ];
    const got = await Promise.all(runs.map((solution) => bundler.bundle({ solution, tests })));
    for (const [i, solution] of runs.entries()) {
      const want = await bundleRun(esbuild, { solution, tests });
      expect(withoutMs(got[i]!), `Run ${i + 1}`).toEqual(withoutMs(want));
    }
    expect(got.map((r) => r.ok)).toEqual([true, false, true, true]);
  });

  test("compiles the learner's file once while it stays the same (a host may compile ahead)", async () => {
    const { files, counting } = countingEsbuild();
    const bundler = createBundler(counting);
    const solution = `export class C { async f() { return 1; } }\n`;
    const ahead = await bundler.bundle({ solution, tests });
    const run = await bundler.bundle({ solution, tests });
    await bundler.bundle({ solution: solution + "// edited\n", tests });
    expect(files.sort()).toEqual(["hidden.test.ts", "solution.ts", "solution.ts"]);
    expect(withoutMs(run)).toEqual(withoutMs(ahead));
  });

  test("compiles the hidden tests once while they stay the same", async () => {
    const { files, counting } = countingEsbuild();
    const bundler = createBundler(counting);
    for (const n of [1, 2, 3]) await bundler.bundle({ solution: `export class C { async f() { return ${n}; } }\n`, tests });
    await bundler.bundle({ solution: `export class C { async f() { return 4; } }\n`, tests: tests + "// changed\n" });
    expect(files.sort()).toEqual(["hidden.test.ts", "hidden.test.ts", "solution.ts", "solution.ts", "solution.ts", "solution.ts"]);
  });

  test("bundles a Run of files compiled ahead (seed) without esbuild, as bundleRun would, and compiles any other text", async () => {
    const starter = `export class C { async f() { return 1; } }\n`;
    const ahead: CompiledAhead[] = [
      { file: "hidden.test.ts", text: tests, compiled: await compileFile(esbuild, "hidden.test.ts", tests) },
      { file: "solution.ts", text: starter, compiled: await compileFile(esbuild, "solution.ts", starter) },
    ];
    // An esbuild that never answers: a Run that needed it would not end.
    const builds: string[] = [];
    const waiting: EsbuildLike = { build: (o) => (builds.push((o.stdin as { sourcefile: string }).sourcefile), new Promise(() => undefined)) };
    const bundler = createBundler(waiting);
    bundler.seed(ahead);
    const got = await bundler.bundle({ solution: starter, tests });
    expect(withoutMs(got)).toEqual(withoutMs(await bundleRun(esbuild, { solution: starter, tests })));
    expect(builds, "esbuild builds for a Run of seeded texts").toEqual([]);
    void bundler.bundle({ solution: starter + "// edited\n", tests });
    await new Promise((r) => setTimeout(r, 10));
    expect(builds, "esbuild builds for an edited solution.ts").toEqual(["solution.ts"]);
  });
});
