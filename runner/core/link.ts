/**
 * link.ts — joins a Run's two compiled files (solution.ts and hidden.test.ts, each CommonJS
 * from bundle.ts) into the one program a sandbox evaluates in the Run's ses Compartment
 * (compartment.ts), with one source map. Pure string work; runs wherever bundling runs (the
 * browser's bundler worker, the Node host).
 *
 * Why link by hand instead of letting esbuild bundle both files: on esbuild-wasm every plugin
 * callback is a round trip into the Go runtime (measured 40–75 ms per warm Run with the module
 * map as a plugin, 5–10 ms per file without one), and the hidden tests never change between
 * Runs, so their compilation is kept and only the learner's file is compiled again.
 *
 * The program it makes (a script whose value is one function):
 *   (function () {
 *     const { Object, Promise, Math, …, undefined } = arguments[0];   (learner-globals.ts)
 *     function solution(exports, require, module) { …solution.ts as CommonJS… }
 *     function tests(exports, require, module) { …hidden.test.ts as CommonJS… }
 *     return instantiate;                          (runs the files afresh: the tests' exports)
 *   })
 * Evaluating it runs nothing; calling it with the Compartment's global object binds the Run's
 * globals as local constants (fast lookups, see learner-globals.ts) and returns `instantiate`.
 * `instantiate(registry, collecting)` runs hidden.test.ts (which
 * requires solution.ts) with fresh module state, resolving gosync and "vitest" imports in the
 * registry the host hands it (modules.ts createModuleRegistry; never on the global object, so
 * learner code cannot reach it), checks that solution.ts exports every name the tests read from
 * it (not when `collecting` the tests' names with an empty solution.ts), and returns the tests' exports (chapter examples use them). A host may instantiate one imported module for several Runs of the same code: the
 * files' functions then keep their JIT state (each import of new code starts cold).
 * Each file gets its own `require`, which applies the module map (modules.ts) again at run
 * time, so `require("node:fs")` written by hand fails with the same message as an import.
 * The loader's bindings are `const`, its tables frozen, and the files run in their own function
 * scopes, so learner code can shadow them but not replace what the hidden tests receive.
 *
 * A file that uses `using` gets esbuild's disposal helpers (`__using`, `__callDispose`); once
 * the file's top level has run, they are wrapped in fast paths (DISPOSAL_FAST_PATHS): the hot
 * path of every `using _ = await mu.lock()`.
 */
import { LEARNER_GLOBALS } from "./learner-globals.ts";
import { LEARNER_FILE, TESTS_FILE, allowedImports } from "./modules.ts";

/** CompiledFile is one file of a Run after compilation: CommonJS code and its source map (JSON text). */
export interface CompiledFile {
  code: string;
  map: string;
}

/** LinkedRun is the Run's program: a script ending with `//# sourceURL=<url>`, and a sectioned source map. */
export interface LinkedRun {
  code: string;
  map: string;
}

/**
 * DISPOSAL_FAST_PATHS wrap esbuild's helpers for a lowered `using` block. The common case — a
 * synchronous `using` of an object with a [Symbol.dispose] method — is served without the two
 * closures esbuild's __callDispose makes per block (measured ~10% of judging safe-counter in
 * Node 24); anything else (`await using`, null, a function, a missing dispose) goes to
 * esbuild's own helper with the same arguments, so the semantics are esbuild's: disposal in
 * reverse order, a disposal error joined to an earlier one as a SuppressedError.
 */
const DISPOSAL_FAST_PATHS = [
  `const __synclab_dispose = Symbol.dispose || Symbol.for("Symbol.dispose");`,
  `const __synclab_fastUsing = (slow) => (stack, value, async) => {`,
  `  if (!async && value !== null && typeof value === "object") {`,
  `    const dispose = value[__synclab_dispose];`,
  `    if (typeof dispose === "function") {`,
  `      stack.push([async, dispose, value]);`,
  `      return value;`,
  `    }`,
  `  }`,
  `  return slow(stack, value, async);`,
  `};`,
  `const __synclab_fastDispose = (slow) => (stack, error, hasError) => {`,
  `  while (stack.length > 0) {`,
  `    const entry = stack[stack.length - 1];`,
  `    if (entry[0]) return slow(stack, error, hasError);`,
  `    stack.pop();`,
  `    try {`,
  `      if (entry[1]) entry[1].call(entry[2]);`,
  `    } catch (e) {`,
  `      if (hasError) {`,
  `        const suppressed = error;`,
  `        if (typeof SuppressedError === "function") error = new SuppressedError(e, suppressed, "An error was suppressed during disposal");`,
  `        else (error = Error("An error was suppressed during disposal"), error.name = "SuppressedError", error.error = e, error.suppressed = suppressed);`,
  `      } else {`,
  `        error = e;`,
  `        hasError = true;`,
  `      }`,
  `    }`,
  `  }`,
  `  if (hasError) throw error;`,
  `};`,
];

function linesOf(code: string): string[] {
  const lines = code.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** importErrorTail is what follows `Cannot import "<specifier>" in <importer>` (modules.ts importError). */
function importErrorTail(importer: string): string {
  return `: only these modules can be imported: ${allowedImports(importer).map((s) => `"${s}"`).join(", ")}`;
}

/**
 * importedFromLearner lists the names the compiled hidden tests read from the learner's module:
 * esbuild's CommonJS output reads each named import as `import_solution.Name` (type-only imports
 * are erased, so they are not listed). A namespace import is not followed: its names are not listed.
 */
export function importedFromLearner(testsCode: string): string[] {
  return [...new Set([...testsCode.matchAll(/\bimport_solution\d*\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!))];
}

/**
 * calledOnLearnerClasses lists, per class the compiled hidden tests import from the learner's
 * module, the methods they call: on the class itself (`import_solution.Store.open(…)`) and on a
 * variable that only ever holds a new instance of it (`const c = new import_solution.Counter()`,
 * then `c.inc(…)` anywhere in the file). A name bound to anything else as well is not followed,
 * nor is an instance passed under another name: what is listed is surely called on the class or
 * its instances, so a method missing from the list is never reported in error.
 */
export function calledOnLearnerClasses(testsCode: string): Map<string, { statics: string[]; methods: string[] }> {
  const out = new Map<string, { statics: Set<string>; methods: Set<string> }>();
  const entry = (cls: string) => {
    let e = out.get(cls);
    if (e === undefined) out.set(cls, (e = { statics: new Set(), methods: new Set() }));
    return e;
  };
  for (const m of testsCode.matchAll(/\bimport_solution\d*\.([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\s*\(/g)) entry(m[1]!).statics.add(m[2]!);
  const classOf = new Map<string, string | null>();
  for (const m of testsCode.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*=(?![=>])\s*(new\s+import_solution\d*\.([A-Za-z_$][\w$]*)\b)?/g)) {
    const [, name, isNew, cls] = m;
    const was = classOf.get(name!);
    classOf.set(name!, isNew !== undefined && (was === undefined || was === cls) ? cls! : null);
  }
  for (const [name, cls] of classOf) {
    if (cls === null) continue;
    const e = entry(cls);
    for (const m of testsCode.matchAll(new RegExp(`(?<![\\w$.])${escapeName(name)}\\??\\.([A-Za-z_$][\\w$]*)\\s*\\(`, "g"))) e.methods.add(m[1]!);
  }
  return new Map([...out].map(([cls, e]) => [cls, { statics: [...e.statics], methods: [...e.methods] }]));
}

/** escapeName makes an identifier (which may hold `$`) a literal in a RegExp. */
const escapeName = (name: string) => name.replace(/\$/g, () => "\\$");

/**
 * definedOutsidePrototype reports whether the learner's compiled file may give instances a
 * property `name` some other way than a method of the class (a class field, `this.name = …`, a
 * quoted key, or a function or object-literal method or property of that name anywhere — a
 * constructor may return such an object, a mixin may copy it onto the prototype): such a name
 * is not reported missing, whatever the prototype holds. The check is for a method renamed or
 * never written, whose name then appears nowhere as a definition; it must never fail a correct
 * file, so anything that may define the name counts.
 */
function definedOutsidePrototype(solutionCode: string, name: string): boolean {
  const n = escapeName(name);
  return new RegExp(`(^|\\n)\\s*(static\\s+)?${n}\\s*[=;]|\\.${n}\\s*=(?!=)|["'\`]${n}["'\`]|(^|[^.\\w$])${n}\\s*(\\(|:\\s*(async\\s+)?(function\\b|\\(|[\\w$]+\\s*=>))`).test(solutionCode);
}

/**
 * Missing is what the learner's module lacks of what the tests use: exports they import, or
 * methods they call on an exported class (`static` when called on the class itself).
 */
export type Missing = { exports: string[] } | { className: string; methods: string[]; statics: boolean };

/**
 * missingMessage is what a Run says, in `lang`, when solution.ts lacks what the tests use:
 * named before any test runs, rather than as esbuild's internal name failing in every test
 * ("import_solution.Counter is not a constructor", "c.value is not a function").
 */
export function missingMessage(missing: Missing, lang: "en" | "zh" = "en"): string {
  const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(lang === "zh" ? "、" : ", ");
  if ("exports" in missing) {
    const names = missing.exports;
    return lang === "zh"
      ? `${LEARNER_FILE} 没有导出 ${quoted(names)}，而测试要导入它${names.length === 1 ? "" : "们"}：请在声明前加上 \`export\`，名字与初始代码一致`
      : `${LEARNER_FILE} does not export ${quoted(names)}, which the tests import: expected \`export\` before ${names.length === 1 ? "its declaration" : "their declarations"}, with the names the starter gives`;
  }
  const { className, methods, statics } = missing;
  if (lang === "zh") {
    return `${LEARNER_FILE}：\`${className}\` 没有${statics ? "静态" : ""}方法 ${quoted(methods)}，而测试要调用它${methods.length === 1 ? "" : "们"}：请在类中${statics ? "用 static " : ""}声明这个名字的方法，与初始代码一致`;
  }
  const one = methods.length === 1;
  return `${LEARNER_FILE}: \`${className}\` has no ${statics ? "static " : ""}${one ? "method" : "methods"} ${quoted(methods)}, which the tests call: expected ${one ? "a method" : "methods"} of ${one ? "that name" : "those names"} in the class${statics ? ", declared static" : ""}, as the starter declares ${one ? "it" : "them"}`;
}

/** missingExportMessage is missingMessage for exports the tests import and `names` lacks. */
export function missingExportMessage(names: readonly string[]): string {
  return missingMessage({ exports: [...names] });
}

/**
 * methodsToCheck is calledOnLearnerClasses as the program checks it: [class, methods, statics],
 * less the names the learner's compiled file may define outside the prototype.
 */
export function methodsToCheck(testsCode: string, solutionCode: string): [string, string[], string[]][] {
  const keep = (names: string[]) => names.filter((n) => !definedOutsidePrototype(solutionCode, n));
  return [...calledOnLearnerClasses(testsCode)].map(([cls, e]) => [cls, keep(e.methods), keep(e.statics)] as [string, string[], string[]]).filter(([, m, st]) => m.length + st.length > 0);
}

/** MISSING_KEY names the data property of the error the program throws when solution.ts lacks what the tests use (a Missing). */
export const MISSING_KEY = "synclabMissing";

/**
 * linkRun joins `solution` and `tests` into one program named `url` (its sourceURL). The map
 * has one section per file, so positions in either map back to solution.ts or hidden.test.ts.
 */
export function linkRun(solution: CompiledFile, tests: CompiledFile, url: string): LinkedRun {
  const out: string[] = [
    // One line, so that every line below keeps its number whatever the globals are. No named
    // parameter: a parameter would be a binding learner code could assign.
    `(function () { const { ${LEARNER_GLOBALS.join(", ")} } = arguments[0]; // A SyncLab Run: ${LEARNER_FILE} and ${TESTS_FILE}, each compiled to CommonJS, linked by runner/core/link.ts.`,
    ...DISPOSAL_FAST_PATHS,
  ];
  const sections: { offset: { line: number; column: number }; map: unknown }[] = [];
  const addFile = (name: string, file: CompiledFile) => {
    out.push(`const ${name} = function (exports, require, module) {`);
    sections.push({ offset: { line: out.length, column: 0 }, map: JSON.parse(file.map) });
    out.push(...linesOf(file.code));
    if (file.code.includes("\nvar __using = (stack, value, async) => {")) out.push("__using = __synclab_fastUsing(__using);");
    if (file.code.includes("\nvar __callDispose = (stack, error, hasError) => {")) out.push("__callDispose = __synclab_fastDispose(__callDispose);");
    out.push("};");
  };
  addFile("__synclab_solution", solution);
  addFile("__synclab_tests", tests);
  const allowed = (importer: string) => JSON.stringify(allowedImports(importer));
  out.push(
    `const __synclab_files = Object.freeze({`,
    `  ${JSON.stringify(LEARNER_FILE)}: Object.freeze([Object.freeze(__synclab_solution), Object.freeze(${allowed(LEARNER_FILE)}), ${JSON.stringify(importErrorTail(LEARNER_FILE))}]),`,
    `  ${JSON.stringify(TESTS_FILE)}: Object.freeze([Object.freeze(__synclab_tests), Object.freeze(${allowed(TESTS_FILE)}), ${JSON.stringify(importErrorTail(TESTS_FILE))}]),`,
    `});`,
    `const __synclab_imported = Object.freeze(${JSON.stringify(importedFromLearner(tests.code))});`,
    // [class, methods called on its instances, methods called on it], less what the learner's file
    // may define outside the prototype (a field holding a function).
    `const __synclab_called = Object.freeze(${JSON.stringify(methodsToCheck(tests.code, solution.code))});`,
    // Thrown with what is missing (a Missing) for the host to word in both languages (missingMessage).
    `const __synclab_missing = (missing) => Object.defineProperty(new Error(${JSON.stringify(`${LEARNER_FILE} lacks what the tests use`)}), ${JSON.stringify(MISSING_KEY)}, { value: Object.freeze(missing) });`,
    // A const: learner code in scope of it cannot swap what the next Run of the same program
    // calls.
    `const __synclab_instantiate = function instantiate(registry, collecting) {`,
    `  const loaded = Object.create(null);`,
    `  const load = (file) => {`,
    `    const done = loaded[file];`,
    `    if (done) return done.exports;`,
    `    const module = { exports: {} };`,
    `    loaded[file] = module;`,
    `    const [body, allowed, tail] = __synclab_files[file];`,
    `    const require = (specifier) => {`,
    `      if (!allowed.includes(specifier)) throw new Error('Cannot import "' + specifier + '" in ' + file + tail);`,
    `      if (specifier === ${JSON.stringify(`./${LEARNER_FILE}`)}) return load(${JSON.stringify(LEARNER_FILE)});`,
    `      if (!registry || !registry[specifier]) throw new Error("synclab: module " + JSON.stringify(specifier) + " is not in the registry given to instantiate (expected the host to pass createModuleRegistry's table)");`,
    `      return registry[specifier];`,
    `    };`,
    `    body.call(undefined, module.exports, require, module);`,
    // Named before any test runs: otherwise every test fails with esbuild's internal name
    // ("import_solution.SafeCounter is not a constructor").
    `    if (file === ${JSON.stringify(LEARNER_FILE)} && collecting !== true) {`,
    `      const missing = __synclab_imported.filter((name) => !(name in module.exports));`,
    `      if (missing.length) throw __synclab_missing({ exports: missing });`,
    `      for (const [className, methods, statics] of __synclab_called) {`,
    `        const cls = module.exports[className];`,
    `        if (typeof cls !== "function") continue;`,
    `        const proto = cls.prototype;`,
    `        const lacking = proto !== null && typeof proto === "object" ? methods.filter((name) => !(name in proto)) : [];`,
    `        if (lacking.length) throw __synclab_missing({ className, methods: lacking, statics: false });`,
    `        const lackingStatic = statics.filter((name) => !(name in cls));`,
    `        if (lackingStatic.length) throw __synclab_missing({ className, methods: lackingStatic, statics: true });`,
    `      }`,
    `    }`,
    `    return module.exports;`,
    `  };`,
    `  return load(${JSON.stringify(TESTS_FILE)});`,
    `};`,
    `return __synclab_instantiate;`,
    `})`,
    `//# sourceURL=${url}`,
    ``,
  );
  return { code: out.join("\n"), map: JSON.stringify({ version: 3, sections }) };
}
