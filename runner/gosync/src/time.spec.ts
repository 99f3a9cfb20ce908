import { describe, expect, test } from "vitest";
import * as time from "./time.ts";
import { recvReady } from "./chan.ts";
import { both, onReal, onSim, panicMessage } from "../test/support.ts";

describe("time", () => {
  both("sleep returns after at least d ms", async () => {
    const start = time.now();
    await time.sleep(20);
    expect(time.since(start)).toBeGreaterThanOrEqual(19);
  });

  both("a stopped timer reports true once and never delivers", async () => {
    const t = time.newTimer(10);
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
    await time.sleep(20);
    expect(recvReady(t.c!)).toBe(false);
  });

  both("Ticker.reset with a non-positive interval panics with Go's text", async () => {
    const tk = time.newTicker(10);
    expect(await panicMessage(() => tk.reset(-1))).toBe("non-positive interval for Ticker.Reset");
    tk.stop();
  });

  test("a ticker delivers at every period on the virtual clock, dropping ticks a slow reader misses", async () => {
    await onSim(async () => {
      const start = time.now();
      const tk = time.newTicker(100);
      const first = await tk.c.recv();
      expect(first.getTime() - start.getTime()).toBe(100);
      await time.sleep(350); // ticks at 200, 300, 400: only one is kept
      const next = await tk.c.recv();
      expect(next.getTime() - start.getTime()).toBe(200);
      expect((await tk.c.recv()).getTime() - start.getTime()).toBe(500);
      tk.stop();
    });
  });

  test("on the real runtime now() is the host's clock", async () => {
    await onReal(() => {
      expect(Math.abs(time.now().getTime() - Date.now())).toBeLessThan(1000);
    });
  });
});
