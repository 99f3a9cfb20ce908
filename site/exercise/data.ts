/**
 * data — the build step that exposes exercise data to the site: starter, hidden tests,
 * solution, hints and instructions per language, limits, and the starter's hash (drafts are
 * versioned by it). Runs in Node at site build (Exercise.astro's frontmatter).
 *
 * The exercises come from exercises/index.ts, the runner's loader: the same validation as the
 * CLI and CI (config.json against its zod schema, required files, hints numbered like the
 * tasks), so a bad exercise fails the site build naming the file and field.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { Marked } from "marked";
import { joinChineseLines } from "./cjk-lines.ts";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
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

/** prose renders Markdown as marked does, with no stray space where a Chinese paragraph breaks its lines. */
const prose = new Marked(joinChineseLines);

function hintSections(markdown: string): string[] {
  return markdown
    .split(/^## +\d+.*$/m)
    .slice(1)
    .map((section) => prose.parse(section.trim(), { async: false }) as string);
}

const html = (markdown: string) => prose.parse(markdown, { async: false }) as string;

/** root is the exercises' folder: Astro runs this file from a bundled chunk under dist/, so not import.meta.url but the build's working directory (the project root). */
const root = resolve(process.cwd(), "exercises");

const cache = new Map<string, ExerciseData>();

/** siteExerciseIds lists the id of every exercise the site is built with, in the exercises' folder order. */
export function siteExerciseIds(): string[] {
  return exerciseIds(root);
}

/** loadExercise returns the validated exercise with this id, or throws naming the id and the ids that exist. */
export function loadExercise(id: string): ExerciseData {
  const hit = cache.get(id);
  if (hit) return hit;
  const ex = findExercise(id, root);
  if (!ex) {
    throw new Error(`<Exercise id="${id}" />: no exercise has this id (expected one of: ${exerciseIds(root).join(", ")})`);
  }
  const { instructions, hints } = ex.docs;
  const data: ExerciseData = {
    id,
    title: ex.config.title,
    limits: ex.config.limits,
    starter: ex.starter,
    starterHash: createHash("sha256").update(ex.starter).digest("hex").slice(0, 16),
    solution: ex.solution,
    tests: ex.tests,
    instructions: { zh: html(instructions.zh), en: html(instructions.en) },
    hints: { zh: hintSections(hints.zh), en: hintSections(hints.en) },
  };
  cache.set(id, data);
  return data;
}
