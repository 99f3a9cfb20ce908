/**
 * type-warnings.ts — TypeScript's diagnostics for a learner's file, checked together with the
 * hidden tests that import it, as warnings for the CLI's Verdict (`synclab check`). The Run still
 * runs: a type error in JavaScript's terms may be harmless, and the verdict is the tests'. What
 * the checker sees that a Run would show only as a crash is named here first, with line and
 * column: `this.count[key]` on a Map, a method the tests call that the class lacks ("Property
 * 'value' does not exist on type 'SafeCounter'", located in hidden.test.ts), an export the tests
 * import that the file lacks. The browser's editor has the same checker in its TypeScript worker.
 * Runs in Node (the CLI's process, not a sandbox: the checker only reads the text).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { Diagnostic } from "../core/verdict.ts";
import { LEARNER_FILE, TESTS_FILE } from "../core/modules.ts";

/** OPTIONS are the editor's and the bundler's assumptions (site/exercise/monaco.ts, runner/core/bundle.ts), the hidden tests' "vitest" typed as they are judged. */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.esnext.d.ts", "lib.esnext.disposable.d.ts", "lib.webworker.d.ts"],
  types: [],
  noEmit: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  paths: { vitest: [fileURLToPath(new URL("../core/hidden-test-api.d.ts", import.meta.url))] },
};

/**
 * UNRESOLVED are codes of diagnostics about the checker's own setup (a module it cannot find from
 * an exercise folder outside the repository), which the bundler reports better when they are real.
 */
const UNRESOLVED = new Set([2307, 2792]);

/** MAX_WARNINGS bounds the warnings added to a Verdict: the first ones say what is wrong. */
const MAX_WARNINGS = 10;

/**
 * typeWarnings checks `solution` as solution.ts beside `tests` (hidden.test.ts) in `dir` (the
 * exercise's folder, so "gosync" resolves as the tests' does) and returns each problem in either
 * file as a warning, the learner's file first.
 */
export function typeWarnings(dir: string, solution: string, tests: string): Diagnostic[] {
  const files = new Map([
    [join(dir, LEARNER_FILE), solution],
    [join(dir, TESTS_FILE), tests],
  ]);
  const host = ts.createCompilerHost(OPTIONS, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, lang, onError, fresh) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, lang, true, ts.ScriptKind.TS);
    return getSourceFile.call(host, name, lang, onError, fresh);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options: OPTIONS, host });
  const out: Diagnostic[] = [];
  for (const [name, file] of [[join(dir, LEARNER_FILE), LEARNER_FILE], [join(dir, TESTS_FILE), TESTS_FILE]] as const) {
    const sf = program.getSourceFile(name);
    if (!sf) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      if (UNRESOLVED.has(d.code) || d.category !== ts.DiagnosticCategory.Error) continue;
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      out.push({ file, line: line + 1, column: character + 1, severity: "warning", message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}` });
    }
  }
  // The tests call a missing method in many places: the first says it, a count the rest.
  const first = new Map<string, Diagnostic>();
  const more = new Map<string, number>();
  const kept = out.filter((d) => {
    if (d.file !== TESTS_FILE) return true;
    const seen = first.get(d.message);
    if (seen === undefined) first.set(d.message, d);
    else more.set(d.message, (more.get(d.message) ?? 0) + 1);
    return seen === undefined;
  });
  return kept.slice(0, MAX_WARNINGS).map((d) => (more.has(d.message) ? { ...d, message: `${d.message} (and ${more.get(d.message)} more places in ${TESTS_FILE})` } : d));
}
