/**
 * index.ts — discovers the exercises under exercises/<NN-chapter>/<NN-slug>/, validates each
 * (config.json against schema.ts, the files the format requires, hints numbered like the
 * instructions' tasks, the wrong variants' `// expect:` headers) and returns them ordered by
 * their numeric prefixes. Runs in Node (CLI, CI, the site's build).
 *
 * A bad exercise throws an ExerciseError naming the file and the field, the way Starlight
 * reports a bad frontmatter: what was received, what was expected, where.
 *
 * SYNCLAB_EXERCISES: an instructor's own exercises, in the same format and layout
 * (<dir>/<NN-chapter>/<NN-slug>/), kept outside the repository. When the environment variable
 * names one or more folders (separated like PATH entries, `:` or `;` on Windows), every lookup
 * of the built-in exercises (the default root: the CLI, the tests, the site's build) includes
 * theirs too, after the built-in ones; ids must stay unique across all of them. A lookup given
 * another root (`synclab verify <dir>`) reads that root only.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { configSchema, parseExpectHeader, type ExerciseConfig, type WrongExpectation } from "./schema.ts";

/** EXERCISES_DIR is the folder this file lives in: the exercises' root. */
export const EXERCISES_DIR = fileURLToPath(new URL(".", import.meta.url));

/** MIN_WRONG_VARIANTS is how many known-wrong solutions each exercise must prove wrong (issue 4). */
export const MIN_WRONG_VARIANTS = 3;

/** WrongVariant is one `.meta/wrong/<name>.ts`. */
export interface WrongVariant {
  name: string;
  /** path relative to the repository root, for messages */
  file: string;
  code: string;
  expect: WrongExpectation;
}

/** Exercise is a validated exercise with its sources. */
export interface Exercise {
  id: string;
  /** absolute folder */
  dir: string;
  /** folder relative to the exercises' root, e.g. 01-sync-primitives/01-safe-counter */
  path: string;
  config: ExerciseConfig;
  starter: string;
  solution: string;
  tests: string;
  wrong: WrongVariant[];
  docs: { instructions: { zh: string; en: string }; hints: { zh: string; en: string } };
}

/** ExerciseError says which file and field of which exercise is wrong. */
export class ExerciseError extends Error {
  readonly file: string;
  readonly field: string | undefined;
  constructor(file: string, field: string | undefined, problem: string) {
    super(`${file}${field ? ` (field ${field})` : ""}: ${problem}`);
    this.name = "ExerciseError";
    this.file = file;
    this.field = field;
  }
}

const PREFIXED = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith(".") && statSync(join(dir, n)).isDirectory())
    .sort((a, b) => Number(PREFIXED.exec(a)?.[1] ?? Infinity) - Number(PREFIXED.exec(b)?.[1] ?? Infinity) || a.localeCompare(b));
}

/** extraRoots lists the folders SYNCLAB_EXERCISES names (absolute), in its order. */
export function extraRoots(env: string | undefined = process.env.SYNCLAB_EXERCISES): string[] {
  return (env ?? "")
    .split(delimiter)
    .filter((p) => p.trim() !== "")
    .map((p) => resolve(p));
}

/**
 * isBuiltInRoot tells the built-in exercises' folder: this file's folder, or ./exercises of the
 * working directory — how the site's build names it, since Astro runs this module from a
 * bundled chunk whose import.meta.url is not here.
 */
function isBuiltInRoot(root: string): boolean {
  const r = resolve(root);
  return r === resolve(EXERCISES_DIR) || r === resolve(process.cwd(), "exercises");
}

/** rootsOf is the folders a lookup of `root` reads: the built-in root brings SYNCLAB_EXERCISES's along. */
function rootsOf(root: string): string[] {
  return isBuiltInRoot(root) ? [root, ...extraRoots().filter((r) => !isBuiltInRoot(r))] : [root];
}

/**
 * exerciseDirs lists the folders that hold a .meta/config.json, ordered by chapter then
 * exercise prefix, root by root (the built-in root first, then SYNCLAB_EXERCISES's).
 */
export function exerciseDirs(root = EXERCISES_DIR): string[] {
  const out: string[] = [];
  for (const r of rootsOf(root)) {
    if (!existsSync(r)) continue;
    for (const chapter of subdirs(r)) {
      for (const ex of subdirs(join(r, chapter))) {
        if (existsSync(join(r, chapter, ex, ".meta", "config.json"))) out.push(join(r, chapter, ex));
      }
    }
  }
  return out;
}

/** taskNumbers returns the top-level numbered items ("1.", "2." at a line start) of a markdown text. */
export function taskNumbers(md: string): number[] {
  return [...md.matchAll(/^(\d+)\.\s/gm)].map((m) => Number(m[1]));
}

/** hintNumbers returns the "## N" section numbers of a hints file. */
export function hintNumbers(md: string): number[] {
  return [...md.matchAll(/^##\s+(\d+)\s*$/gm)].map((m) => Number(m[1]));
}

/**
 * loadExercise validates and reads one exercise folder; `root` is the folder of its chapter
 * folders (by default the one two levels up). Messages name a built-in exercise's files as
 * exercises/…, another's by their full path.
 */
export function loadExercise(dir: string, root = dirname(dirname(resolve(dir)))): Exercise {
  const rel = relative(root, dir).split("\\").join("/");
  const at = (f: string) => (isBuiltInRoot(root) ? `exercises/${rel}/${f}` : join(root, rel, f));
  const read = (f: string): string => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new ExerciseError(at(f), undefined, "file is missing (required by the exercise format)");
    return readFileSync(p, "utf8");
  };

  let raw: unknown;
  try {
    raw = JSON.parse(read(".meta/config.json"));
  } catch (e) {
    if (e instanceof ExerciseError) throw e;
    throw new ExerciseError(at(".meta/config.json"), undefined, `is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || (issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys?.join(", ") : undefined);
    throw new ExerciseError(at(".meta/config.json"), field, issue.message);
  }
  const config = parsed.data;

  const [chapterDir, exDir] = rel.split("/");
  const chapterSlug = PREFIXED.exec(chapterDir ?? "")?.[2];
  const exSlug = PREFIXED.exec(exDir ?? "")?.[2];
  if (chapterSlug !== config.chapter) {
    throw new ExerciseError(at(".meta/config.json"), "chapter", `is "${config.chapter}", expected "${chapterSlug}" to match the folder ${chapterDir}`);
  }
  if (exSlug !== config.id) {
    throw new ExerciseError(at(".meta/config.json"), "id", `is "${config.id}", expected "${exSlug}" to match the folder ${exDir}`);
  }

  const docs = {
    instructions: { zh: read(".docs/instructions.zh.md"), en: read(".docs/instructions.en.md") },
    hints: { zh: read(".docs/hints.zh.md"), en: read(".docs/hints.en.md") },
  };
  for (const lang of ["zh", "en"] as const) {
    const tasks = taskNumbers(docs.instructions[lang]);
    const hints = hintNumbers(docs.hints[lang]);
    if (tasks.length === 0) throw new ExerciseError(at(`.docs/instructions.${lang}.md`), undefined, 'has no numbered tasks, expected a list "1.", "2.", …');
    const missing = hints.filter((n) => !tasks.includes(n));
    if (missing.length) {
      throw new ExerciseError(at(`.docs/hints.${lang}.md`), undefined, `has hint sections ${missing.map((n) => `"## ${n}"`).join(", ")} without a task of that number (tasks: ${tasks.join(", ")})`);
    }
    if (hints.length === 0) throw new ExerciseError(at(`.docs/hints.${lang}.md`), undefined, 'has no "## N" sections, expected one per instruction task');
  }

  const wrongDir = join(dir, ".meta", "wrong");
  const wrongFiles = existsSync(wrongDir) ? readdirSync(wrongDir).filter((f) => f.endsWith(".ts")).sort() : [];
  if (wrongFiles.length < MIN_WRONG_VARIANTS) {
    throw new ExerciseError(at(".meta/wrong/"), undefined, `holds ${wrongFiles.length} variant(s), expected at least ${MIN_WRONG_VARIANTS}`);
  }
  const wrong = wrongFiles.map((f): WrongVariant => {
    const code = read(`.meta/wrong/${f}`);
    try {
      return { name: f.replace(/\.ts$/, ""), file: at(`.meta/wrong/${f}`), code, expect: parseExpectHeader(code) };
    } catch (e) {
      throw new ExerciseError(at(`.meta/wrong/${f}`), "// expect:", (e as Error).message);
    }
  });

  return {
    id: config.id,
    dir,
    path: rel,
    config,
    starter: read("starter.ts"),
    solution: read(".meta/solution.ts"),
    tests: read("hidden.test.ts"),
    wrong,
    docs,
  };
}

/** shownDir names an exercise's folder in messages: exercises/… for a built-in one, else its full path. */
export function shownDir(ex: Exercise): string {
  return isBuiltInRoot(dirname(dirname(ex.dir))) ? `exercises/${ex.path}` : ex.dir;
}

/** loadExercises validates every exercise under `root` and returns them in order; ids must be unique. */
export function loadExercises(root = EXERCISES_DIR): Exercise[] {
  const list = exerciseDirs(root).map((d) => loadExercise(d));
  const seen = new Map<string, string>();
  for (const ex of list) {
    const other = seen.get(ex.id);
    if (other) throw new ExerciseError(`${shownDir(ex)}/.meta/config.json`, "id", `"${ex.id}" is already used by ${other}, expected a unique id`);
    seen.set(ex.id, shownDir(ex));
  }
  return list;
}

/** exerciseIds lists the ids declared by the config.json files under `root`, without validating the exercises. */
export function exerciseIds(root = EXERCISES_DIR): string[] {
  return exerciseDirs(root).flatMap((d) => {
    try {
      const id = (JSON.parse(readFileSync(join(d, ".meta", "config.json"), "utf8")) as { id?: unknown }).id;
      return typeof id === "string" ? [id] : [];
    } catch {
      return [];
    }
  });
}

/**
 * findExercise loads and validates only the exercise whose config.json declares `id` (a broken
 * exercise elsewhere does not stop it); it returns undefined if no exercise declares that id.
 */
export function findExercise(id: string, root = EXERCISES_DIR): Exercise | undefined {
  for (const d of exerciseDirs(root)) {
    let declared: unknown;
    try {
      declared = (JSON.parse(readFileSync(join(d, ".meta", "config.json"), "utf8")) as { id?: unknown }).id;
    } catch {
      continue;
    }
    if (declared === id) return loadExercise(d);
  }
  return undefined;
}
