// The sandbox runtime's V8 code cache: primed once by a process that runs no Run, then read by
// every sandbox; a cache V8 refuses (stale, forged, another Node's) only costs the compile.
import * as esbuild from "esbuild";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { bundleRun } from "../core/bundle.ts";
import { childTransport } from "./child-transport.ts";
import { primeCodeCache } from "./code-cache.ts";
import { buildRuntime } from "./runtime-bundle.ts";
import { judgeIn, nodeSession } from "./session.ts";

afterAll(() => esbuild.stop());

const tests = `import { test, expect } from "vitest";
import { answer } from "./solution.ts";
test("answers 42", () => { expect(answer()).toBe(42); });
`;

async function judgeFrom(files: string[], solution: string) {
  const runtime = await buildRuntime(esbuild);
  const session = await nodeSession(256, childTransport({ entry: runtime.launch.entry, files, memoryMb: 256, warmMs: 0 }));
  const input = { exerciseId: "tiny", solution, tests, limits: { runs: 1, strategy: "random" as const, wallMs: 5000 } };
  const v = await judgeIn(session, input, await bundleRun(esbuild, { solution, tests }));
  session.close();
  return v;
}

describe("the sandbox runtime's code cache", () => {
  test("is made by the primer beside the runtime, and sandboxes judge with it", async () => {
    const runtime = await buildRuntime(esbuild);
    expect(await primeCodeCache(runtime.launch, 256)).toBe(true);
    const cache = runtime.launch.files[1]!;
    expect(existsSync(cache)).toBe(true);
    expect(readFileSync(cache).length).toBeGreaterThan(100_000);
    expect((await judgeFrom(runtime.launch.files, "export const answer = () => 42;\n")).status).toBe("pass");
    expect((await judgeFrom(runtime.launch.files, "export const answer = () => 41;\n")).status).toBe("fail");
  });

  test("that V8 refuses (a forged file) costs only the compile: verdicts are the same", async () => {
    const runtime = await buildRuntime(esbuild);
    const forged = join(mkdtempSync(join(tmpdir(), "synclab-code-cache-")), "forged.v8cache");
    writeFileSync(forged, Buffer.alloc(200_000, 7));
    const files = [runtime.launch.files[0]!, forged];
    expect((await judgeFrom(files, "export const answer = () => 42;\n")).status).toBe("pass");
    expect((await judgeFrom(files, "export const answer = () => 41;\n")).status).toBe("fail");
  });
});
