import { describe, expect, it } from "vitest";
import { optionText, whereText } from "./scheduler.ts";
import { playgroundStrings } from "./strings.ts";

const en = playgroundStrings.en;
const zh = playgroundStrings.zh;

describe("optionText", () => {
  it("says who runs, what it does next and the line of the program it stands at", () => {
    expect(optionText(en, { id: 2, op: "start", at: "solution.ts:16:5" }, 1)).toBe("goroutine 2: starts at line 16");
    expect(optionText(en, { id: 1, op: "WaitGroup.wait", at: "solution.ts:24:3" }, 1)).toBe("goroutine 1: WaitGroup.wait at line 24");
    expect(optionText(zh, { id: 1, op: "WaitGroup.wait", at: "solution.ts:24:3" }, 1)).toBe("goroutine 1：WaitGroup.wait，位于第 24 行");
  });

  it("names a goroutine woken from a wait, a runtime step by its owner, and a preemption of the one that ran last", () => {
    expect(optionText(en, { id: 3, op: "sync.Mutex.Lock", woken: "sync.Mutex.Lock", at: "solution.ts:9:11" }, 2)).toBe("goroutine 3: returns from sync.Mutex.Lock at line 9");
    expect(optionText(en, { id: -1, op: "runtime step", owner: 4 }, 4)).toBe("runtime step: the rest of goroutine 4's operation");
    expect(optionText(en, { id: 2, op: "start", preempts: true }, 1)).toBe("goroutine 2: starts (preempts goroutine 1)");
  });
});

describe("whereText", () => {
  it("gives a line of the program by number and a line of another file (an exercise's hidden tests) with its file", () => {
    expect(whereText(en, "/bundle/solution.ts:7:2")).toBe(" at line 7");
    expect(whereText(en, "hidden.test.ts:12:18")).toBe(" at hidden.test.ts:12");
    expect(whereText(en, undefined)).toBe("");
    expect(whereText(en, "<anonymous>")).toBe("");
  });
});

describe("playgroundStrings", () => {
  it("gives Chinese every key English has, and no other", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
