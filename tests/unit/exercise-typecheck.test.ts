// The hidden tests are compiled against what a learner's file exports: the reference
// solution, the starter (a learner starts from it, so its API must already match what the
// tests import) and every wrong variant except those that must not compile. A mismatch means
// a learner could be judged against an API the instructions do not give them.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { loadExercises } from "../../exercises/index.ts";
import { OPTIONS } from "./ts-options.ts";

/** HIDDEN_OPTIONS resolve the hidden tests' "vitest" to the API they are judged with: Vitest's, names and messages in both languages. */
const HIDDEN_OPTIONS: ts.CompilerOptions = { ...OPTIONS, paths: { vitest: [fileURLToPath(new URL("../../runner/core/hidden-test-api.d.ts", import.meta.url))] } };

/**
 * libraryFiles holds every file a check reads besides the two it is given — TypeScript's lib
 * files, gosync's sources and declarations — parsed once for all the checks, as TypeScript's
 * language service shares unchanged files between programs: each check used to parse them all
 * again, most of its time.
 */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

/** diagnostics compiles hidden.test.ts with `./solution.ts` holding `learner`, and returns every problem located in either file. */
function diagnostics(dir: string, tests: string, learner: string): string[] {
  const files = new Map([
    [join(dir, "hidden.test.ts"), tests],
    [join(dir, "solution.ts"), learner],
  ]);
  const host = ts.createCompilerHost(HIDDEN_OPTIONS, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, lang, onError, fresh) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, lang, true, ts.ScriptKind.TS);
    const key = `${name}\0${JSON.stringify(lang)}`;
    if (!libraryFiles.has(key)) libraryFiles.set(key, getSourceFile.call(host, name, lang, onError, fresh));
    return libraryFiles.get(key);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options: HIDDEN_OPTIONS, host });
  return [...files.keys()].flatMap((name) => {
    const sf = program.getSourceFile(name)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${name.slice(dir.length + 1)}:${line + 1}:${character + 1}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
  });
}

for (const ex of loadExercises()) {
  describe(`exercise ${ex.id}: hidden.test.ts typechecks against`, () => {
    const learners: [string, string][] = [
      [".meta/solution.ts", ex.solution],
      ["starter.ts", ex.starter],
      ...ex.wrong.filter((w) => w.expect.kind !== "compile-error").map((w): [string, string] => [`.meta/wrong/${w.name}.ts`, w.code]),
    ];
    for (const [name, code] of learners) {
      test(`${name} as the learner's solution.ts`, () => {
        const problems = diagnostics(ex.dir, ex.tests, code);
        expect(problems, `${ex.path} with ${name}:\n${problems.join("\n")}`).toEqual([]);
      });
    }
  });
}

describe("the check itself", () => {
  test("a learner file that does not export what the hidden tests import fails, located in hidden.test.ts", () => {
    const [ex] = loadExercises();
    const problems = diagnostics(ex!.dir, ex!.tests, "export {};\n");
    expect(problems.join("\n")).toMatch(/^hidden\.test\.ts:\d+:\d+: TS2305: Module '"\.\/solution\.ts"' has no exported member/m);
  });
});

/** untranslated lists the places in a hidden test file where a test's name or an assertion's message is not given as { en, zh }. */
function untranslated(source: string): string[] {
  const sf = ts.createSourceFile("hidden.test.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const bilingual = (n: ts.Node | undefined) =>
    n !== undefined && ts.isObjectLiteralExpression(n) && ["en", "zh"].every((k) => n.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === k));
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.expression : n.expression;
      const name = ts.isIdentifier(callee) ? callee.text : "";
      const at = () => `hidden.test.ts:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
      if ((name === "test" || name === "it") && !bilingual(n.arguments[0])) out.push(`${at()}: a test named without { en, zh }`);
      if (name === "expect" && n.expression === callee && n.arguments.length > 1 && !bilingual(n.arguments[1])) out.push(`${at()}: an assertion message without { en, zh }`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("hidden tests speak both languages", () => {
  test("the check finds a test name and a message given in one language", () => {
    expect(untranslated('test("x", () => { expect(1, "one").toBe(1); expect(2, { en: "two", zh: "二" }).toBe(2); });')).toEqual([
      "hidden.test.ts:1: a test named without { en, zh }",
      "hidden.test.ts:1: an assertion message without { en, zh }",
    ]);
  });
  for (const ex of loadExercises()) {
    test(`${ex.id}: every test's name and every assertion's message is given as { en, zh }`, () => {
      expect(untranslated(ex.tests), ex.path).toEqual([]);
    });
  }
});
