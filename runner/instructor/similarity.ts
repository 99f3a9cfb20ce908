/**
 * similarity.ts — near-identical code between submissions, per exercise, by winnowing
 * (Schleimer, Wilkerson and Aiken's document fingerprints, computed by Dolos' own
 * WinnowFilter from @dodona/dolos-core). Node or browser; pure JavaScript.
 *
 * Why not @dodona/dolos-lib whole: its parsers are tree-sitter native addons, built for the
 * Node ABI they were published with; under Node 24 they fail to load. The core's filter takes
 * any token stream, so the tokens come from TypeScript's own scanner (`typescript`, already the
 * project's compiler), every identifier written `$` and every literal by its kind: renaming
 * variables or changing constants hides nothing, keywords, operators and the code's shape
 * decide.
 *
 * Evidence is only what lies beyond the base — the exercise's starter and its reference
 * solution: on a small exercise, correct answers written independently converge on the
 * reference, so sharing it proves nothing (and a renamed copy of the reference itself cannot be
 * told from them, and is not reported). Of each file's fingerprints, those also found in the
 * base are dropped; two files are a pair when they share at least MIN_SHARED fingerprints of the
 * rest, and their similarity is the share of the smaller file's own fingerprints found in the
 * other (containment: padding a copy with more code does not hide it). A fingerprint held by
 * very many files (COMMON_SHARE of them, at least COMMON_MIN) is an idiom of the class, not
 * evidence, and is dropped too. The shared fingerprints become ranges of lines on both sides.
 * Pairs are sorted, so the report is the same whatever order the files came in.
 */
import { WinnowFilter } from "@dodona/dolos-core";
import ts from "typescript";

/** KGRAM_LENGTH is how many tokens a fingerprint covers (Dolos' 23 is for AST tokens; a scanner's are coarser). */
export const KGRAM_LENGTH = 12;
/** WINDOW is the winnowing window: at least one fingerprint every WINDOW k-grams. */
export const WINDOW = 6;
/** DEFAULT_THRESHOLD is the similarity from which a pair is reported (`--similarity`). */
export const DEFAULT_THRESHOLD = 0.8;
/** MIN_SHARED keeps a line or two of common code from making a pair. */
export const MIN_SHARED = 5;
/** COMMON_SHARE and COMMON_MIN: a fingerprint in more than max(COMMON_MIN, COMMON_SHARE × files) files is an idiom. */
export const COMMON_SHARE = 0.2;
export const COMMON_MIN = 5;

/** Token positions: 0-based line of each token's start and end. */
interface Tokens {
  tokens: string[];
  startLine: number[];
  endLine: number[];
}

/** tokenize scans TypeScript into normalized tokens: identifiers `$`, literals by kind, the rest by their text. */
export function tokenize(code: string): Tokens & { tokens: string[] } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  // lineOf maps a position to its 0-based line (a binary search over the line starts).
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: Tokens = { tokens: [], startLine: [], endLine: [] };
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    let tok: string;
    // Contextual keywords (of, type, async, out, get…) can also be names: they count as names,
    // or renaming a variable to `out` would change the stream.
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) tok = "$";
    else if (kind > ts.SyntaxKind.LastFutureReservedWord && kind <= ts.SyntaxKind.LastKeyword) tok = "$";
    else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) tok = "str";
    else if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) tok = "num";
    else if (kind >= ts.SyntaxKind.TemplateHead && kind <= ts.SyntaxKind.TemplateTail) tok = "tpl";
    else if (kind === ts.SyntaxKind.RegularExpressionLiteral) tok = "re";
    else tok = scanner.getTokenText();
    out.tokens.push(tok);
    out.startLine.push(lineOf(scanner.getTokenStart()));
    out.endLine.push(lineOf(Math.max(scanner.getTokenStart(), scanner.getTokenEnd() - 1)));
  }
  return out;
}

/** SimilarityInput is one file to compare: whose, and its code. */
export interface SimilarityInput {
  /** a key that names the file uniquely (the submission file's path) */
  key: string;
  code: string;
}

/** LineRange is 1-based inclusive lines. */
export interface LineRange {
  from: number;
  to: number;
}

/** SharedFragment is one stretch of code found in both files. */
export interface SharedFragment {
  left: LineRange;
  right: LineRange;
}

/** SimilarPair is two files found near-identical. left < right (code units). */
export interface SimilarPair {
  left: string;
  right: string;
  /** shared fingerprints beyond the base over the smaller file's own, 0..1, rounded to thousandths */
  similarity: number;
  /** lines of the left file in shared fragments */
  sharedLines: number;
  fragments: SharedFragment[];
}

/** Printed is one file's fingerprints beyond the base: hash → the lines its first k-gram spans. */
type Printed = Map<number, LineRange>;

/** similarityTuning lets the specs and experiments change the constants. */
export interface SimilarityTuning {
  kgramLength?: number;
  window?: number;
  minShared?: number;
}

/**
 * similarPairs compares every two inputs and returns the pairs at or over `threshold`, sorted
 * by similarity (highest first), then by keys. `base` is code that is no evidence (the
 * exercise's starter and reference solution).
 */
export function similarPairs(inputs: readonly SimilarityInput[], base: readonly string[], threshold = DEFAULT_THRESHOLD, tuning: SimilarityTuning = {}): SimilarPair[] {
  const filter = new WinnowFilter(tuning.kgramLength ?? KGRAM_LENGTH, tuning.window ?? WINDOW, false);
  const minShared = tuning.minShared ?? MIN_SHARED;
  const baseHashes = new Set<number>();
  for (const code of base) for (const f of filter.fingerprints(tokenize(code).tokens)) baseHashes.add(f.hash);

  const files = [...inputs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const printed: Printed[] = files.map(({ code }) => {
    const t = tokenize(code);
    const m: Printed = new Map();
    for (const f of filter.fingerprints(t.tokens)) {
      if (!baseHashes.has(f.hash) && !m.has(f.hash)) m.set(f.hash, { from: t.startLine[f.start]! + 1, to: t.endLine[f.stop]! + 1 });
    }
    return m;
  });

  // Who holds each fingerprint; idioms of the whole class are dropped.
  const holders = new Map<number, number[]>();
  printed.forEach((m, i) => {
    for (const h of m.keys()) holders.set(h, [...(holders.get(h) ?? []), i]);
  });
  const common = Math.max(COMMON_MIN, Math.ceil(COMMON_SHARE * files.length));
  const shared = new Map<string, number[]>();
  for (const [h, who] of holders) {
    if (who.length < 2 || who.length > common) continue;
    for (let x = 0; x < who.length; x++) {
      for (let y = x + 1; y < who.length; y++) {
        const key = `${who[x]} ${who[y]}`;
        shared.set(key, [...(shared.get(key) ?? []), h]);
      }
    }
  }

  const out: SimilarPair[] = [];
  for (const [key, hashes] of shared) {
    if (hashes.length < minShared) continue;
    const [i, j] = key.split(" ").map(Number) as [number, number];
    const similarity = Math.round((1000 * hashes.length) / Math.min(printed[i]!.size, printed[j]!.size)) / 1000;
    if (similarity < threshold) continue;
    const fragments = mergeFragments(hashes.map((h) => ({ left: printed[i]!.get(h)!, right: printed[j]!.get(h)! })));
    const lines = new Set<number>();
    for (const f of fragments) for (let l = f.left.from; l <= f.left.to; l++) lines.add(l);
    out.push({ left: files[i]!.key, right: files[j]!.key, similarity, sharedLines: lines.size, fragments });
  }
  return out.sort((a, b) => b.similarity - a.similarity || (a.left < b.left ? -1 : a.left > b.left ? 1 : a.right < b.right ? -1 : a.right > b.right ? 1 : 0));
}

/** mergeFragments joins fragments whose line ranges overlap or touch on both sides, in left order. */
function mergeFragments(list: SharedFragment[]): SharedFragment[] {
  const sorted = [...list].sort((a, b) => a.left.from - b.left.from || a.right.from - b.right.from);
  const out: SharedFragment[] = [];
  const touches = (a: LineRange, b: LineRange) => b.from <= a.to + 1 && a.from <= b.to + 1;
  for (const f of sorted) {
    const last = out.at(-1);
    if (last && touches(last.left, f.left) && touches(last.right, f.right)) {
      last.left = { from: Math.min(last.left.from, f.left.from), to: Math.max(last.left.to, f.left.to) };
      last.right = { from: Math.min(last.right.from, f.right.from), to: Math.max(last.right.to, f.right.to) };
    } else out.push({ left: { ...f.left }, right: { ...f.right } });
  }
  return out;
}
