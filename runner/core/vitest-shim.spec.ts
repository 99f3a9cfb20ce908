import { describe, expect, test } from "vitest";
import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as runtime from "gosync/runtime";
import { wrap } from "./vitest-shim.ts";

const limits = { runs: 20, strategy: "random" as const };

describe("wrap (the body Vitest runs for a hidden test)", () => {
  test("resolves when every explored schedule passes", async () => {
    await expect(wrap(async () => expect(1 + 1).toBe(2), limits)()).resolves.toBeUndefined();
  });

  test("rethrows a failed assertion with the seed that replays it", async () => {
    await expect(wrap(async () => expect(1).toBe(2), limits)()).rejects.toThrow(/expected 1 to be 2[\s\S]*seed 1/);
  });

  test("fails a body whose goroutines race on shared state, with gosync's report", async () => {
    const body = async () => {
      const s = shared({ n: 0 });
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          const v = s.n;
          await runtime.gosched();
          s.n = v + 1;
          wg.done();
        });
      }
      await wg.wait();
    };
    await expect(wrap(body, limits)()).rejects.toThrow(/^\[race\] [\s\S]*WARNING: DATA RACE/);
  });

  test("fails a body that leaves a goroutine blocked forever", async () => {
    const body = async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await wg.wait();
      });
    };
    await expect(wrap(body, limits)()).rejects.toThrow(/^\[leak\] 1 goroutine is still alive/);
  });
});
