// synclab verify on an instructor's own folder, and SYNCLAB_EXERCISES bringing that folder into
// every lookup of the built-in exercises.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { exerciseIds, findExercise, loadExercises } from "../../exercises/index.ts";
import { verifyMain } from "./verify-command.ts";

/** ownFolder copies goroutine-leak into a fresh folder as the instructor's exercise "my-leak". */
function ownFolder(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), "synclab-own-"));
  const dir = join(root, "01-practice", "01-my-leak");
  cpSync(findExercise("goroutine-leak")!.dir, dir, { recursive: true });
  const config = join(dir, ".meta", "config.json");
  writeFileSync(config, readFileSync(config, "utf8").replace('"id": "goroutine-leak"', '"id": "my-leak"').replace('"chapter": "pitfalls"', '"chapter": "practice"'));
  return { root, dir };
}

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await verifyMain(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

afterEach(() => {
  delete process.env.SYNCLAB_EXERCISES;
});

describe("synclab verify", () => {
  test("proves an instructor's exercise: solution passes, starter fails, each wrong variant as declared", async () => {
    const { root } = ownFolder();
    const r = await run([root, "--jobs", "2"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("✓ the reference solution passes every hidden test");
    expect(r.out).toContain("✓ wrong/buffer-of-one gets");
    expect(r.out).toContain("verified 1 exercise(s)");
  }, 120_000);

  test("exits 1 naming the file when a language is missing, and 1 when a wrong variant passes", async () => {
    const { root, dir } = ownFolder();
    rmSync(join(dir, ".docs", "hints.zh.md"));
    const missing = await run([root]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`${join(dir, ".docs", "hints.zh.md")}: file is missing`);

    const other = ownFolder();
    const wrong = join(other.dir, ".meta", "wrong", "buffer-of-one.ts");
    writeFileSync(wrong, `${readFileSync(wrong, "utf8").split("\n")[0]}\n${findExercise("goroutine-leak")!.solution}`);
    const r = await run([other.root, "--jobs", "2"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ wrong\/buffer-of-one gets/);
  }, 120_000);

  test("exits 2 for a folder that does not exist or holds no exercise", async () => {
    expect((await run([join(tmpdir(), "no-such-folder-synclab")])).code).toBe(2);
    expect((await run([mkdtempSync(join(tmpdir(), "synclab-empty-"))])).err).toContain("holds no exercise");
  });
});

describe("SYNCLAB_EXERCISES", () => {
  test("adds the folder's exercises after the built-in ones, for the CLI, the tests and the site's build", () => {
    const { root } = ownFolder();
    expect(exerciseIds()).not.toContain("my-leak");
    process.env.SYNCLAB_EXERCISES = root;
    expect(exerciseIds().at(-1)).toBe("my-leak");
    expect(findExercise("my-leak")?.config.chapter).toBe("practice");
    expect(findExercise("my-leak", join(process.cwd(), "exercises"))?.id).toBe("my-leak");
    expect(loadExercises().at(-1)?.id).toBe("my-leak");
  });
});
