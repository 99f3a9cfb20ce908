// Every TypeScript example in the chapters must be real TypeScript against gosync's types, as
// a reader's editor would check it: each ```ts block is compiled (strict, ES2022, the esnext
// and disposable libs, the worker globals the sandbox has, bundler resolution through the
// gosync workspace package's exports) and any diagnostic fails the test with the chapter
// file, the line in the .mdx and TypeScript's message.
//
// A block that imports from gosync is a complete module and is checked as written. A block
// without imports (a fragment) is checked after a prelude that imports, from gosync, the names
// it uses. A block that can be checked neither way must be listed in UNCHECKED with a reason;
// the list is printed on every run, and an entry that no longer matches a block fails.
import { posix } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { ROOT, chapterSources, codeBlocks, type CodeBlock } from "./chapter-blocks.ts";
import { OPTIONS } from "./ts-options.ts";

/**
 * UNCHECKED: blocks deliberately not typechecked, keyed "content/chapters/<lang>/<file>:<fence line>",
 * each with the reason. Keep it short; prefer fixing the block.
 */
const UNCHECKED: Record<string, string> = {};

/** PRELUDE: where a fragment's free gosync names come from, Go package by Go package. */
const PRELUDE: { from: string; names?: string[]; namespace?: string; types?: string[] }[] = [
  { from: "gosync", names: ["go", "chan", "select", "recv", "send", "shared", "GoPanic", "DisposableStack", "AsyncDisposableStack"], types: ["Chan"] },
  { from: "gosync/sync", names: ["Mutex", "RWMutex", "WaitGroup", "Once", "onceFunc", "onceValue", "onceValues", "Cond"] },
  { from: "gosync/sync/atomic", namespace: "atomic" },
  { from: "gosync/time", namespace: "time" },
  { from: "gosync/context", namespace: "context" },
  { from: "gosync/errgroup", namespace: "errgroup" },
  { from: "gosync/semaphore", namespace: "semaphore" },
  { from: "gosync/runtime", namespace: "runtime" },
];


/**
 * GOSYNC_BUILDS: gosync's emitted .d.ts folder, as seen through the workspace link and directly.
 * The check hides it, so that each export's "types" condition falls through to "default", the
 * sources: a stale or missing `npm run gosync:types` cannot make the check pass or fail.
 */
const GOSYNC_BUILDS = [posix.join(ROOT, "node_modules/gosync/dist/"), posix.join(ROOT, "runner/gosync/dist/")];

interface Checked {
  block: CodeBlock;
  /** The virtual file's name: the .mdx path plus the block's line. */
  path: string;
  text: string;
  /** How many lines the prelude added before the block's first line. */
  preludeLines: number;
}

/** isModule: the block imports or exports something, so it is a module as written. */
function isModule(code: string): boolean {
  return /^\s*(import|export)\b/m.test(code);
}

/** prelude imports the PRELUDE names a fragment mentions (and does not declare itself). */
function prelude(code: string): string {
  const mentions = (name: string) => new RegExp(`(?<![\\w$.])${name.replace("$", "\\$")}(?![\\w$])`).test(code);
  const declares = (name: string) => new RegExp(`\\b(const|let|var|function|class|interface|type)\\s+${name}\\b`).test(code);
  const wanted = (name: string) => mentions(name) && !declares(name);
  const lines: string[] = [];
  for (const p of PRELUDE) {
    if (p.namespace && wanted(p.namespace)) lines.push(`import * as ${p.namespace} from "${p.from}";`);
    const names = [...(p.names ?? []).filter(wanted), ...(p.types ?? []).filter(wanted).map((t) => `type ${t}`)];
    if (names.length) lines.push(`import { ${names.join(", ")} } from "${p.from}";`);
  }
  // A fragment is checked as a module either way, so its declarations stay its own.
  lines.push("export {};");
  return `${lines.join("\n")}\n`;
}

/** prepare turns one ```ts block into the file the compiler sees. */
export function prepare(block: CodeBlock): Checked {
  const path = posix.join(ROOT, `${block.file}.L${block.line}.ts`);
  if (isModule(block.code)) return { block, path, text: block.code, preludeLines: 0 };
  const head = prelude(block.code);
  return { block, path, text: head + block.code, preludeLines: head.split("\n").length - 1 };
}

/** typecheck compiles the prepared blocks in one program and returns each block's diagnostics, located in its .mdx. */
export function typecheck(files: Checked[]): { global: string[]; perBlock: Map<Checked, string[]> } {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const host = ts.createCompilerHost(OPTIONS, true);
  const hidden = (name: string) => GOSYNC_BUILDS.some((dir) => name.split("\\").join("/").startsWith(dir));
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (name) => byPath.has(name) || (!hidden(name) && fileExists.call(host, name));
  host.readFile = (name) => byPath.get(name)?.text ?? (hidden(name) ? undefined : readFile.call(host, name));
  host.directoryExists = (name) => !hidden(`${name}/`) && (directoryExists?.call(host, name) ?? true);
  host.getSourceFile = (name, lang, onError, fresh) => {
    const f = byPath.get(name);
    if (f) return ts.createSourceFile(name, f.text, lang, true, ts.ScriptKind.TS);
    return getSourceFile.call(host, name, lang, onError, fresh);
  };
  const program = ts.createProgram({ rootNames: files.map((f) => f.path), options: OPTIONS, host });
  const flat = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => `TS${d.code}: ${flat(d)}`);
  const perBlock = new Map<Checked, string[]>();
  for (const f of files) {
    const sf = program.getSourceFile(f.path);
    if (!sf) {
      perBlock.set(f, [`${f.block.file}:${f.block.line}: the compiler did not load the block`]);
      continue;
    }
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    perBlock.set(
      f,
      diags.map((d) => {
        const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        const where = line < f.preludeLines ? `${f.block.line} (prelude)` : `${f.block.line + 1 + line - f.preludeLines}:${character + 1}`;
        return `${f.block.file}:${where}: TS${d.code}: ${flat(d)}`;
      }),
    );
  }
  return { global, perBlock };
}

const blocks = chapterSources().flatMap(({ file, text }) => codeBlocks(file, text).filter((b) => b.lang === "ts"));
const keyOf = (b: CodeBlock) => `${b.file}:${b.line}`;
const toCheck = blocks.filter((b) => !(keyOf(b) in UNCHECKED)).map(prepare);

describe("the chapters' TypeScript examples typecheck against gosync", () => {
  const result = typecheck(toCheck);

  test("the chapters hold TypeScript examples, and every unchecked one is listed with its reason", () => {
    expect(blocks.length).toBeGreaterThan(0);
    const entries = Object.entries(UNCHECKED);
    console.log(
      `chapter-typecheck: ${toCheck.length} of ${blocks.length} TypeScript blocks checked ` +
        `(${toCheck.filter((c) => c.preludeLines > 0).length} fragments with a gosync prelude); ` +
        `${entries.length} not checked${entries.map(([k, why]) => `\n  ${k}: ${why}`).join("")}`,
    );
    const stale = entries.map(([k]) => k).filter((k) => !blocks.some((b) => keyOf(b) === k));
    expect(stale, "UNCHECKED names blocks that no longer exist (the fence moved or went away)").toEqual([]);
  });

  test("the examples import nothing but gosync's specifiers", () => {
    const allowed = new Set(PRELUDE.map((p) => p.from));
    const stray = blocks.flatMap((b) =>
      [...b.code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gm)]
        .filter((m) => !allowed.has(m[1]!))
        .map((m) => `${b.file}:${b.line + b.code.slice(0, m.index).split("\n").length}: imports "${m[1]}"; expected one of ${[...allowed].join(", ")}`),
    );
    expect(stray, stray.join("\n")).toEqual([]);
  });

  test("the compiler options are valid", () => {
    expect(result.global).toEqual([]);
  });

  for (const c of toCheck) {
    test(`${keyOf(c.block)}${c.preludeLines ? " (fragment)" : ""}`, () => {
      const problems = result.perBlock.get(c) ?? [];
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }
});

describe("the check itself", () => {
  const fake = (code: string, line = 10): CodeBlock => ({ file: "content/chapters/xx/00-selftest.mdx", lang: "ts", meta: "", code, line });

  test("a module example that misuses gosync fails, located at its line in the .mdx", () => {
    const c = prepare(fake(`import { WaitGroup } from "gosync/sync";\nconst wg = new WaitGroup();\nwg.Add(1);\n`));
    const problems = typecheck([c]).perBlock.get(c)!;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^content\/chapters\/xx\/00-selftest\.mdx:13:4: TS2551: Property 'Add' does not exist on type 'WaitGroup'/);
  });

  test("a type imported as a value fails, as it would in the sandbox's bundler", () => {
    const c = prepare(fake(`import { Guard } from "gosync/sync";\nexport let g: Guard | null = null;\n`));
    expect(typecheck([c]).perBlock.get(c)!.join("\n")).toMatch(/TS1484/);
  });

  test("a fragment gets the gosync imports it uses, and its own mistakes still fail at the right line", () => {
    const good = prepare(fake(`const mu = new Mutex();\nusing _ = await mu.lock();\nawait time.sleep(time.Second);\nconst ch = chan<number>(1);\n`));
    const bad = prepare(fake(`const wg = new WaitGroup();\nawait wg.wait(1);\n`, 20));
    const { perBlock } = typecheck([good, bad]);
    expect(perBlock.get(good)).toEqual([]);
    expect(perBlock.get(bad)!.join("\n")).toMatch(/00-selftest\.mdx:22:\d+: TS2554/);
  });
});
