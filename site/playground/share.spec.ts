import { describe, expect, it } from "vitest";
import { decodeProgram, programFragment } from "./share.ts";

describe("programFragment", () => {
  it("round-trips the code and the schedule through the link's fragment", () => {
    const p = { code: 'import { go } from "gosync";\nexport async function main() { console.log("你好"); }\n', strategy: "pct" as const, seed: 42, runs: 10 };
    const f = programFragment(p);
    expect(f).toMatch(/^#pg1:[A-Za-z0-9_-]+$/);
    expect(decodeProgram(f)).toEqual({ ok: true, program: p });
  });

  it("round-trips pct's depth, a bounded search's bound, the choices made by hand and an exercise's test", () => {
    const p = {
      code: "export async function processAll() {}\n",
      strategy: "preemption-bounded" as const,
      seed: 3,
      runs: 50,
      depth: 2,
      bound: 1,
      choices: [1, 2, -1, 0],
      exercise: { id: "wg-add-inside", test: "processAll > returns every item's result, in item order", title: "processAll > 按条目顺序返回每个条目的结果", tests: 'import { test } from "vitest";\n' },
    };
    expect(decodeProgram(programFragment(p))).toEqual({ ok: true, program: p });
    expect(decodeProgram(programFragment({ code: "x", choices: [] }))).toEqual({ ok: true, program: { code: "x", choices: [] } });
  });

  it("refuses choices that are not whole numbers and an exercise without its tests, saying which", () => {
    expect(decodeProgram(programFragment({ code: "x", choices: [1, 0.5] }))).toEqual({ ok: false, detail: expect.stringContaining("choices") });
    expect(decodeProgram(programFragment({ code: "x", exercise: { id: "e", test: "t" } as never }))).toEqual({ ok: false, detail: expect.stringContaining("exercise") });
  });

  it("says what is wrong with an altered or cut link instead of throwing", () => {
    const f = programFragment({ code: "export async function main() {}\n".repeat(20) });
    expect(decodeProgram(f.slice(0, -8))).toMatchObject({ ok: false });
    expect(decodeProgram(`${f}!`)).toEqual({ ok: false, detail: expect.stringContaining('character "!"') });
    expect(decodeProgram("#share:x")).toMatchObject({ ok: false });
  });

  it("drops a strategy gosync does not know, and a seed that is not a whole number", () => {
    const f = programFragment({ code: "x", strategy: "chaos" as never, seed: 1.5 });
    expect(decodeProgram(f)).toEqual({ ok: true, program: { code: "x" } });
  });
});
