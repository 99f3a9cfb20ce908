/**
 * chapter-blocks: the fenced code blocks of SyncLab's chapter sources, as the chapter tests
 * (chapter-examples, chapter-typecheck, content-parity) read them. One extractor for all three,
 * so that "a block" and "the block's line" mean the same thing in every failure message.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHAPTERS_DIR = join(ROOT, "content", "chapters");

/** CodeBlock is one fenced block of an .mdx file. */
export interface CodeBlock {
  /** The .mdx file, relative to the repository root (content/chapters/zh/02-….mdx). */
  file: string;
  /** The info string's first word: "go", "ts", "mermaid", "sh", or "" for a bare fence. */
  lang: string;
  /** The rest of the info string (a Mermaid block's alt="…"). */
  meta: string;
  /** The block's text, without the fences, ending in a newline. */
  code: string;
  /** The 1-based line of the opening fence in the .mdx file; code line k is at line + k. */
  line: number;
}

/**
 * codeBlocks lists the fenced blocks of one .mdx source in order. A fence is a line starting
 * with three or more backticks; the block ends at the next line made of a fence at least as
 * long. An unterminated block is an error: it would swallow the rest of the chapter.
 */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split("\n");
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^${fence}\`*\\s*$`).test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: the code fence ${fence}${open[2]} is never closed`);
    const body = lines.slice(i + 1, end);
    out.push({ file, lang: open[2]!, meta: open[3]!.trim(), code: body.length ? `${body.join("\n")}\n` : "", line: i + 1 });
    i = end;
  }
  return out;
}

/** ChapterSource is one chapter file (index.mdx locale home pages excluded). */
export interface ChapterSource {
  /** "zh" or "en". */
  lang: string;
  /** The file name, e.g. 02-defer-waitgroup.mdx. */
  name: string;
  /** The path relative to the repository root. */
  file: string;
  text: string;
}

/** chapterSources reads every numbered chapter in both languages, sorted by path. */
export function chapterSources(): ChapterSource[] {
  return readdirSync(CHAPTERS_DIR, { recursive: true, encoding: "utf8" })
    .map((p) => p.split("\\").join("/"))
    .filter((p) => /^[a-z]{2}\/\d+-[^/]+\.mdx$/.test(p))
    .sort()
    .map((p) => {
      const [lang, name] = p.split("/") as [string, string];
      return { lang, name, file: `content/chapters/${p}`, text: readFileSync(join(CHAPTERS_DIR, p), "utf8") };
    });
}
