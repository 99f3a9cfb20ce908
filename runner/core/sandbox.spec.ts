// A realm prepared once judges Run after Run (the browser host reuses a worker that passed
// recycle.ts's check): each Run must see only the tests its own program declared, in a
// Compartment that holds nothing of the host's and nothing a previous Run left.
import "./lockdown-shim.ts"; // a sandbox realm is hardened before gosync and the harness load
import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import { BUNDLE_URL, bundleRun } from "./bundle.ts";
import { linkRun } from "./link.ts";
import { gosyncModules } from "./gosync-modules.ts";
import type { SandboxMessage } from "./protocol.ts";
import { lockdown } from "./lockdown.ts";
import { prepareSandbox, runInSandbox } from "./sandbox.ts";

const prepared = prepareSandbox(gosyncModules);

/** judge bundles and judges one Run in the shared realm. */
async function judge(id: number, tests: string, solution = "export const one = 1;\n", extra: { collectOnly?: boolean } = {}): Promise<SandboxMessage[]> {
  const b = await bundleRun(esbuild, { solution, tests });
  expect(b.diagnostics).toEqual([]);
  const posted: SandboxMessage[] = [];
  await runInSandbox({ type: "run", id, code: b.code, map: b.map, limits: { runs: 2, strategy: "random" }, ...extra }, prepared, {
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

  test("runs the files afresh when a re-Run of the same code reuses the program", async () => {
    // The learner's module state starts over each Run, as on a first import: the test body runs
    // once per schedule (2 per Run), so a module kept as it was would count past 2.
    const solution = `let calls = 0;\nexport const next = () => ++calls;\n`;
    const tests = `import { test, expect } from "vitest";\nimport { next } from "./solution.ts";\ntest("counts the calls of this Run only", () => { expect(next()).toBeLessThanOrEqual(2); });\n`;
    for (const id of [3, 4, 5]) expect(statuses(await judge(id, tests, solution)), `Run ${id}`).toEqual([["counts the calls of this Run only", "pass"]]);
  });

  test("gives each test a fresh load of solution.ts, so no test sees state an earlier one left", async () => {
    // Which tests share a sandbox depends on the host's cores and on timings: module state
    // carried from one test to the next would make the verdict depend on them.
    const solution = `let calls = 0;\nexport const next = () => ++calls;\nconsole.log("loaded");\n`;
    const body = `() => { expect(next()).toBeLessThanOrEqual(2); }`;
    const tests = `import { test, expect } from "vitest";\nimport { next } from "./solution.ts";\ntest("first", ${body});\ntest("second", ${body});\ntest("third", ${body});\n`;
    expect(statuses(await judge(27, tests, solution))).toEqual([["first", "pass"], ["second", "pass"], ["third", "pass"]]);
    expect(prepared.console.snapshot().lines, "the top level prints once per Run").toEqual(["loaded"]);
  });

  test("gives each test a fresh load even when the last one gave its global object a prototype of its own", async () => {
    // Found by a red-team round: the prototype was not part of what decides reuse.
    const solution = [
      "// @ts-nocheck",
      "let box = Object.getPrototypeOf(globalThis);",
      "if (!Object.prototype.hasOwnProperty.call(box, 'loads')) { box = Object.create(box); box.loads = 0; Object.setPrototypeOf(globalThis, box); }",
      "export const load = ++box.loads;",
    ].join("\n");
    const body = `() => { expect(load).toBe(1); }`;
    const tests = `import { test, expect } from "vitest";\nimport { load } from "./solution.ts";\ntest("first", ${body});\ntest("second", ${body});\n`;
    expect(statuses(await judge(28, tests, solution))).toEqual([["first", "pass"], ["second", "pass"]]);
  });

  test("endows no error constructor that leads to the realm's stack hooks", async () => {
    // Found by a red-team round: SuppressedError inherited from the start compartment's Error,
    // whose prepareStackTrace and stackTraceLimit are the realm's.
    const solution = [
      "// @ts-nocheck",
      "const parent = Object.getPrototypeOf(SuppressedError);",
      "export const sameAsOwnError = parent === Error;",
      "try { parent.stackTraceLimit = 0; } catch {}",
      "try { parent.prepareStackTrace = () => 'HOOK'; } catch {}",
    ].join("\n");
    const tests = `import { test, expect } from "vitest";\nimport { sameAsOwnError } from "./solution.ts";\ntest("t", () => { expect(sameAsOwnError).toBe(true); });\n`;
    expect(statuses(await judge(29, tests, solution))).toEqual([["t", "pass"]]);
    expect(String(new Error("after").stack)).toMatch(/^Error: after\n\s+at /);
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  test("gives a program's top level the same clock and numbers on every load, and no goroutine or timer", async () => {
    // Found by a red-team round: outside a run the virtual globals read the host's clock and
    // Math.random, so a file that chose locked or racy code at load got a different verdict
    // each time; a goroutine started at load ran on host timers and ended a later run.
    const solution = [
      "import { go } from 'gosync';",
      "console.log(Date.now(), performance.now(), new Date().toISOString(), Math.random(), Math.random());",
      "let refused = '';",
      "try { go(async () => {}); } catch (e) { refused = String((e as Error).message); }",
      "export { refused };",
    ].join("\n");
    const tests = `import { test, expect } from "vitest";\nimport { refused } from "./solution.ts";\ntest("t", () => { expect(refused).toMatch(/only runs inside a simulated run/); });\n`;
    const printed: string[][] = [];
    for (const id of [30, 31]) {
      expect(statuses(await judge(id, tests, solution)), `Run ${id}`).toEqual([["t", "pass"]]);
      printed.push(prepared.console.snapshot().lines);
    }
    expect(printed[0]![0]).toMatch(/^946684800000 0 2000-01-01T00:00:00\.000Z 0\.\d+ 0\.\d+$/);
    expect(printed[1]).toEqual(printed[0]);
  });

  test("keeps every test's result when a thrown value's stack, message or toPrimitive throws", async () => {
    // Found by a red-team round: such a value thrown in one test ended the whole Run.
    const solution = [
      "// @ts-nocheck",
      "export function boom() {",
      "  const e = new Error('x');",
      "  Object.defineProperty(e, 'stack', { get() { throw new Error('no stack'); } });",
      "  Object.defineProperty(e, 'message', { get() { throw new Error('no message'); } });",
      "  throw e;",
      "}",
      "export function odd() { throw { [Symbol.toPrimitive]() { throw new Error('no'); }, get [Symbol.toStringTag]() { throw new Error('no'); } }; }",
    ].join("\n");
    const tests = `import { test } from "vitest";\nimport { boom, odd } from "./solution.ts";\ntest("a", () => boom());\ntest("b", () => odd());\ntest("c", () => {});\n`;
    expect(statuses(await judge(32, tests, solution))).toEqual([["a", "error"], ["b", "error"], ["c", "pass"]]);
  });

  test("keeps the learner from swapping what the next Run of the same program runs", async () => {
    // Learner code sees the program's own bindings; each is a const (or inside a function), so
    // assigning one throws, and the hidden tests still run on the next Run of the kept program.
    const names = ["__synclab_instantiate", "instantiate", "__synclab_files", "__synclab_registry", "__synclab_tests", "__synclab_solution", "__synclab_globals", "Promise", "Math"];
    const solution = [
      "// @ts-nocheck",
      "export const tries: string[] = [];",
      ...names.map((name) => `try { ${name} = () => ({}); tries.push("${name}: assigned"); } catch (e) { tries.push("${name}: " + e.name); }`),
    ].join("\n");
    const tests = `import { test, expect } from "vitest";\nimport { tries } from "./solution.ts";\ntest("the hidden test runs", () => { expect(tries.filter((t) => t.endsWith("assigned"))).toEqual([]); });\n`;
    for (const id of [8, 9]) expect(statuses(await judge(id, tests, solution)), `Run ${id}`).toEqual([["the hidden test runs", "pass"]]);
  });

  test("gives a Run's code none of the host's globals", async () => {
    const names = ["process", "require", "module", "Buffer", "self", "postMessage", "addEventListener", "EventTarget", "URL", "fetch", "setImmediate", "WebAssembly", "SharedArrayBuffer", "Atomics", "WeakRef", "FinalizationRegistry"];
    const solution = `// @ts-nocheck\nexport const seen = ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== "undefined" || (() => { try { return Function("return typeof " + n)() !== "undefined"; } catch { return false; } })());\n`;
    const tests = `import { test, expect } from "vitest";\nimport { seen } from "./solution.ts";\ntest("sees no host global", () => { expect(seen).toEqual([]); });\n`;
    expect(statuses(await judge(20, tests, solution))).toEqual([["sees no host global", "pass"]]);
  });

  test("reports a name that is not defined as JavaScript does, though ses hides the host's globals", async () => {
    const solution = `// @ts-nocheck\nexport const seen: string[] = [];\nfor (const f of [() => cosnole.log(1), () => localStorage.getItem("x"), () => globalThis.notThere, () => ({}).toString(), () => { undeclared = 1; }, () => { globalThis.declared = 2; return declared; }]) { try { seen.push(String(f())); } catch (e) { seen.push(e.name + ": " + e.message); } }\n`;
    const tests = `import { test, expect } from "vitest";\nimport { seen } from "./solution.ts";\ntest("names it", () => { expect(seen).toEqual(["ReferenceError: cosnole is not defined", "ReferenceError: localStorage is not defined", "undefined", "[object Object]", "ReferenceError: undeclared is not defined", "2"]); });\n`;
    expect(statuses(await judge(26, tests, solution))).toEqual([["names it", "pass"]]);
  });

  test("refuses to let a Run's code replace an intrinsic the judge calls", async () => {
    const attempts = ["Math.floor = () => 0", "Math.random = () => 0", "Array.prototype.push = () => 0", "Object.defineProperty(Promise.prototype, 'then', { value: 1 })", "JSON.stringify = () => ''", "Reflect.apply = () => 0", "Object.prototype.x = 1", "Symbol.hasInstance in Object && Object.defineProperty(Object, Symbol.hasInstance, { value: () => true })"];
    const solution = `// @ts-nocheck\nexport const worked: string[] = [];\n${attempts.map((a) => `try { ${a}; worked.push(${JSON.stringify(a)}); } catch {}`).join("\n")}\n`;
    const tests = `import { test, expect } from "vitest";\nimport { worked } from "./solution.ts";\ntest("nothing was replaced", () => { expect(worked).toEqual([]); });\n`;
    expect(statuses(await judge(21, tests, solution))).toEqual([["nothing was replaced", "pass"]]);
  });

  test("starts a Run of the same code afresh when the last one stored something on its global object", async () => {
    const solution = `// @ts-nocheck\nexport const before = globalThis.kept;\nglobalThis.kept = "from an earlier Run";\n`;
    const tests = `import { test, expect } from "vitest";\nimport { before } from "./solution.ts";\ntest("sees nothing an earlier Run stored", () => { expect(before).toBeUndefined(); });\n`;
    for (const id of [22, 23]) expect(statuses(await judge(id, tests, solution)), `Run ${id}`).toEqual([["sees nothing an earlier Run stored", "pass"]]);
  });

  test("lets a Run's code do what ordinary code does: name its errors, give a date its own toJSON, override toString", async () => {
    const solution = [
      "// @ts-nocheck",
      "class Mine extends TypeError { constructor() { super(); this.name = 'Mine'; this.message = 'boom'; } }",
      "const d = new Date(0); d.toJSON = () => 'epoch'; d.toString = () => 'the epoch';",
      "const o = {}; o.toString = () => 'mine';",
      "export const seen = [String(new Mine()), JSON.stringify({ d }), String(d), String(o), d instanceof Date, typeof Date.now()];",
    ].join("\n");
    const tests = `import { test, expect } from "vitest";\nimport { seen } from "./solution.ts";\ntest("works", () => { expect(seen).toEqual(["Mine: boom", '{"d":"epoch"}', "the epoch", "mine", true, "number"]); });\n`;
    expect(statuses(await judge(25, tests, solution))).toEqual([["works", "pass"]]);
  });

  test("only collects the tests' names when asked to", async () => {
    const tests = `import { test, expect } from "vitest";\ntest("a", () => { throw new Error("judged"); });\ntest("b", () => {});\n`;
    const posted = await judge(24, tests, "export {};\n", { collectOnly: true });
    expect(posted.map((m) => m.type)).toEqual(["collected", "done"]);
    expect(posted[0]).toEqual({ type: "collected", id: 24, names: ["a", "b"] });
    expect(posted[1]).toEqual({ type: "done", id: 24, tests: [] });
  });

  test("hardens a realm once: a second lockdown throws", () => {
    expect(() => lockdown()).toThrow(/lockdown called twice in one realm/);
  });

  test("declares nothing at the program's top level that code could reassign", () => {
    const empty = { code: "", map: JSON.stringify({ version: 3, sources: [], names: [], mappings: "" }) };
    const { code } = linkRun(empty, empty, BUNDLE_URL);
    const declarations = code.split("\n").filter((line) => /^(export +)?(default +)?(const|let|var|function|async function|class)\b/.test(line));
    expect(declarations.length).toBeGreaterThan(5);
    expect(declarations.filter((line) => !/^const /.test(line))).toEqual([]);
  });

  test("reports a throw at the learner's top level on every Run of the same code", async () => {
    const solution = `export const one = 1;\nthrow new Error("top level");\n`;
    const tests = `import { test } from "vitest";\nimport { one } from "./solution.ts";\ntest("t", () => {});\n`;
    for (const id of [6, 7]) {
      expect(statuses(await judge(id, tests, solution)), `Run ${id}`).toEqual([["load-error", "solution.ts threw while being imported: Error: top level"]]);
    }
  });
});
