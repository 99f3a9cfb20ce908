// A realm prepared once judges Run after Run (the browser host reuses a worker that passed
// recycle.ts's check): each Run must see only the tests its own bundle declared.
import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import { bundleRun } from "./bundle.ts";
import { gosyncModules } from "./gosync-modules.ts";
import type { SandboxMessage } from "./protocol.ts";
import { prepareSandbox, runInSandbox } from "./sandbox.ts";

const prepared = prepareSandbox(gosyncModules);

async function judge(id: number, tests: string): Promise<SandboxMessage[]> {
  const b = await bundleRun(esbuild, { solution: "export const one = 1;\n", tests });
  expect(b.diagnostics).toEqual([]);
  const posted: SandboxMessage[] = [];
  await runInSandbox({ type: "run", id, code: b.code, map: b.map, limits: { runs: 2, strategy: "random" } }, prepared, {
    importBundle: (code) => import(`data:text/javascript;base64,${Buffer.from(`${code}// Run ${id}\n`).toString("base64")}`),
    post: (m) => posted.push(m),
  });
  return posted;
}

describe("runInSandbox", () => {
  test("judges a second Run in the same realm with only that Run's tests", async () => {
    const header = `import { test, expect } from "vitest";\nimport { one } from "./solution.ts";\n`;
    await judge(1, `${header}test("first run's test", () => { expect(one).toBe(1); });\n`);
    const second = await judge(2, `${header}test("second run's test", () => { expect(one).toBe(2); });\n`);
    expect(second.find((m) => m.type === "collected")).toEqual({ type: "collected", id: 2, names: ["second run's test"] });
    const done = second.find((m) => m.type === "done");
    expect(done?.type === "done" && done.tests.map((t) => [t.name, t.status])).toEqual([["second run's test", "fail"]]);
  });
});
