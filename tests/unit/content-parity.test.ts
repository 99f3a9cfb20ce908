// The English chapters are a faithful translation of the Chinese ones, beyond their headings
// (content.test.ts compares those): for each chapter, zh and en have the same code blocks in the
// same order (go, ts, mermaid, sh…), the same Go | TypeScript tab pairs, the same Correction
// items, Asides, exercises and table shapes in the same sections, and code that differs only
// where a translation may touch it: comments, string literals and diagram labels.
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { chapterSources, codeBlocks, type ChapterSource, type CodeBlock } from "./chapter-blocks.ts";
import { headings, withoutFences } from "./content-site.ts";

interface Located {
  /** The 1-based line in the .mdx. */
  line: number;
  /** What is compared between the languages. */
  what: string;
}

/** Sections: index 0 is the text before the first heading; section k starts at the k-th ## or ### heading. */
function sectionOf(source: string): (line: number) => number {
  const starts = headings(source).map((h) => h.line);
  return (line) => starts.filter((s) => s <= line).length;
}

/** prose lists the lines outside code fences with their 1-based numbers. */
function proseLines(source: string): { line: number; text: string }[] {
  return withoutFences(source)
    .split("\n")
    .map((text, i) => ({ line: i + 1, text }));
}

/** tags lists the opening tags of one MDX component (outside fences), with the attributes that must match. */
function tags(source: string, name: string, keep: (attrs: string) => string): Located[] {
  const section = sectionOf(source);
  return proseLines(source).flatMap(({ line, text }) =>
    [...text.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "g"))].map((m) => ({ line, what: `§${section(line)} <${name}${keep(m[1]!)}>` })),
  );
}

const attr = (attrs: string, name: string) => new RegExp(`\\b${name}=(\\{[^}]*\\}|"[^"]*")`).exec(attrs)?.[1];

/** tables lists the Markdown tables (outside fences) with their section and shape. */
function tables(source: string): Located[] {
  const section = sectionOf(source);
  const lines = proseLines(source);
  const out: Located[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!;
    if (!/^\s*\|/.test(head.text) || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1]!.text)) continue;
    if (i > 0 && /^\s*\|/.test(lines[i - 1]!.text)) continue;
    let end = i + 2;
    while (end < lines.length && /^\s*\|/.test(lines[end]!.text)) end++;
    const columns = lines[i + 1]!.text.split("|").filter((c) => /-{3,}/.test(c)).length;
    out.push({ line: head.line, what: `§${section(head.line)} table of ${columns} columns, ${end - i - 2} rows` });
    i = end;
  }
  return out;
}

/** tabPairs describes each <Tabs> group: sync key, tab labels, and the languages of the blocks in each tab. */
function tabPairs(source: string, blocks: CodeBlock[]): Located[] {
  const lines = source.split("\n");
  const out: Located[] = [];
  const prose = proseLines(source);
  for (let i = 0; i < prose.length; i++) {
    const open = /<Tabs\b([^>]*)>/.exec(prose[i]!.text);
    if (!open) continue;
    let end = i;
    while (end < prose.length && !/<\/Tabs>/.test(prose[end]!.text)) end++;
    const items: string[] = [];
    let current: string | null = null;
    for (let k = i; k <= end && k < lines.length; k++) {
      const item = /<TabItem\b[^>]*label="([^"]*)"/.exec(prose[k]!.text);
      if (item) items.push((current = item[1]!));
      const block = blocks.find((b) => b.line === k + 1);
      if (block) items.push(`${current ?? "(outside a TabItem)"}:${block.lang}`);
    }
    out.push({ line: i + 1, what: `<Tabs syncKey=${attr(open[1]!, "syncKey") ?? "(none)"}> ${items.join(" ")}` });
    i = end;
  }
  return out;
}

/**
 * tsShape prints a TypeScript block without its comments and with every string literal and
 * template text emptied (module specifiers kept), so that two blocks have the same shape
 * exactly when they are the same code up to comments and strings.
 */
export function tsShape(code: string): string {
  const sf = ts.createSourceFile("block.ts", code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
  const blank: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const f = context.factory;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node;
      if (ts.isStringLiteral(node)) return f.createStringLiteral("");
      if (ts.isNoSubstitutionTemplateLiteral(node)) return f.createNoSubstitutionTemplateLiteral("");
      if (ts.isTemplateExpression(node)) {
        return f.createTemplateExpression(
          f.createTemplateHead(""),
          node.templateSpans.map((s, i) =>
            f.createTemplateSpan(ts.visitNode(s.expression, visit) as ts.Expression, i === node.templateSpans.length - 1 ? f.createTemplateTail("") : f.createTemplateMiddle("")),
          ),
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (root) => ts.visitNode(root, visit) as ts.SourceFile;
  };
  const out = ts.transform(sf, [blank]).transformed[0]!;
  return ts.createPrinter({ removeComments: true }).printFile(out);
}

/**
 * cLikeShape strips comments and the contents of string, raw string and rune literals from Go
 * or shell code and collapses white space, for the same comparison as tsShape.
 */
export function cLikeShape(code: string, lang: string): string {
  const literal = lang === "go" ? /"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'/y : /"(?:[^"\\]|\\.)*"|'[^']*'/y;
  const comment = lang === "go" ? /\/\/[^\n]*|\/\*[\s\S]*?\*\//y : /(?<=^|\s)#[^\n]*/y;
  let out = "";
  let i = 0;
  const take = (re: RegExp): number => {
    re.lastIndex = i;
    return re.exec(code)?.[0].length ?? 0;
  };
  while (i < code.length) {
    const c = take(comment);
    const l = c ? 0 : take(literal);
    if (c) out += " ";
    else if (l) out += "''";
    else out += code[i];
    i += c || l || 1;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** mermaidShape keeps a diagram's node ids and edges, dropping labels (translated) and the alt text. */
export function mermaidShape(code: string): string {
  return code
    .split("\n")
    .map((l) =>
      l
        .replace(/"[^"]*"/g, "")
        .replace(/\[[^\]]*\]|\{[^}]*\}|\([^)]*\)|\|[^|]*\|/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean)
    .join("\n");
}

function shapeOf(block: CodeBlock): string {
  if (block.lang === "ts") return tsShape(block.code);
  if (block.lang === "mermaid") return mermaidShape(block.code);
  return cLikeShape(block.code, block.lang);
}

/** firstDifference names the first place two shapes part, with a little context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 40));
  return `zh …${around(a)}… vs en …${around(b)}…`;
}

const all = chapterSources();
const pairs = [...new Set(all.map((c) => c.name))].map((name) => ({
  name,
  zh: all.find((c) => c.lang === "zh" && c.name === name),
  en: all.find((c) => c.lang === "en" && c.name === name),
}));

/** compareLists fails with both files' lines at the first item where the languages differ. */
function compareLists(kind: string, zh: ChapterSource, en: ChapterSource, a: Located[], b: Located[]): void {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    expect(
      x?.what,
      `${kind} ${i + 1}: ${zh.file}:${x?.line ?? "(none)"} has ${x?.what ?? "nothing"}, but ${en.file}:${y?.line ?? "(none)"} has ${y?.what ?? "nothing"}`,
    ).toBe(y?.what);
  }
}

describe("zh and en chapters match beyond their headings", () => {
  test("every chapter exists in both languages", () => {
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.filter((p) => !p.zh || !p.en).map((p) => p.name)).toEqual([]);
  });

  for (const { name, zh, en } of pairs) {
    if (!zh || !en) continue;
    const zb = codeBlocks(zh.file, zh.text);
    const eb = codeBlocks(en.file, en.text);
    const section = { zh: sectionOf(zh.text), en: sectionOf(en.text) };

    test(`${name}: the same code blocks, in the same order and sections`, () => {
      const list = (blocks: CodeBlock[], s: (line: number) => number) => blocks.map((b) => ({ line: b.line, what: `§${s(b.line)} ${b.lang || "(bare)"}` }));
      compareLists("code block", zh, en, list(zb, section.zh), list(eb, section.en));
    });

    test(`${name}: the same Go | TypeScript tab pairs`, () => {
      compareLists("<Tabs>", zh, en, tabPairs(zh.text, zb), tabPairs(en.text, eb));
    });

    test(`${name}: the same Correction items, Asides and exercises in the same sections`, () => {
      const correction = (a: string) => ` item=${attr(a, "item") ?? "(none)"}`;
      const aside = (a: string) => ` type=${attr(a, "type") ?? "(none)"}`;
      const exercise = (a: string) => ` id=${attr(a, "id") ?? "(none)"}`;
      compareLists("<Correction>", zh, en, tags(zh.text, "Correction", correction), tags(en.text, "Correction", correction));
      compareLists("<Aside>", zh, en, tags(zh.text, "Aside", aside), tags(en.text, "Aside", aside));
      compareLists("<Exercise>", zh, en, tags(zh.text, "Exercise", exercise), tags(en.text, "Exercise", exercise));
    });

    test(`${name}: the same tables, with the same shape, in the same sections`, () => {
      compareLists("table", zh, en, tables(zh.text), tables(en.text));
    });

    test(`${name}: code differs only in comments, string literals and diagram labels`, () => {
      const problems: string[] = [];
      for (let i = 0; i < Math.min(zb.length, eb.length); i++) {
        const a = zb[i]!;
        const b = eb[i]!;
        if (a.lang !== b.lang) continue; // reported by the block-order test
        const sa = shapeOf(a);
        const sb = shapeOf(b);
        if (sa !== sb) problems.push(`${a.lang} block ${i + 1}: ${zh.file}:${a.line} and ${en.file}:${b.line} differ beyond comments and strings: ${firstDifference(sa, sb)}`);
      }
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }
});

describe("the shapes the parity check compares", () => {
  test("TypeScript: comments and string contents do not count, code does", () => {
    const zh = `import { go } from "gosync";\n// 启动\ngo(() => console.log(\`任务 \${id} 完成\`, "好")); // 注释\n`;
    const en = `import { go } from "gosync";\ngo(() => console.log(\`task \${id} done\`, "ok"));\n`;
    expect(tsShape(zh)).toBe(tsShape(en));
    expect(tsShape(en)).not.toBe(tsShape(en.replace("id", "n")));
    expect(tsShape(en)).not.toBe(tsShape(en.replace('"gosync"', '"gosync/sync"')));
  });

  test("Go and shell: comments and string contents do not count, code does", () => {
    const zh = 'fmt.Println("任务完成", \'x\') // 注释\n/* 块 */ x := `原始`\n';
    const en = 'fmt.Println("task done", \'y\')\nx := `raw`\n';
    expect(cLikeShape(zh, "go")).toBe(cLikeShape(en, "go"));
    expect(cLikeShape(en, "go")).not.toBe(cLikeShape(en.replace("x :=", "y :="), "go"));
    expect(cLikeShape("go vet ./... # 检查\n", "sh")).toBe(cLikeShape("go vet ./... # checks\n", "sh"));
    expect(cLikeShape("go vet ./...\n", "sh")).not.toBe(cLikeShape("go test ./...\n", "sh"));
  });

  test("Mermaid: labels do not count, nodes and edges do", () => {
    expect(mermaidShape('graph TD\n  A[开始] --> B{"计数 > 0?"}\n  B -->|是| C\n')).toBe(mermaidShape('graph TD\n  A[Start] --> B{"count > 0?"}\n  B -->|Yes| C\n'));
    expect(mermaidShape("graph TD\n  A[x] --> B[y]\n")).not.toBe(mermaidShape("graph TD\n  A[x] --> C[y]\n"));
  });
});
