/**
 * share — a playground program carried in a link, with no server: its code and the schedule
 * to run it on (strategy, seed, runs, depth, bound, or the choices made by hand) as the raw DEFLATE (fflate) of their JSON, base64url, in
 * the URL's fragment: `#pg1:<data>`. The same format serves the chapters' "Open in playground"
 * links, which are written at build time with the code alone. Runs anywhere (the page, the build).
 *
 * Decoding never throws: it answers what is wrong with a damaged link, so the page can say it.
 */
import { deflateSync, inflateSync } from "fflate";
import type { ExploreStrategy } from "gosync/sim";

export const PLAYGROUND_PREFIX = "#pg1:";
/** MAX_PROGRAM_BYTES bounds what a link may inflate to: a playground program is a few KB. */
export const MAX_PROGRAM_BYTES = 256 * 1024;
/** MAX_DEPTH and MAX_BOUND cap pct's depth and a bounded search's highest bound (the Limits controls' max). */
export const MAX_DEPTH = 10;
export const MAX_BOUND = 10;
/** STRATEGIES are the strategies the playground offers, as gosync names them (its EXPLORE_STRATEGIES). */
export const STRATEGIES = ["random", "pct", "exhaustive", "preemption-bounded", "delay-bounded"] as const satisfies readonly ExploreStrategy[];

/** MAX_CHOICES bounds a hand-made schedule a link may carry (a learner clicks each one). */
export const MAX_CHOICES = 5000;

/**
 * ExerciseTest is an exercise's hidden test the playground runs in place of a program's main
 * (the exercise's "Be the scheduler" link): the test's body is goroutine 1, the code is the
 * exercise's solution.ts.
 */
export interface ExerciseTest {
  /** the exercise's id */
  id: string;
  /** the test's name as a Verdict names it (English, with its describe blocks): the judge's `only` */
  test: string;
  /** the test's name in the reader's language, to show */
  title?: string;
  /** the exercise's hidden.test.ts */
  tests: string;
}

/**
 * Program is what a link carries: the code and, when shared after a Run, the schedule it ran on
 * (strategy, seed, runs, pct's depth, a bounded search's highest bound) or, be the scheduler, the
 * choices made by hand (goroutine ids and select case indices; present, even empty, opens the
 * playground in that mode); for an exercise, the test that runs the code.
 */
export interface Program {
  code: string;
  strategy?: ExploreStrategy;
  seed?: number;
  runs?: number;
  depth?: number;
  bound?: number;
  choices?: number[];
  exercise?: ExerciseTest;
}

/** programFragment returns the fragment (with its '#') carrying `p`. */
export function programFragment(p: Program): string {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(p)), { level: 9 });
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return PLAYGROUND_PREFIX + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export type DecodedProgram = { ok: true; program: Program } | { ok: false; detail: string };

/** decodeProgram reads a fragment written by programFragment; it never throws. */
export function decodeProgram(fragment: string): DecodedProgram {
  if (!fragment.startsWith(PLAYGROUND_PREFIX)) return { ok: false, detail: `the link's fragment does not start with ${PLAYGROUND_PREFIX}` };
  const body = fragment.slice(PLAYGROUND_PREFIX.length).replace(/\s+/g, "");
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad) return { ok: false, detail: `character ${JSON.stringify(bad[0])} at position ${bad.index} of the data is not base64url` };
  let json: unknown;
  try {
    const bin = atob(body.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const out = inflateSync(bytes);
    if (out.length > MAX_PROGRAM_BYTES) return { ok: false, detail: `it inflates to ${out.length} bytes, more than ${MAX_PROGRAM_BYTES}` };
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(out));
  } catch (e) {
    return { ok: false, detail: `the data is cut short or altered (${(e as Error).message})` };
  }
  const o = json as Record<string, unknown>;
  if (typeof o !== "object" || o === null || typeof o.code !== "string") return { ok: false, detail: "expected an object with the program's code" };
  const program: Program = { code: o.code };
  if (typeof o.strategy === "string" && (STRATEGIES as readonly string[]).includes(o.strategy)) program.strategy = o.strategy as ExploreStrategy;
  if (typeof o.seed === "number" && Number.isSafeInteger(o.seed) && o.seed >= 0) program.seed = o.seed;
  if (typeof o.runs === "number" && Number.isSafeInteger(o.runs) && o.runs >= 1) program.runs = Math.min(o.runs, 1000);
  if (typeof o.depth === "number" && Number.isSafeInteger(o.depth) && o.depth >= 1) program.depth = Math.min(o.depth, MAX_DEPTH);
  if (typeof o.bound === "number" && Number.isSafeInteger(o.bound) && o.bound >= 0) program.bound = Math.min(o.bound, MAX_BOUND);
  if (o.choices !== undefined) {
    const c = o.choices;
    if (!Array.isArray(c) || c.length > MAX_CHOICES || !c.every((x) => Number.isSafeInteger(x))) {
      return { ok: false, detail: `expected choices to be a list of at most ${MAX_CHOICES} whole numbers (goroutine ids, case indices)` };
    }
    program.choices = c as number[];
  }
  if (o.exercise !== undefined) {
    const e = o.exercise as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null || typeof e.id !== "string" || typeof e.test !== "string" || typeof e.tests !== "string") {
      return { ok: false, detail: "expected exercise to be { id, test, tests } (the exercise, its test's name and its hidden tests)" };
    }
    program.exercise = { id: e.id, test: e.test, tests: e.tests, ...(typeof e.title === "string" ? { title: e.title } : {}) };
  }
  return { ok: true, program };
}
