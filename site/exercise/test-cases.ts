/**
 * test-cases — the hidden tests of an exercise as the Tests tab lists them before any Run: each
 * test's full name (describe blocks joined with " > ", as the harness names them) and the lines
 * of hidden.test.ts its `test(…)` call spans, so a failure "at hidden.test.ts:NN" can be shown
 * with the test's own code. Runs in Node at site build (data.ts), with TypeScript's parser: the
 * tests are read, never run.
 *
 * Only calls whose name is a string literal, or `{ en, zh }` string literals (every hidden test
 * today), are listed; a test named by an expression is left out here and still appears, by the
 * name the Run gives it, once a Run has reported it.
 */
import ts from "typescript";

export interface TestCase {
  /** name is the test's full name, as the Verdict names it (the English of a `{ en, zh }` name). */
  name: string;
  /** zh is the test's full name in Chinese, when the test gives one (`test({ en, zh }, …)`; a block named only in English keeps it). */
  zh?: string;
  /** line and endLine are the 1-based first and last lines of the test's call in hidden.test.ts. */
  line: number;
  endLine: number;
}

const TEST_CALLS = new Set(["test", "it"]);
const MODIFIERS = new Set(["skip", "only", "todo", "concurrent"]);

/** callee names a call `test(…)`, `test.skip(…)`, `describe.only(…)`…: its base name, or undefined. */
function callee(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && MODIFIERS.has(expr.name.text)) return expr.expression.text;
  return undefined;
}

/** literal reads a string literal, or a `{ en, zh }` object of string literals (a name in both languages), or returns undefined. */
function literal(node: ts.Node | undefined): { en: string; zh?: string } | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteralLike(node)) return { en: node.text };
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const text: Record<string, string> = {};
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && ts.isStringLiteralLike(p.initializer)) text[p.name.text] = p.initializer.text;
  }
  return text.en !== undefined && text.zh !== undefined ? { en: text.en, zh: text.zh } : undefined;
}

/** testCases lists the tests of a hidden test file, in declaration order. */
export function testCases(source: string, fileName = "hidden.test.ts"): TestCase[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: TestCase[] = [];
  const scope: { en: string; zh?: string }[] = [];
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const base = callee(node.expression);
      const [first] = node.arguments;
      const name = literal(first);
      if (base === "describe") {
        // A block named by an expression: its tests' names are unknown until a Run reports them.
        if (name === undefined) return;
        scope.push(name);
        node.arguments.slice(1).forEach(visit);
        scope.pop();
        return;
      }
      if (name !== undefined && base !== undefined && TEST_CALLS.has(base)) {
        const names = [...scope, name];
        const c: TestCase = { name: names.map((n) => n.en).join(" > "), line: lineOf(node.getStart(file)), endLine: lineOf(node.getEnd()) };
        if (name.zh !== undefined) c.zh = names.map((n) => n.zh ?? n.en).join(" > ");
        out.push(c);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}
