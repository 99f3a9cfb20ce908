import { describe, expect, test } from "vitest";
import { both, onSim } from "../test/support.ts";
import { go } from "./go.ts";
import { chan } from "./chan.ts";
import { onceFunc, onceValue, onceValues } from "./oncefunc.ts";
import * as time from "./time.ts";

describe("onceFunc", () => {
  both("returns a function whose every call resolves once f has run", async () => {
    const seen: number[] = [];
    const f = onceFunc(async () => {
      await time.sleep(2);
      seen.push(1);
    });
    await f();
    await f();
    expect(seen).toEqual([1]);
  });
});

describe("onceValue", () => {
  both("caches a value computed asynchronously", async () => {
    let calls = 0;
    const get = onceValue(async () => {
      calls++;
      await time.sleep(1);
      return { port: 8080 };
    });
    const a = await get();
    const b = await get();
    expect(a).toBe(b);
    expect(calls).toBe(1);
  });

  test("every concurrent caller of a panicking f gets the same thrown object (simulator)", async () => {
    await onSim(async () => {
      const boom = new Error("config missing");
      const get = onceValue(async (): Promise<number> => {
        await time.sleep(3);
        throw boom;
      });
      const errs = chan<unknown>(3);
      for (let i = 0; i < 3; i++) {
        go(async () => {
          try {
            await get();
            await errs.send(null);
          } catch (e) {
            await errs.send(e);
          }
        });
      }
      for (let i = 0; i < 3; i++) expect(await errs.recv()).toBe(boom);
    });
  });
});

describe("onceValues", () => {
  both("returns Go's two results as a fresh tuple each call, with the same elements", async () => {
    const get = onceValues(() => [42, null] as const);
    const a = await get();
    const b = await get();
    expect(a).toEqual([42, null]);
    expect(a).not.toBe(b); // callers may destructure or mutate their copy freely
    expect(a[0]).toBe(b[0]);
  });
});
