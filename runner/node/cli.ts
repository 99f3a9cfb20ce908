#!/usr/bin/env node
/**
 * cli.ts — `synclab`, the judge on the command line (Node 24; run through `npx synclab`).
 *
 *   synclab check <exercise-id> <file.ts> [--json]
 *   synclab assign <assignment.yaml> [--site URL] [--lang zh|en]   (runner/node/assign.ts)
 *   synclab grade …, synclab grade merge …   (runner/instructor/grade-command.ts)
 *   synclab verify <dir>                      (runner/instructor/verify-command.ts)
 *
 * check judges <file.ts> as the learner's solution.ts of the exercise against its hidden tests, with
 * the exercise's limits, and prints the Verdict (readable, or as JSON with --json).
 * Exit status: 0 pass, 1 any other verdict, 2 usage error (unknown id, missing file, bad args).
 * assign, grade and verify document their own.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { exerciseIds, findExercise as loadById, type Exercise } from "../../exercises/index.ts";
import { summarize } from "../core/verdict.ts";
import type { Lang } from "../core/bilingual.ts";
import { assign } from "./assign.ts";
import { judge } from "./run.ts";
import { typeWarnings } from "./type-warnings.ts";

const USAGE = `usage: synclab check <exercise-id> <file.ts> [--json] [--profile] [--contrast] [--lang en|zh]

  Judges <file.ts> as the learner's solution.ts of the exercise, against its hidden tests.
  --lang zh prints the tests' names and messages in Chinese (default: en; --json holds both).
  --profile also prints each test's blocking profile (of its failing schedule, or of its first
  one when it passed): where goroutines blocked, how often and how long in virtual time.
  --contrast also looks for a passing schedule of each failing test and prints its token, to
  compare with the (shrunk) failing one.
  Exit status: 0 when the verdict is pass, 1 for any other verdict, 2 for a usage error.

  For instructors: synclab assign --help, synclab grade --help, synclab verify --help.`;

/** UsageError is a mistake in the command line; the CLI prints it with the usage and exits 2. */
class UsageError extends Error {}

interface Parsed {
  id: string;
  file: string;
  json: boolean;
  profile: boolean;
  contrast: boolean;
  lang: Lang;
}

function parseArgs(given: string[]): Parsed {
  let lang: Lang = "en";
  const argv = [...given];
  const at = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (at >= 0) {
    const value = argv[at]!.includes("=") ? argv[at]!.slice("--lang=".length) : argv[at + 1];
    if (value !== "en" && value !== "zh") throw new UsageError(`--lang takes en or zh, received ${value === undefined ? "nothing" : JSON.stringify(value)}`);
    lang = value;
    argv.splice(at, argv[at]!.includes("=") ? 1 : 2);
  }
  const json = argv.includes("--json");
  const profile = argv.includes("--profile");
  const contrast = argv.includes("--contrast");
  const unknownFlags = argv.filter((a) => a.startsWith("-") && a !== "--json" && a !== "--profile" && a !== "--contrast");
  if (argv.includes("--help") || argv.includes("-h")) throw new UsageError("");
  if (unknownFlags.length) throw new UsageError(`unknown option ${unknownFlags[0]} (expected only --json, --profile, --contrast and --lang en|zh)`);
  const pos = argv.filter((a) => !a.startsWith("-"));
  if (pos[0] !== "check") throw new UsageError(pos[0] === undefined ? "missing command (expected check, assign, grade or verify)" : `unknown command "${pos[0]}" (expected check, assign, grade or verify)`);
  if (pos.length !== 3) throw new UsageError(`check takes an exercise id and a file, received ${pos.length - 1} argument(s)`);
  return { id: pos[1]!, file: pos[2]!, json, profile, contrast, lang };
}

function findExercise(id: string): Exercise {
  const ex = loadById(id);
  if (!ex) {
    const known = exerciseIds();
    throw new UsageError(`unknown exercise id "${id}"; known ids: ${known.length ? known.join(", ") : "(none: exercises/ holds no exercise)"}`);
  }
  return ex;
}

/**
 * passCaveat is what a readable pass adds for an exercise whose config names a blind spot: what
 * the hidden tests cannot see, so that a pass is not taken for proof. Empty otherwise.
 */
export function passCaveat(ex: Exercise, status: string, lang: Lang = "en"): string {
  if (status !== "pass" || !ex.config.blindSpot) return "";
  return lang === "zh" ? `\n测试看不到的：${ex.config.blindSpot.zh}\n` : `\nWhat the tests cannot see: ${ex.config.blindSpot.en}\n`;
}

/** main runs the CLI and returns its exit status. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv[0] === "assign") return assign(argv.slice(1), out, err);
  if (argv[0] === "grade") return (await import("../instructor/grade-command.ts")).gradeMain(argv.slice(1), out, err);
  if (argv[0] === "verify") return (await import("../instructor/verify-command.ts")).verifyMain(argv.slice(1), out, err);
  let args: Parsed;
  let ex: Exercise;
  let code: string;
  try {
    args = parseArgs(argv);
    const path = resolve(args.file);
    if (!existsSync(path)) throw new UsageError(`file not found: ${args.file} (expected the path of a .ts file with your solution)`);
    if (!statSync(path).isFile()) throw new UsageError(`not a file: ${args.file} (expected the path of a .ts file with your solution)`);
    ex = findExercise(args.id);
    code = readFileSync(path, "utf8");
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`${e.message ? `synclab: ${e.message}\n\n` : ""}${USAGE}\n`);
    return 2;
  }
  const judged = await judge({ exerciseId: ex.id, solution: code, tests: ex.tests, limits: { ...ex.config.limits, ...(args.profile ? { profile: true } : {}), ...(args.contrast ? { contrast: true } : {}) } });
  // TypeScript's view of the file, before the Run's verdict (a compile error already says it all).
  const verdict = judged.status === "compile-error" ? judged : { ...judged, diagnostics: [...typeWarnings(ex.dir, code, ex.tests), ...judged.diagnostics] };
  out.write(args.json ? `${JSON.stringify(verdict, null, 2)}\n` : `${summarize(verdict, args.lang)}\n${passCaveat(ex, verdict.status, args.lang)}`);
  return verdict.status === "pass" ? 0 : 1;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`synclab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
