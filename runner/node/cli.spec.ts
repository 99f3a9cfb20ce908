import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
import { main } from "./cli.ts";

/** capture runs the CLI in-process and returns its exit status and output. */
async function capture(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { write: (s: string) => ((out += s), true) } as never, { write: (s: string) => ((err += s), true) } as never);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "synclab-cli-"));
const id = exerciseIds()[0];

describe("synclab check", () => {
  test("exits 2 with the usage for a missing command or wrong arguments", async () => {
    expect(await capture([])).toMatchObject({ code: 2, err: expect.stringContaining("synclab: missing command (expected check, assign, grade or verify)\n\nusage: synclab check <exercise-id> <file.ts> [--json]") });
    expect(await capture(["check", "x"])).toMatchObject({ code: 2, err: expect.stringContaining("check takes an exercise id and a file, received 1 argument(s)") });
    expect(await capture(["check", "x", "y", "--yaml"])).toMatchObject({ code: 2, err: expect.stringContaining("unknown option --yaml (expected only --json, --profile, --contrast and --lang en|zh)") });
    expect(await capture(["check", "x", "y", "--lang", "fr"])).toMatchObject({ code: 2, err: expect.stringContaining('--lang takes en or zh, received "fr"') });
  });

  test("exits 2 naming a missing file", async () => {
    const r = await capture(["check", id ?? "x", join(dir, "nope.ts")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`synclab: file not found: ${join(dir, "nope.ts")}`);
  });

  test("exits 2 for an unknown id and lists the known ids", async () => {
    const file = join(dir, "a.ts");
    writeFileSync(file, "export {};\n");
    const r = await capture(["check", "no-such-exercise", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`synclab: unknown exercise id "no-such-exercise"; known ids: ${exerciseIds().join(", ")}`);
  });

  test.runIf(id)("prints a readable verdict and exits 1 for the starter, 0 for the solution (through npx)", async () => {
    const ex = findExercise(id!)!;
    const starter = join(dir, "starter.ts");
    writeFileSync(starter, ex.starter);
    const failed = await capture(["check", id!, starter]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(new RegExp(`^${id}: (FAIL|DEADLOCK|TIMEOUT|RUNTIME-ERROR) — \\d+/\\d+ tests passed`));

    const solution = join(dir, "solution.ts");
    writeFileSync(solution, ex.solution);
    const r = spawnSync("npx", ["synclab", "check", id!, solution, "--json"], { encoding: "utf8", cwd: join(import.meta.dirname, "..", "..") });
    expect(r.status, r.stderr).toBe(0);
    const verdict = JSON.parse(r.stdout);
    expect(verdict).toMatchObject({ version: 1, exerciseId: id, status: "pass" });
  });

  test("a pass of an exercise with a documented blind spot says what the tests cannot see", async () => {
    const withBlindSpot = exerciseIds().map((x) => findExercise(x)!).find((e) => e.config.blindSpot);
    expect(withBlindSpot, "some exercise documents a blind spot in its config").toBeDefined();
    const ex = withBlindSpot!;
    const solution = join(dir, "blind-spot.ts");
    writeFileSync(solution, ex.solution);
    const r = await capture(["check", ex.id, solution]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`What the tests cannot see: ${ex.config.blindSpot!.en}`);
    const starter = join(dir, "blind-spot-starter.ts");
    writeFileSync(starter, ex.starter);
    expect((await capture(["check", ex.id, starter])).out, "only a pass carries it").not.toContain("What the tests cannot see");
  });

  test.runIf(id)("--profile prints each test's blocking profile", async () => {
    const ex = findExercise(id!)!;
    const solution = join(dir, "profiled.ts");
    writeFileSync(solution, ex.solution);
    const r = await capture(["check", id!, solution, "--profile"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/blocking profile/);
    const plain = await capture(["check", id!, solution]);
    expect(plain.out).not.toMatch(/blocking profile/);
  });

  test.runIf(id)("exits 1 with a verdict, never a crash, for a file that throws or floods the console", async () => {
    for (const [name, code, status] of [
      ["throws.ts", `throw new Error("no");\n`, "RUNTIME-ERROR"],
      ["floods.ts", `for (let i = 0; i < 200000; i++) console.log("x".repeat(100));\nexport {};\n`, "(FAIL|RUNTIME-ERROR)"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, code);
      const r = await capture(["check", id!, file]);
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.out).toMatch(new RegExp(`^${id}: ${status} — `));
    }
  });

  test.runIf(id)("a one-Run check exits as soon as it has printed its verdict: no sandbox process keeps it alive", () => {
    const ex = findExercise(id!)!;
    const solution = join(dir, "solution-timed.ts");
    writeFileSync(solution, ex.solution);
    const t0 = performance.now();
    const r = spawnSync("npx", ["node", "runner/node/cli.ts", "check", id!, solution], { encoding: "utf8", cwd: join(import.meta.dirname, "..", ".."), timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${id}: PASS`));
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
