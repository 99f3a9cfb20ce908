import { describe, expect, test } from "vitest";
import { exerciseIds, findExercise } from "../../exercises/index.ts";
import { Marked } from "marked";
import { joinChineseLines, joinCjkLines } from "./cjk-lines.ts";

/** strayBreaks lists the places in rendered HTML (code blocks left out) where a line break sits between two Chinese characters: drawn as a space. */
function strayBreaks(html: string): string[] {
  const prose = html.replace(/<pre[\s\S]*?<\/pre>/g, "").replace(/<code>[\s\S]*?<\/code>/g, "`code`");
  return [...prose.matchAll(/.{0,8}[\p{Script=Han}，。、；：]\s*\n\s*[\p{Script=Han}，。、；：（].{0,8}/gu)].map((m) => m[0]);
}

describe("joinCjkLines", () => {
  test("joins a line break between two Chinese characters", () => {
    expect(joinCjkLines("让竞态检测器看到\n每一次读写")).toBe("让竞态检测器看到每一次读写");
  });
  test("joins a break after full-width punctuation, and drops the indentation of the next line", () => {
    expect(joinCjkLines("先加锁，\n  再读写。")).toBe("先加锁，再读写。");
  });
  test("keeps a break beside a Latin word, which the browser draws as the space Chinese typesetting puts there", () => {
    expect(joinCjkLines("调用\nWaitGroup 的方法")).toBe("调用\nWaitGroup 的方法");
    expect(joinCjkLines("lock the\nmutex")).toBe("lock the\nmutex");
  });
});

describe("Chinese instructions and hints, rendered with the extension as the site renders them (data.ts)", () => {
  const marked = new Marked(joinChineseLines);
  test("the check finds the stray breaks the extension removes", () => {
    expect(strayBreaks(new Marked().parse("看到\n每一次读写", { async: false }) as string)).toHaveLength(1);
  });
  for (const id of exerciseIds()) {
    test(`${id}: no line break between Chinese characters (a stray space on the page)`, () => {
      const ex = findExercise(id)!;
      const html = [ex.docs.instructions.zh, ex.docs.hints.zh].map((md) => marked.parse(md, { async: false }) as string).join("\n");
      expect(strayBreaks(html), `exercises/${ex.path}/.docs/*.zh.md`).toEqual([]);
    });
  }
});
