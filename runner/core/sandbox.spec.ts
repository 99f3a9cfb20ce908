// A realm prepared once judges Run after Run (the browser host reuses a worker that passed
// recycle.ts's check): each Run must see only the tests its own bundle declared.
import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import { BUNDLE_URL, bundleRun } from "./bundle.ts";
import { linkRun } from "./link.ts";
import { gosyncModules } from "./gosync-modules.ts";
import type { SandboxMessage } from "./protocol.ts";
import { prepareSandbox, runInSandbox } from "./sandbox.ts";

const prepared = prepareSandbox(gosyncModules);

/** judge bundles and judges one Run in the shared realm; `importBundle` may stand in for the host's. */
async function judge(id: number, tests: string, solution = "export const one = 1;\n", importBundle?: (code: string) => Promise<unknown>): Promise<SandboxMessage[]> {
  const b = await bundleRun(esbuild, { solution, tests });
  expect(b.diagnostics).toEqual([]);
  const posted: SandboxMessage[] = [];
  await runInSandbox({ type: "run", id, code: b.code, map: b.map, limits: { runs: 2, strategy: "random" } }, prepared, {
    importBundle: importBundle ?? ((code) => import(`data:text/javascript;base64,${Buffer.from(`${code}// Run ${id}\n`).toString("base64")}`)),
    post: (m) => posted.push(m),
  });
  return posted;
}

const statuses = (posted: SandboxMessage[]) => posted.flatMap((m) => (m.type === "done" ? m.tests.map((t) => [t.name, t.status]) : m.type === "load-error" ? [["load-error", m.message]] : []));

describe("runInSandbox", () => {
  test("judges a second Run in the same realm with only that Run's tests", async () => {
    const header = `import { test, expect } from "vitest";\nimport { one } from "./solution.ts";\n`;
    await judge(1, `${header}test("first run's test", () => { expect(one).toBe(1); });\n`);
    const second = await judge(2, `${header}test("second run's test", () => { expect(one).toBe(2); });\n`);
    expect(second.find((m) => m.type === "collected")).toEqual({ type: "collected", id: 2, names: ["second run's test"] });
    const done = second.find((m) => m.type === "done");
    expect(done?.type === "done" && done.tests.map((t) => [t.name, t.status])).toEqual([["second run's test", "fail"]]);
  });

  test("runs the files afresh when the host hands back the module it imported for the same code", async () => {
    // The learner's module state starts over each Run, as on a first import: the test body runs
    // once per schedule (2 per Run), so a module kept as it was would count past 2.
    const solution = `let calls = 0;\nexport const next = () => ++calls;\n`;
    const tests = `import { test, expect } from "vitest";\nimport { next } from "./solution.ts";\ntest("counts the calls of this Run only", () => { expect(next()).toBeLessThanOrEqual(2); });\n`;
    let imported: unknown;
    let imports = 0;
    const keep = async (code: string) => {
      if (imported === undefined) {
        imports++;
        imported = await import(`data:text/javascript;base64,${Buffer.from(`${code}// kept\n`).toString("base64")}`);
      }
      return imported;
    };
    for (const id of [3, 4, 5]) expect(statuses(await judge(id, tests, solution, keep)), `Run ${id}`).toEqual([["counts the calls of this Run only", "pass"]]);
    expect(imports).toBe(1);
  });

  test("keeps the learner from swapping what the next Run of the same module runs", async () => {
    // Learner code sees the module's own bindings; each is a const (or inside a function), so
    // assigning one throws, and the hidden tests still run on the next Run of the kept module.
    const names = ["__synclab_instantiate", "instantiate", "__synclab_files", "__synclab_registry", "__synclab_tests", "__synclab_solution"];
    const solution = [
      "// @ts-nocheck",
      "export const tries: string[] = [];",
      ...names.map((name) => `try { ${name} = () => ({}); tries.push("${name}: assigned"); } catch (e) { tries.push("${name}: " + e.name); }`),
    ].join("\n");
    const tests = `import { test, expect } from "vitest";\nimport { tries } from "./solution.ts";\ntest("the hidden test runs", () => { expect(tries.filter((t) => t.endsWith("assigned"))).toEqual([]); });\n`;
    let imported: unknown;
    const keep = async (code: string) => (imported ??= await import(`data:text/javascript;base64,${Buffer.from(`${code}// kept swap\n`).toString("base64")}`));
    for (const id of [8, 9]) expect(statuses(await judge(id, tests, solution, keep)), `Run ${id}`).toEqual([["the hidden test runs", "pass"]]);
  });

  test("declares nothing at the module's top level that code could reassign", () => {
    const empty = { code: "", map: JSON.stringify({ version: 3, sources: [], names: [], mappings: "" }) };
    const { code } = linkRun(empty, empty, BUNDLE_URL);
    const declarations = code.split("\n").filter((line) => /^(export +)?(default +)?(const|let|var|function|async function|class)\b/.test(line));
    expect(declarations.length).toBeGreaterThan(5);
    expect(declarations.filter((line) => !/^const /.test(line))).toEqual([]);
  });

  test("reports a throw at the learner's top level on every Run of the same module", async () => {
    const solution = `export const one = 1;\nthrow new Error("top level");\n`;
    const tests = `import { test } from "vitest";\nimport { one } from "./solution.ts";\ntest("t", () => {});\n`;
    let imported: unknown;
    const keep = async (code: string) => (imported ??= await import(`data:text/javascript;base64,${Buffer.from(`${code}// kept throw\n`).toString("base64")}`));
    for (const id of [6, 7]) {
      expect(statuses(await judge(id, tests, solution, keep)), `Run ${id}`).toEqual([["load-error", "solution.ts threw while being imported: Error: top level"]]);
    }
  });
});
