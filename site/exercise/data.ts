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
import { Marked, marked, type Token } from "marked";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
import type { RunLimits } from "../../runner/browser/protocol.ts";
import { testCases, type TestCase } from "./test-cases.ts";
import { joinChineseLines } from "./cjk-lines.ts";

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
  /** instructions are .docs/instructions.<lang>.md as parts: HTML, and code blocks for the site's code component (Expressive Code). */
  instructions: Record<Lang, InstructionPart[]>;
  /** testCases lists the hidden tests by name, with the lines of hidden.test.ts each spans. */
  testCases: TestCase[];
  /** hints are HTML, one per "## N" section of .docs/hints.<lang>.md, in order. */
  hints: Record<Lang, string[]>;
  /** blindSpot is what the hidden tests cannot see (config.json), said with every pass. */
  blindSpot?: Record<Lang, string>;
}

/** prose renders hints: Markdown as marked renders it, with no stray space where a Chinese paragraph breaks its lines. */
const prose = new Marked(joinChineseLines);

/** hintSections renders each "## N" section of a hints file. */
function hintSections(markdown: string): string[] {
  return markdown
    .split(/^## +\d+.*$/m)
    .slice(1)
    .map((section) => prose.parse(section.trim(), { async: false }) as string);
}

/**
 * InstructionPart is a run of the instructions' HTML, or one of their code blocks, which the
 * Exercise component draws with the site's code component (highlighted and framed like every
 * code block of the chapters).
 */
export type InstructionPart = { kind: "html"; html: string } | { kind: "code"; code: string; lang: string };

/**
 * HEADING_SHIFT moves the instructions' headings below the exercise's title (an h3 under a
 * chapter's h2 section): "## Tasks" becomes an h4, so the exercise's own sections never sit at
 * the level of the chapter's in the page's outline.
 */
const HEADING_SHIFT = 2;
const shifted = new Marked({
  renderer: {
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + HEADING_SHIFT);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

/**
 * instructionParts renders instructions markdown: its leading "# title" is dropped (the component
 * shows the exercise's title once, from config.json), headings are shifted down, and each
 * top-level code block becomes a part of its own.
 */
export function instructionParts(markdown: string): InstructionPart[] {
  const tokens = shifted.lexer(markdown);
  shifted.walkTokens(tokens, joinChineseLines.walkTokens!); // lexer and parser alone skip extensions' walkTokens
  const first = tokens.findIndex((t) => t.type !== "space");
  if (first >= 0 && tokens[first].type === "heading" && (tokens[first] as { depth: number }).depth === 1) tokens.splice(0, first + 1);
  const parts: InstructionPart[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.length) parts.push({ kind: "html", html: shifted.parser(Object.assign(run, { links: tokens.links })) });
    run = [];
  };
  for (const token of tokens) {
    if (token.type === "code" && !("codeBlockStyle" in token && token.codeBlockStyle === "indented")) {
      flush();
      parts.push({ kind: "code", code: token.text, lang: token.lang || "text" });
    } else run.push(token);
  }
  flush();
  return parts;
}

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
    instructions: { zh: instructionParts(instructions.zh), en: instructionParts(instructions.en) },
    testCases: testCases(ex.tests),
    hints: { zh: hintSections(hints.zh), en: hintSections(hints.en) },
    blindSpot: ex.config.blindSpot,
  };
  cache.set(id, data);
  return data;
}
