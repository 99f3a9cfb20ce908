import { describe, expect, test } from "vitest";
import { both, onSim } from "../test/support.ts";
import { go } from "./go.ts";
import { chan } from "./chan.ts";
import { Once } from "./once.ts";
import * as time from "./time.ts";

describe("Once", () => {
  both("awaits an async f before do returns", async () => {
    const once = new Once();
    const steps: string[] = [];
    await once.do(async () => {
      await time.sleep(1);
      steps.push("f done");
    });
    steps.push("do returned");
    expect(steps).toEqual(["f done", "do returned"]);
  });

  both("passes on whatever f throws, not only Errors, and still counts f as done", async () => {
    const once = new Once();
    await expect(once.do(() => Promise.reject("a string panic"))).rejects.toBe("a string panic");
    let again = false;
    await once.do(() => {
      again = true;
    });
    expect(again).toBe(false);
  });

  test("callers waiting while f panics return normally, without f's panic (as Go's Do)", async () => {
    await onSim(async () => {
      const once = new Once();
      const out = chan<string>(2);
      go(async () => {
        try {
          await once.do(async () => {
            await time.sleep(5);
            throw new Error("boom");
          });
          await out.send("first returned");
        } catch (e) {
          await out.send(`first panicked: ${(e as Error).message}`);
        }
      });
      go(async () => {
        await time.sleep(1);
        await once.do(() => {
          throw new Error("f ran twice");
        });
        await out.send("second returned");
      });
      const got = [await out.recv(), await out.recv()].sort();
      expect(got).toEqual(["first panicked: boom", "second returned"]);
    });
  });
});
