/**
 * assign.ts — `synclab assign`, the link that opens an assignment in the static site (Node 24).
 *
 *   synclab assign <assignment.yaml|assignment.json> [--site URL] [--lang zh|en]
 *
 * Validates the assignment file (runner/instructor/schema.ts), checks that every exercise it
 * lists is one the site has, and prints on stdout the link of the site's assignment page with
 * the assignment in its fragment (runner/instructor/assignment-link.ts) — everything but the
 * instructor-only test files, which stay on this machine. Students open the link, solve, and
 * press Download submission; nothing is sent anywhere.
 *
 * --site is where the students' site is served (default DEFAULT_SITE, what `npm start`
 * serves); --lang is the page's language (default zh, the site's default locale; the page's
 * language picker keeps the assignment). Exit status: 0 link printed, 2 usage error or a bad
 * assignment file (named with its field on stderr).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { exerciseIds } from "../../exercises/index.ts";
import { assignmentLink, LINK_LANGS, type LinkLang } from "../instructor/assignment-link.ts";
import { InstructorFileError, parseAssignment, type Assignment } from "../instructor/schema.ts";

/** DEFAULT_SITE is the address `npm start` serves the site on (scripts/serve.mjs, port 4321). */
export const DEFAULT_SITE = "http://127.0.0.1:4321";

export const ASSIGN_USAGE = `usage: synclab assign <assignment.yaml|assignment.json> [--site URL] [--lang zh|en]

  Validates the assignment file and prints the link that opens it on the site's assignment page.
  Instructor-only test files are never put in the link.
  --site URL   where the students' site is served (default ${DEFAULT_SITE}, what npm start serves)
  --lang LANG  the page's language, zh or en (default zh)
  Exit status: 0 when the link is printed, 2 for a usage error or an invalid assignment file.`;

/** AssignUsageError is a mistake in the command line or the file; printed with the usage, exit 2. */
class AssignUsageError extends Error {}

interface AssignArgs {
  file: string;
  site: string;
  lang: LinkLang;
}

function parseAssignArgs(argv: string[]): AssignArgs {
  let site = DEFAULT_SITE;
  let lang: LinkLang = "zh";
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new AssignUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--help" || flag === "-h") throw new AssignUsageError("");
    else if (flag === "--site") site = checkSite(value());
    else if (flag === "--lang") {
      const v = value();
      if (!(LINK_LANGS as readonly string[]).includes(v)) throw new AssignUsageError(`--lang is "${v}", expected ${LINK_LANGS.join(" or ")}`);
      lang = v as LinkLang;
    } else if (flag.startsWith("-")) throw new AssignUsageError(`unknown option ${flag} (expected --site or --lang)`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new AssignUsageError(`assign takes one assignment file, received ${positional.length} argument(s)`);
  return { file: positional[0]!, site, lang };
}

/** checkSite accepts an http(s) URL without query or fragment (a base path is fine). */
function checkSite(site: string): string {
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    throw new AssignUsageError(`--site is "${site}", expected a URL like ${DEFAULT_SITE} or https://school.example/synclab/`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AssignUsageError(`--site is "${site}", expected an http:// or https:// URL`);
  if (url.search || url.hash) throw new AssignUsageError(`--site is "${site}", expected no ?query or #fragment`);
  return url.href;
}

/** readAssignment reads and validates the file, and checks its exercises exist in this site. */
function readAssignment(file: string): Assignment {
  const path = resolve(file);
  if (!existsSync(path)) throw new AssignUsageError(`file not found: ${file} (expected an assignment.yaml or assignment.json)`);
  if (!statSync(path).isFile()) throw new AssignUsageError(`not a file: ${file} (expected an assignment.yaml or assignment.json)`);
  let a: Assignment;
  try {
    a = parseAssignment(readFileSync(path, "utf8"), basename(path));
  } catch (e) {
    if (e instanceof InstructorFileError) throw new AssignUsageError(e.message);
    throw e;
  }
  const known = new Set(exerciseIds());
  a.exercises.forEach((e, i) => {
    if (!known.has(e.id)) {
      throw new AssignUsageError(`${basename(path)} (field exercises.${i}.id): no exercise "${e.id}" in this site; known ids: ${[...known].join(", ")}`);
    }
  });
  return a;
}

/** assign runs `synclab assign` with the arguments after the command; it returns the exit status. */
export async function assign(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let args: AssignArgs;
  let a: Assignment;
  try {
    args = parseAssignArgs(argv);
    a = readAssignment(args.file);
  } catch (e) {
    if (!(e instanceof AssignUsageError)) throw e;
    err.write(`${e.message ? `synclab: ${e.message}\n\n` : ""}${ASSIGN_USAGE}\n`);
    return 2;
  }
  const points = a.exercises.reduce((sum, e) => sum + e.points, 0);
  const kept = a.exercises.reduce((n, e) => n + (e.instructorTests?.length ?? 0), 0);
  err.write(
    `${a.id}: ${a.exercises.length} exercise(s), ${points} points, due ${a.due}` +
      `${kept ? `; ${kept} instructor-only test file(s) left out of the link` : ""}\n`,
  );
  out.write(`${assignmentLink(a, args.site, args.lang)}\n`);
  return 0;
}
