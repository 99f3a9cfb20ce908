/**
 * content-site: what the content checks (content.test.ts) know about SyncLab's chapters and its
 * built site. Runs in Node (Vitest). The built site is read from $SYNCLAB_DIST or dist/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = resolve(ROOT, process.env.SYNCLAB_DIST ?? "dist");
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** CHAPTERS: file stem (NN-slug) → URL slug, in reading order: the primer (00), then chapters 1–5. */
export const CHAPTERS = ["00-primer", "01-sync-primitives", "02-defer-waitgroup", "03-pitfalls", "04-practice", "05-summary"].map((file) => ({
  file,
  slug: file.replace(/^\d+-/, ""),
}));

/** CORRECTION_CHAPTER: where each item of content-corrections.md must appear (URL slug). */
export const CORRECTION_CHAPTER: Record<number, string> = Object.fromEntries(
  Array.from({ length: 19 }, (_, i) => {
    const item = i + 1;
    const slug = item <= 7 ? "defer-waitgroup" : item <= 13 ? "pitfalls" : item <= 18 ? "practice" : "summary";
    return [item, slug];
  }),
);

export function chapterPath(lang: Lang, file: string): string {
  return join(ROOT, "content/chapters", lang, `${file}.mdx`);
}

export function builtPagePath(lang: Lang, slug: string): string {
  return join(DIST, lang, slug, "index.html");
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** withoutFences blanks fenced code blocks (keeping line count) so code is not read as Markdown. */
export function withoutFences(source: string): string {
  let inFence: string | null = null;
  return source
    .split("\n")
    .map((line) => {
      const fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (inFence) {
        if (fence && fence[0] === inFence[0] && fence.length >= inFence.length) inFence = null;
        return "";
      }
      if (fence) {
        inFence = fence;
        return "";
      }
      return line;
    })
    .join("\n");
}

export interface Heading {
  level: 2 | 3;
  text: string;
  /** The section number the heading starts with ("2.1", "3"), or "" when unnumbered. */
  number: string;
  line: number;
}

/** headings lists the ## and ### headings of an MDX source, outside code fences. */
export function headings(source: string): Heading[] {
  return withoutFences(source)
    .split("\n")
    .flatMap((line, i) => {
      const m = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
      if (!m) return [];
      const text = m[2];
      return [{ level: m[1].length as 2 | 3, text, number: /^(\d+(?:\.\d+)*)\b/.exec(text)?.[1] ?? "", line: i + 1 }];
    });
}

/** htmlFiles lists every .html file under dir, as paths relative to it. */
export function htmlFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) return htmlFiles(dir, rel);
    return name.endsWith(".html") ? [rel] : [];
  });
}

/** ids returns every id attribute of an HTML page. */
export function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1])));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

/** textOf strips tags and decodes entities. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""));
}

/** tabGroups lists each <starlight-tabs> of a built page: its sync key and tab labels in order. */
export function tabGroups(html: string): { syncKey: string | undefined; labels: string[] }[] {
  return html
    .split(/<starlight-tabs(?=[\s>])/)
    .slice(1)
    .map((chunk) => {
      const open = chunk.slice(0, chunk.indexOf(">"));
      const tablist = chunk.slice(0, chunk.indexOf("</ul>"));
      return {
        syncKey: /data-sync-key="([^"]*)"/.exec(open)?.[1],
        labels: [...tablist.matchAll(/role="tab"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => textOf(m[1]).trim()),
      };
    });
}
