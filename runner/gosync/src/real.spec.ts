import { describe, expect, test } from "vitest";
import { realRuntime } from "./real.ts";
import * as context from "./context.ts";
import * as time from "./time.ts";

describe("realRuntime", () => {
  test("a timer due in more than 2^31-1 ms does not fire early (hosts clamp such delays to 1 ms)", async () => {
    let fired = false;
    const t = realRuntime.startTimer(realRuntime.now() + 30 * 24 * time.Hour, () => {
      fired = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(fired, "a 30-day timer fired within 30 ms").toBe(false);
    expect(t.stop()).toBe(true);
  });

  test("a 1000-hour context timeout is still pending after the event loop turns", async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 1000 * time.Hour);
    await new Promise((r) => setTimeout(r, 30));
    expect(ctx.err()).toBeNull();
    cancel();
    expect(ctx.err()).toBe(context.Canceled);
  });

  test("reset moves a pending timer and reports that it was pending", async () => {
    let fired = 0;
    const t = realRuntime.startTimer(realRuntime.now() + 40 * 24 * time.Hour, () => fired++);
    expect(t.reset(realRuntime.now() + 5)).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(fired).toBe(1);
    expect(t.stop()).toBe(false);
  });
});
