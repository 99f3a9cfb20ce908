/**
 * similarity.ts — near-identical code between submissions, per exercise, by winnowing
 * (Schleimer, Wilkerson and Aiken's fingerprints, as Dolos computes them: @dodona/dolos-core's
 * FingerprintIndex). Node or browser; pure JavaScript.
 *
 * Why not @dodona/dolos-lib whole: its parsers are tree-sitter native addons, built for the
 * Node ABI they were published with; under Node 24 they fail to load. The core's index takes
 * any token stream, so the tokens come from TypeScript's own scanner (`typescript`, already
 * the project's compiler), with every identifier written `$` and every literal by its kind:
 * renaming variables or changing constants does not hide a copy, while keywords, operators and
 * the shape of the code decide. The exercise's starter and its reference solution are given
 * to the index as ignored files: the code every learner started from is never evidence, and
 * neither is code that is the reference's — on a small exercise, correct answers written
 * independently converge on it, so two of them are not a copy (a renamed copy of the reference
 * itself cannot be told from them either, and is not reported).
 *
 * A pair is reported when Dolos' similarity (the fingerprints of both files found in the
 * other, over all of theirs) is at least the threshold and each file has at least
 * MIN_SHARED_FINGERPRINTS fingerprints in common with the other; a fragment becomes a range
 * of lines on each side. Pairs are sorted, so the report is the same whatever order the files
 * came in.
 */
import { File, FingerprintIndex, Region, TokenizedFile } from "@dodona/dolos-core";
import ts from "typescript";

/** KGRAM_LENGTH is how many tokens a fingerprint covers (Dolos' default is 23 AST tokens; a scanner's tokens are finer). */
export const KGRAM_LENGTH = 15;
/** KGRAMS_IN_WINDOW is the winnowing window (Dolos' default). */
export const KGRAMS_IN_WINDOW = 17;
/** DEFAULT_THRESHOLD is the similarity from which a pair is reported (`--similarity`). */
export const DEFAULT_THRESHOLD = 0.9;
/** MIN_SHARED_FINGERPRINTS keeps a few shared lines of boilerplate from making a pair. */
export const MIN_SHARED_FINGERPRINTS = 5;

/** Tokens is a file as a token stream, with where each token is. */
interface Tokens {
  tokens: string[];
  regions: Region[];
}

/** tokenize scans TypeScript into normalized tokens: identifiers `$`, literals by kind, the rest by their text. */
export function tokenize(code: string): Tokens {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  // at maps a position to its 0-based line and column (a binary search over the line starts).
  const at = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return [lo, pos - lineStarts[lo]!] as const;
  };
  const tokens: string[] = [];
  const regions: Region[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    let tok: string;
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) tok = "$";
    else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) tok = "str";
    else if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) tok = "num";
    else if (kind >= ts.SyntaxKind.TemplateHead && kind <= ts.SyntaxKind.TemplateTail) tok = "tpl";
    else if (kind === ts.SyntaxKind.RegularExpressionLiteral) tok = "re";
    else tok = scanner.getTokenText();
    const [sl, sc] = at(scanner.getTokenStart());
    const [el, ec] = at(scanner.getTokenEnd());
    tokens.push(tok);
    regions.push(new Region(sl, sc, el, ec));
  }
  return { tokens, regions };
}

/** SimilarityInput is one file to compare: whose, and its code. */
export interface SimilarityInput {
  /** a key that names the file uniquely (the submission file's path) */
  key: string;
  code: string;
}

/** SharedFragment is one stretch of code found in both files, as 1-based inclusive line ranges. */
export interface SharedFragment {
  left: { from: number; to: number };
  right: { from: number; to: number };
}

/** SimilarPair is two files found near-identical. left.key < right.key. */
export interface SimilarPair {
  left: string;
  right: string;
  /** Dolos' similarity: fingerprints of both files found in the other, over all of theirs, 0..1 */
  similarity: number;
  /** lines of the left file in shared fragments */
  sharedLines: number;
  fragments: SharedFragment[];
}

/**
 * similarPairs compares every two inputs and returns the pairs at or over `threshold`, sorted
 * by similarity (highest first), then by keys. `ignored` is code that is no evidence (the
 * exercise's starter and reference solution).
 */
export function similarPairs(inputs: readonly SimilarityInput[], ignored: readonly string[], threshold = DEFAULT_THRESHOLD): SimilarPair[] {
  const files = inputs
    .map((inp) => ({ inp, tok: tokenize(inp.code) }))
    .filter(({ tok }) => tok.tokens.length >= KGRAM_LENGTH)
    .sort((a, b) => (a.inp.key < b.inp.key ? -1 : a.inp.key > b.inp.key ? 1 : 0));
  if (files.length < 2) return [];
  const index = new FingerprintIndex(KGRAM_LENGTH, KGRAMS_IN_WINDOW, false);
  const tokenized = files.map(({ inp, tok }) => new TokenizedFile(new File(inp.key, inp.code), tok.tokens, tok.regions));
  index.addFiles(tokenized);
  // Ignored files go in after the others: the index moves a fingerprint out of the files that
  // hold it only when an ignored file adds it (a file added later would count it again).
  ignored.forEach((code, i) => {
    const t = tokenize(code);
    if (t.tokens.length >= KGRAM_LENGTH) index.addIgnoredFile(new TokenizedFile(new File(`<ignored ${i}>`, code), t.tokens, t.regions));
  });
  const out: SimilarPair[] = [];
  for (const pair of index.allPairs()) {
    if (pair.similarity < threshold) continue;
    const swap = pair.leftFile.path > pair.rightFile.path;
    const fragments = pair.buildFragments().map((f): SharedFragment => {
      const l = { from: f.leftSelection.startRow + 1, to: f.leftSelection.endRow + 1 };
      const r = { from: f.rightSelection.startRow + 1, to: f.rightSelection.endRow + 1 };
      return swap ? { left: r, right: l } : { left: l, right: r };
    });
    fragments.sort((a, b) => a.left.from - b.left.from || a.right.from - b.right.from);
    if (Math.min(pair.leftCovered, pair.rightCovered) < MIN_SHARED_FINGERPRINTS) continue;
    const lines = new Set<number>();
    for (const f of fragments) for (let l = f.left.from; l <= f.left.to; l++) lines.add(l);
    out.push({
      left: swap ? pair.rightFile.path : pair.leftFile.path,
      right: swap ? pair.leftFile.path : pair.rightFile.path,
      similarity: Math.round(pair.similarity * 1000) / 1000,
      sharedLines: lines.size,
      fragments,
    });
  }
  return out.sort((a, b) => b.similarity - a.similarity || (a.left < b.left ? -1 : a.left > b.left ? 1 : a.right < b.right ? -1 : a.right > b.right ? 1 : 0));
}
