// The sandbox runtime's V8 code cache: primed once by a process that runs no Run, then read by
// every sandbox; a cache V8 refuses (stale, forged, another Node's) only costs the compile.
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
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

/** freshLaunch copies the runtime and its loader to a new private directory, where no code cache exists yet. */
async function freshLaunch() {
  const { launch } = await buildRuntime(esbuild);
  const dir = mkdtempSync(join(tmpdir(), "synclab-code-cache-"));
  const [entry, runtime] = [launch.entry, launch.files[0]!].map((f) => {
    const to = join(dir, basename(f));
    copyFileSync(f, to);
    return to;
  });
  return { entry: entry!, files: [runtime!, join(dir, basename(launch.files[1]!))] };
}

describe("the sandbox runtime's code cache", () => {
  test("is primed from nothing, and a host that waits for it stays alive until it is made", async () => {
    const launch = await freshLaunch();
    // A host with nothing else to do (a CLI's first batch): only the wait keeps it running.
    const script = `import { primeCodeCache } from ${JSON.stringify(fileURLToPath(new URL("./code-cache.ts", import.meta.url)))};
const ok = await primeCodeCache(${JSON.stringify(launch)}, 256, { wait: true });
console.log(JSON.stringify({ ok }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).not.toMatch(/unsettled top-level await/);
    expect(r.stdout.trim()).toBe(JSON.stringify({ ok: true }));
    expect(readFileSync(launch.files[1]!).length).toBeGreaterThan(100_000);
    expect((await judgeFrom(launch.files, "export const answer = () => 42;\n")).status).toBe("pass");
  });

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
