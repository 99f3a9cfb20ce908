// Content checks: the chapters as written (content/chapters) and as built (dist/, which
// scripts/test-all.mjs builds before Vitest runs). Each failure says what was found and what was
// expected, and where.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import {
  builtPagePath,
  chapterPath,
  CHAPTERS,
  CORRECTION_CHAPTER,
  DIST,
  headings,
  htmlFiles,
  ids,
  LANGS,
  readIfExists,
  tabGroups,
  textOf,
} from "./content-site.ts";

const sources = Object.fromEntries(
  LANGS.map((lang) => [lang, Object.fromEntries(CHAPTERS.map(({ file }) => [file, readIfExists(chapterPath(lang, file))]))]),
) as Record<(typeof LANGS)[number], Record<string, string | undefined>>;

const builtAvailable = existsSync(join(DIST, "index.html"));

describe("the toolchain", () => {
  it("runs on Node 24, the version package.json pins through the npm package `node`", () => {
    const major = Number(process.versions.node.split(".")[0]);
    expect(major, `found Node ${process.versions.node}; expected major 24 — run tests through npm (npm test)`).toBe(24);
  });
});

describe("the chapter sources", () => {
  it("has the primer and each of the five chapters in both Chinese and English", () => {
    const missing = LANGS.flatMap((lang) => CHAPTERS.filter(({ file }) => !sources[lang][file]).map(({ file }) => `content/chapters/${lang}/${file}.mdx`));
    expect(missing, `missing chapter files: ${missing.join(", ")}`).toEqual([]);
  });

  for (const { file } of CHAPTERS) {
    it(`gives ${file} the same sequence of ## and ### headings (level and number) in zh and en`, () => {
      const zh = sources.zh[file];
      const en = sources.en[file];
      expect(zh && en, `content/chapters/{zh,en}/${file}.mdx must both exist`).toBeTruthy();
      const a = headings(zh!);
      const b = headings(en!);
      const shape = (h: { level: number; number: string }) => `${"#".repeat(h.level)} ${h.number || "(unnumbered)"}`;
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const x = a[i];
        const y = b[i];
        expect(
          x && y ? shape(x) : undefined,
          `heading ${i + 1} of ${file}: zh has ${x ? `"${x.text}" (line ${x.line})` : "nothing"}, en has ${y ? `"${y.text}" (line ${y.line})` : "nothing"}; expected the same level and number`,
        ).toBe(y && x ? shape(y) : "a heading in both");
      }
      expect(a.length, `${file} has no ## headings`).toBeGreaterThan(0);
    });
  }

  it("puts every Go example in a Go | TypeScript tab pair synced by the key \"code\"", () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      for (const { file } of CHAPTERS) {
        const source = sources[lang][file];
        if (!source) continue;
        const where = `content/chapters/${lang}/${file}.mdx`;
        const tabs = [...source.matchAll(/<Tabs\b([^>]*)>([\s\S]*?)<\/Tabs>/g)];
        for (const [whole, attrs, body] of tabs) {
          const line = source.slice(0, source.indexOf(whole)).split("\n").length;
          const labels = [...body.matchAll(/<TabItem\b[^>]*label="([^"]*)"/g)].map((m) => m[1]);
          if (!/syncKey="code"/.test(attrs)) problems.push(`${where}:${line}: <Tabs${attrs}> has no syncKey="code"`);
          if (labels.join("|") !== "Go|TypeScript") problems.push(`${where}:${line}: tab labels are ${JSON.stringify(labels)}; expected ["Go","TypeScript"]`);
        }
        const outside = withoutTabs(source);
        const stray = [...outside.matchAll(/^\s*```go\b/gm)].length;
        if (stray > 0) problems.push(`${where}: ${stray} Go code block(s) outside a Go | TypeScript tab pair`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("keeps as many Mermaid diagrams in en as in zh, each with an alt text, at least eight per language", () => {
    const count = (s: string | undefined) => [...(s ?? "").matchAll(/^```mermaid\b/gm)].length;
    const withoutAlt = LANGS.flatMap((lang) =>
      CHAPTERS.flatMap(({ file }) => [...(sources[lang][file] ?? "").matchAll(/^```mermaid(.*)$/gm)].filter((m) => !/\balt="[^"]+"/.test(m[1])).map(() => `${lang}/${file}`)),
    );
    expect(withoutAlt, `diagrams without alt="…": ${withoutAlt.join(", ")}`).toEqual([]);
    for (const { file } of CHAPTERS) {
      expect(count(sources.en[file]), `${file}: zh has ${count(sources.zh[file])} diagrams`).toBe(count(sources.zh[file]));
    }
    for (const lang of LANGS) {
      const total = CHAPTERS.reduce((n, { file }) => n + count(sources[lang][file]), 0);
      expect(total, `${lang} has ${total} Mermaid diagrams; the source tutorial has 8`).toBeGreaterThanOrEqual(8);
    }
  });
});

describe.runIf(builtAvailable)("the built site", () => {
  const pages = builtAvailable ? htmlFiles(DIST) : [];
  const html = new Map(pages.map((p) => [p, readFileSync(join(DIST, p), "utf8")]));

  it("has a page for every chapter in both languages, plus / and the two locale homes", () => {
    const expected = ["index.html", "zh/index.html", "en/index.html", ...LANGS.flatMap((l) => CHAPTERS.map(({ slug }) => `${l}/${slug}/index.html`))];
    const missing = expected.filter((p) => !html.has(p));
    expect(missing, `not built: ${missing.join(", ")} (in ${DIST})`).toEqual([]);
  });

  it("serves each chapter in its own language (<main lang> zh-CN or en), not Starlight's fallback copy of the other", () => {
    const wrong = LANGS.flatMap((lang) =>
      CHAPTERS.flatMap(({ slug }) => {
        const page = html.get(`${lang}/${slug}/index.html`);
        // A fallback page keeps <html lang> of its URL but marks <main> with the content's language.
        const found = page && /<main\b[^>]*\slang="([^"]*)"/.exec(page)?.[1];
        const want = lang === "zh" ? "zh-CN" : "en";
        return page && found === want ? [] : [`${lang}/${slug}: lang ${JSON.stringify(found)}, expected "${want}"`];
      }),
    );
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("resolves every internal link (href or src starting with / or relative) to a built file and, with #, to an id on it", () => {
    const broken: string[] = [];
    for (const [page, text] of html) {
      for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const link = m[1].replace(/&amp;/g, "&");
        if (link === "" || /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith("//")) continue;
        const [pathPart, anchor] = splitLink(link);
        const target = pathPart === "" ? page : resolveTarget(page, pathPart);
        if (!target) {
          broken.push(`${page}: ${link} (no file in dist/)`);
          continue;
        }
        // A playground link carries its program in the fragment (site/playground/share.ts), not an id.
        if (anchor && target.endsWith(".html") && !(anchor.startsWith("pg1:") && /(^|\/)playground\/index\.html$/.test(target))) {
          const targetHtml = html.get(target) ?? readFileSync(join(DIST, target), "utf8");
          if (!ids(targetHtml).has(decodeURIComponent(anchor))) broken.push(`${page}: ${link} (no id "${decodeURIComponent(anchor)}" in ${target})`);
        }
      }
    }
    expect(broken, `broken internal links:\n${broken.join("\n")}`).toEqual([]);
  });

  it("leaves no Mermaid source in any built page (no language-mermaid, no graph/flowchart/--> in <code> or <pre>)", () => {
    const leftovers: string[] = [];
    for (const [page, text] of html) {
      if (text.includes("language-mermaid") || /data-language="mermaid"/.test(text)) leftovers.push(`${page}: a mermaid code block`);
      for (const m of text.matchAll(/<(pre|code)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
        const code = textOf(m[2]);
        const hit = /\bgraph\s+(TD|TB|BT|LR|RL)\b|\bflowchart\b|-->/.exec(code);
        if (hit) leftovers.push(`${page}: "${hit[0]}" in <${m[1]}>: ${code.trim().slice(0, 60)}…`);
      }
    }
    expect(leftovers, leftovers.join("\n")).toEqual([]);
  });

  it("renders each chapter's diagrams as SVG figures with their alt text as accessible name", () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      for (const { file, slug } of CHAPTERS) {
        const source = sources[lang][file];
        const page = html.get(`${lang}/${slug}/index.html`);
        if (!source || !page) continue;
        const alts = [...source.matchAll(/^```mermaid.*\balt="((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1].replace(/\\(.)/g, "$1").trim());
        const figures = [...page.matchAll(/<figure class="diagram" data-diagram[^>]*><svg [^>]*?role="img" aria-label="([^"]*)"[\s\S]*?<\/svg><figcaption/g)].map((m) => textOf(m[1]));
        if (figures.join("\n") !== alts.join("\n")) {
          problems.push(`${lang}/${slug}: found ${figures.length} SVG figures ${JSON.stringify(figures.map((f) => f.slice(0, 30)))}; expected ${alts.length} ${JSON.stringify(alts.map((a) => a.slice(0, 30)))}`);
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("shows every correction item 1–19 in both languages, on the chapter it belongs to", () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      for (const [item, slug] of Object.entries(CORRECTION_CHAPTER)) {
        const foundOn = [...html].filter(([, text]) => text.includes(`data-correction="${item}"`)).map(([p]) => p);
        const expected = `${lang}/${slug}/index.html`;
        if (!foundOn.includes(expected)) {
          problems.push(`correction ${item} (${lang}): found on ${foundOn.length ? foundOn.join(", ") : "no page"}; expected on ${expected}`);
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("gives every chapter page with code Go | TypeScript tab pairs synced by \"code\"", () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      for (const { file, slug } of CHAPTERS) {
        const page = html.get(`${lang}/${slug}/index.html`);
        if (!page) {
          problems.push(`${lang}/${slug}: not built`);
          continue;
        }
        const groups = tabGroups(page);
        const hasGo = /^\s*```go\b/m.test(sources[lang][file] ?? "");
        if (hasGo && groups.length === 0) problems.push(`${lang}/${slug}: has Go code but no tab groups`);
        for (const [i, g] of groups.entries()) {
          if (g.syncKey !== "code" || g.labels.join("|") !== "Go|TypeScript") {
            problems.push(`${lang}/${slug}: tab group ${i + 1} has sync key ${JSON.stringify(g.syncKey)} and labels ${JSON.stringify(g.labels)}; expected "code" and ["Go","TypeScript"]`);
          }
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

describe.skipIf(builtAvailable)("the built site (not built)", () => {
  it("needs dist/: run npm test, which builds first", () => {
    expect(builtAvailable, `${DIST}/index.html not found`).toBe(true);
  });
});

/** withoutTabs removes <Tabs>…</Tabs> blocks so what remains is code outside any tab pair. */
function withoutTabs(source: string): string {
  return source.replace(/<Tabs\b[\s\S]*?<\/Tabs>/g, "");
}

function splitLink(link: string): [string, string] {
  const noQuery = link.replace(/\?[^#]*/, "");
  const hash = noQuery.indexOf("#");
  return hash < 0 ? [noQuery, ""] : [noQuery.slice(0, hash), noQuery.slice(hash + 1)];
}

/** resolveTarget maps a link on `page` to the built file it serves, or undefined. */
function resolveTarget(page: string, path: string): string | undefined {
  const decoded = decodeURIComponent(path);
  const rel = decoded.startsWith("/") ? decoded.slice(1) : posix.join(dirname(page), decoded);
  const candidates = rel === "" || rel.endsWith("/") ? [`${rel}index.html`] : [rel, `${rel}.html`, `${rel}/index.html`];
  return candidates.find((c) => existsSync(join(DIST, c)));
}
