/**
 * source-map.ts — stack-location mapping: turns positions in the Run's bundle (BUNDLE_URL:line:col,
 * as they appear in error stacks and in gosync's reports) back into solution.ts / hidden.test.ts.
 * Runs anywhere; the harness uses it inside the sandbox, so the Verdict leaves it already mapped.
 *
 * Browsers do not apply source maps to `error.stack` (stack-notes), so every host relies on this.
 */
import { FlattenMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { LEARNER_FILE } from "./modules.ts";
import type { Location } from "./verdict.ts";

/** StackMapper maps bundle positions for one Run. */
export interface StackMapper {
  /** position maps a 1-based line and column in the bundle, or returns undefined outside the Run's own sources. */
  position(line: number, column: number): Location | undefined;
  /**
   * text rewrites every `BUNDLE_URL:line:col` in `s` to `file:line:col`; of a text of several
   * lines, a line holding nothing but a frame in the bundle's glue is dropped (a dump's frame in
   * link.ts's helpers), other unmappable positions are left alone.
   */
  text(s: string): string;
  /**
   * frame maps one stack frame written `BUNDLE_URL:line:col`; it returns undefined for a position
   * in the bundle's own glue (the loader, link.ts's helpers), and any other frame unchanged.
   */
  frame(f: string): string | undefined;
  /** stack keeps the message lines of an error stack and its frames in the Run's sources, mapped. */
  stack(stack: string): string;
  /** locate picks the location to show for a stack: the innermost frame in solution.ts, else in any Run source. */
  locate(stack: string): Location | undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** sourceName turns a map source (`solution.ts`, or a path or URL ending in it) into the file's name. */
function sourceName(source: string | null): string | undefined {
  if (!source) return undefined;
  return source.slice(source.lastIndexOf(":") + 1).replace(/^.*\//, "");
}

/**
 * createStackMapper builds a StackMapper from the bundle's source map (JSON text; a plain map or
 * one with a section per file, as link.ts makes) and its URL. The map is parsed at the first
 * position asked for: a passing Run never needs it.
 */
export function createStackMapper(mapText: string, bundleUrl: string): StackMapper {
  let map: InstanceType<typeof FlattenMap> | undefined;
  const posRe = new RegExp(`${escapeRegExp(bundleUrl)}:(\\d+):(\\d+)`, "g");

  // A replayed schedule names the same few positions thousands of times (a trace event's `at`
  // each): each is looked up in the map once.
  const positions = new Map<string, Location | undefined>();
  const position = (line: number, column: number): Location | undefined => {
    const key = `${line}:${column}`;
    if (positions.has(key)) {
      const known = positions.get(key);
      return known && { ...known };
    }
    map ??= new FlattenMap(mapText);
    const o = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
    const file = sourceName(o.source);
    const found = !file || o.line == null || o.column == null ? undefined : { file, line: o.line, column: o.column + 1 };
    positions.set(key, found);
    return found && { ...found };
  };

  const oneRe = new RegExp(`${escapeRegExp(bundleUrl)}:(\\d+):(\\d+)`);
  const exact = new RegExp(`^${escapeRegExp(bundleUrl)}:(\\d+):(\\d+)$`);
  /** mapped writes a bundle position as `file:line:col` in the Run's sources, or undefined in the glue. */
  const mapped = (line: string, column: string): string | undefined => {
    const p = position(Number(line), Number(column));
    return p ? `${p.file}:${p.line}:${p.column}` : undefined;
  };

  const text = (s: string): string => {
    if (!s.includes(bundleUrl)) return s; // most of a report's strings: a trace event's kind, a goroutine's status
    const t = s.replace(posRe, (whole, l: string, c: string) => mapped(l, c) ?? whole);
    return t.includes("\n") && t.includes(bundleUrl) ? t.split("\n").filter((line) => !exact.test(line.trim())).join("\n") : t;
  };

  const framesOf = (stack: string): { line: string; loc?: Location }[] =>
    bounded(stack).split("\n").map((line) => {
      const m = oneRe.exec(line);
      return { line, loc: m ? position(Number(m[1]), Number(m[2])) : undefined };
    });

  const isFrame = (line: string) => /^\s+at\s/.test(line) || /@/.test(line) && /:\d+:\d+\)?$/.test(line);

  return {
    position,
    text,
    frame(f) {
      const m = exact.exec(f);
      return m ? mapped(m[1]!, m[2]!) : f;
    },
    stack(stack) {
      return framesOf(stack)
        .filter((f) => !isFrame(f.line) || f.loc)
        .map((f) => (f.loc ? asV8Frame(text(f.line)) : f.line))
        .join("\n");
    },
    locate(stack) {
      const locs = framesOf(stack).map((f) => f.loc).filter((l): l is Location => !!l);
      return locs.find((l) => l.file === LEARNER_FILE) ?? locs[0];
    },
  };
}

/**
 * asV8Frame writes a mapped frame as V8 prints one: ses's stack formatting (the sandbox realm is
 * locked down) indents frames by two spaces, and an anonymous function of code a Compartment
 * evaluated is named `eval` — `  at eval (hidden.test.ts:15:92)` becomes
 * `    at hidden.test.ts:15:92`, as the same frame read before the Run's code ran in a Compartment.
 */
function asV8Frame(line: string): string {
  const m = /^\s+at (?:eval \((.*)\)|(.*))$/.exec(line);
  return m ? `    at ${m[1] ?? m[2]}` : line;
}

/**
 * LEARNER_TEXT_LIMIT is how much of a text learner code controls (a thrown message, a stack's
 * header and frames) the runner keeps: it may be megabytes, and each copy costs the sandbox that
 * much again.
 */
const LEARNER_TEXT_LIMIT = 16_384;

/** clipText keeps the first LEARNER_TEXT_LIMIT characters of s and says how many were left out. */
export function clipText(s: string): string {
  return s.length > LEARNER_TEXT_LIMIT ? `${s.slice(0, LEARNER_TEXT_LIMIT)}… (${s.length - LEARNER_TEXT_LIMIT} more characters)` : s;
}

/**
 * bounded clips a stack's header (the error's message) and keeps LEARNER_TEXT_LIMIT characters
 * of its frames, before the mapper copies it; a stack within the limits is returned as it is.
 */
function bounded(stack: string): string {
  if (stack.length <= 2 * LEARNER_TEXT_LIMIT) return stack;
  const at = stack.search(/\n\s+at /);
  if (at < 0) return clipText(stack);
  return clipText(stack.slice(0, at)) + stack.slice(at, at + LEARNER_TEXT_LIMIT);
}
