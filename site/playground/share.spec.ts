import { describe, expect, it } from "vitest";
import { decodeProgram, programFragment } from "./share.ts";

describe("programFragment", () => {
  it("round-trips the code and the schedule through the link's fragment", () => {
    const p = { code: 'import { go } from "gosync";\nexport async function main() { console.log("你好"); }\n', strategy: "pct" as const, seed: 42, runs: 10 };
    const f = programFragment(p);
    expect(f).toMatch(/^#pg1:[A-Za-z0-9_-]+$/);
    expect(decodeProgram(f)).toEqual({ ok: true, program: p });
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
