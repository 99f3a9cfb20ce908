/**
 * data — the build step that exposes exercise data to the site: starter, hidden tests,
 * solution, hints and instructions per language, limits, and the starter's hash (drafts are
 * versioned by it). Runs in Node at site build (Exercise.astro's frontmatter).
 *
 * It reads the exercise folders (notes/exercise-format.md) directly; the runner's
 * exercises/index.ts, once it exists, is the loader to switch to (same fields).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { marked } from "marked";
import type { RunLimits } from "../../runner/browser/protocol.ts";

export type Lang = "zh" | "en";

export interface ExerciseData {
  id: string;
  title: Record<Lang, string>;
  limits: RunLimits;
  starter: string;
  /** starterHash versions drafts: a draft saved against another starter is kept, and flagged. */
  starterHash: string;
  solution: string;
  tests: string;
  /** instructions is HTML (rendered from .docs/instructions.<lang>.md). */
  instructions: Record<Lang, string>;
  /** hints are HTML, one per "## N" section of .docs/hints.<lang>.md, in order. */
  hints: Record<Lang, string[]>;
}

const root = resolve(process.cwd(), "exercises");

function folders(): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+-/.test(d.name))
    .flatMap((d) =>
      readdirSync(join(root, d.name), { withFileTypes: true })
        .filter((e) => e.isDirectory() && /^\d+-/.test(e.name))
        .map((e) => join(root, d.name, e.name)),
    );
}

function read(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`exercise ${dir}: missing ${file} (expected by notes/exercise-format.md)`);
  return readFileSync(path, "utf8");
}

function hintSections(markdown: string): string[] {
  return markdown
    .split(/^## +\d+.*$/m)
    .slice(1)
    .map((section) => marked.parse(section.trim(), { async: false }) as string);
}

const cache = new Map<string, ExerciseData>();

/** loadExercise returns the exercise with this id, or throws naming the id and what exists. */
export function loadExercise(id: string): ExerciseData {
  const hit = cache.get(id);
  if (hit) return hit;
  const all = folders();
  for (const dir of all) {
    const configPath = join(dir, ".meta/config.json");
    if (!existsSync(configPath)) continue;
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    if (config.id !== id) continue;
    const starter = read(dir, "starter.ts");
    const data: ExerciseData = {
      id,
      title: config.title,
      limits: { wallMs: 5000, ...config.limits },
      starter,
      starterHash: createHash("sha256").update(starter).digest("hex").slice(0, 16),
      solution: read(dir, ".meta/solution.ts"),
      tests: read(dir, "hidden.test.ts"),
      instructions: {
        zh: marked.parse(read(dir, ".docs/instructions.zh.md"), { async: false }) as string,
        en: marked.parse(read(dir, ".docs/instructions.en.md"), { async: false }) as string,
      },
      hints: { zh: hintSections(read(dir, ".docs/hints.zh.md")), en: hintSections(read(dir, ".docs/hints.en.md")) },
    };
    cache.set(id, data);
    return data;
  }
  throw new Error(`<Exercise id="${id}" />: no exercise has this id (looked in ${all.length} folders under exercises/)`);
}
