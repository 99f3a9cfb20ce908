import { describe, expect, test } from "vitest";
import { BlockProfile, REPORT_PROFILE } from "./profile.ts";

describe("BlockProfile", () => {
  test("adds the events at one object and call site into one entry, and lists entries by time blocked, the most first", () => {
    const p = new BlockProfile();
    p.add(1, "sync.Mutex.Lock", "a.ts:1:1", 100);
    p.add(2, "chan receive", "a.ts:2:1", 50);
    p.add(1, "sync.Mutex.Lock", "a.ts:1:1", 100);
    p.add(1, "sync.Mutex.Lock", "a.ts:9:1", 100);
    expect(p.entries()).toEqual([
      { obj: 1, reason: "sync.Mutex.Lock", at: "a.ts:1:1", count: 2, delayMs: 200 },
      { obj: 1, reason: "sync.Mutex.Lock", at: "a.ts:9:1", count: 1, delayMs: 100 },
      { obj: 2, reason: "chan receive", at: "a.ts:2:1", count: 1, delayMs: 50 },
    ]);
  });

  test("keeps the first REPORT_PROFILE entries and says how many there were", () => {
    const p = new BlockProfile();
    for (let i = 0; i < REPORT_PROFILE + 5; i++) p.add(i + 1, "chan send", `a.ts:${i + 1}:1`, i);
    expect(p.entries()).toHaveLength(REPORT_PROFILE);
    expect(p.entries()[0].delayMs).toBe(REPORT_PROFILE + 4);
    expect(p.size).toBe(REPORT_PROFILE + 5);
  });
});
