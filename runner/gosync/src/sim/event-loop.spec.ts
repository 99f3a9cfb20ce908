import { describe, expect, test } from "vitest";
import { drained, microtask, unwatchStalls, watchStalls } from "./event-loop.ts";

describe("drained", () => {
  test("runs after every microtask pending, and those they queue", async () => {
    const seen: string[] = [];
    await new Promise<void>((done) => {
      drained(() => {
        seen.push("drained");
        done();
      });
      microtask(() => {
        seen.push("micro");
        microtask(() => seen.push("micro of micro"));
      });
    });
    expect(seen).toEqual(["micro", "micro of micro", "drained"]);
  });
});

describe("watchStalls", () => {
  test("calls the run's stall function when a macrotask runs while the run is in force", async () => {
    const run = {};
    let stalls = 0;
    watchStalls(run, () => {
      stalls++;
      unwatchStalls(run);
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(stalls).toBe(1);
  });

  test("does not call it for a run that ended before the event loop turned", async () => {
    const run = {};
    let stalls = 0;
    watchStalls(run, () => stalls++);
    unwatchStalls(run);
    await new Promise((r) => setTimeout(r, 5));
    expect(stalls).toBe(0);
  });
});
