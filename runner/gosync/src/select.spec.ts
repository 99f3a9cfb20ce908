import { describe, expect } from "vitest";
import { chan } from "./chan.ts";
import { go } from "./go.ts";
import { recv, select, send } from "./select.ts";
import { both } from "../test/support.ts";

describe("select", () => {
  both("resolves to the chosen case's callback result, awaiting async callbacks", async () => {
    const c = chan<number>(1);
    await c.send(2);
    expect(await select([recv(c, async (v) => v * 10)])).toBe(20);
  });

  both("a blocked send case completes when a receiver arrives", async () => {
    const c = chan<string>();
    go(async () => {
      expect(await c.recv()).toBe("hi");
    });
    expect(await select([send(c, "hi", () => "sent")])).toBe("sent");
  });

  both("cases without callbacks resolve to undefined", async () => {
    const c = chan<number>(1);
    await c.send(1);
    expect(await select([recv(c)])).toBeUndefined();
  });
});
