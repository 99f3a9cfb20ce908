import { describe, expect, it } from "vitest";
import { chapterLang, openInPlayground } from "./open-in-playground.ts";
import { decodeProgram } from "./share.ts";

describe("openInPlayground", () => {
  it("links a chapter's TypeScript block to the playground of its language, with the block's code", () => {
    const blockAst = { type: "element" as const, tagName: "figure", properties: {}, children: [] as never[] };
    const code = 'export async function main() { console.log("hi"); }';
    openInPlayground().hooks.postprocessRenderedBlock({ codeBlock: { code, language: "ts", parentDocument: { sourceFilePath: "/repo/content/chapters/zh/02-defer-waitgroup.mdx" } }, renderData: { blockAst } });
    const link = blockAst.children[0] as unknown as { properties: { href: string }; children: Array<{ value: string }> };
    expect(link.children[0]!.value).toBe("在演练场中打开");
    expect(link.properties.href.startsWith("../playground/#pg1:")).toBe(true);
    expect(decodeProgram(link.properties.href.slice("../playground/".length))).toEqual({ ok: true, program: { code } });
  });

  it("leaves Go blocks and pages that are not numbered chapters alone", () => {
    expect(chapterLang("/repo/content/chapters/en/instructors.mdx")).toBeNull();
    expect(chapterLang("/repo/content/chapters/en/03-pitfalls.mdx")).toBe("en");
    const blockAst = { type: "element" as const, tagName: "figure", properties: {}, children: [] as never[] };
    openInPlayground().hooks.postprocessRenderedBlock({ codeBlock: { code: "package main", language: "go", parentDocument: { sourceFilePath: "/repo/content/chapters/en/03-pitfalls.mdx" } }, renderData: { blockAst } });
    expect(blockAst.children).toEqual([]);
  });
});
