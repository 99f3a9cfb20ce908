/**
 * open-in-playground — an Expressive Code plugin (loaded by ec.config.mjs) that gives each
 * TypeScript block of a chapter an "Open in playground" link, written at build time: the block's
 * code in the playground link's fragment (share.ts), to the playground of the chapter's language.
 * Only the numbered chapters' blocks get one (content/chapters/{zh,en}/NN-slug.mdx): the
 * instructor's guide and the home pages show code that is not a program. Runs at build (Node).
 */
import { programFragment } from "./share.ts";

/** LINK_TEXT is the link's words in each language. */
export const LINK_TEXT = { zh: "在演练场中打开", en: "Open in playground" } as const;

interface Element {
  type: "element";
  tagName: string;
  properties: Record<string, unknown>;
  children: Array<Element | { type: "text"; value: string }>;
}

interface BlockContext {
  codeBlock: { code: string; language: string; parentDocument?: { sourceFilePath?: string } };
  renderData: { blockAst: Element };
}

/** chapterLang is the language of a numbered chapter's source path, or null for any other file. */
export function chapterLang(path: string | undefined): "zh" | "en" | null {
  const m = path ? /content[\\/]chapters[\\/](zh|en)[\\/]\d+-[^\\/]+\.mdx?$/.exec(path) : null;
  return m ? (m[1] as "zh" | "en") : null;
}

/** openInPlayground is the plugin. */
export function openInPlayground() {
  return {
    name: "synclab-open-in-playground",
    baseStyles: `.synclab-open-pg { display: block; text-align: end; font-size: var(--sl-text-xs, .8rem); padding: .2rem .6rem; }`,
    hooks: {
      postprocessRenderedBlock({ codeBlock, renderData }: BlockContext) {
        if (codeBlock.language !== "ts" && codeBlock.language !== "typescript") return;
        const lang = chapterLang(codeBlock.parentDocument?.sourceFilePath);
        if (!lang) return;
        renderData.blockAst.children.push({
          type: "element",
          tagName: "a",
          properties: { className: ["synclab-open-pg"], href: `../playground/${programFragment({ code: codeBlock.code })}` },
          children: [{ type: "text", value: LINK_TEXT[lang] }],
        });
      },
    },
  };
}
