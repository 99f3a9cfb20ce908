import { describe, expect, test } from "vitest";
import { oppositeLocks } from "../../test/bug-programs.ts";
import { explore, run } from "./explore.ts";
import { passing } from "./contrast.ts";

describe("passing", () => {
  test("finds a passing schedule of a program that deadlocks on some schedules, and its token replays it", async () => {
    const found = await explore(oppositeLocks, { strategy: "random", runs: 500 });
    if (found.ok) throw new Error("random did not find the AB-BA deadlock");
    const p = await passing(oppositeLocks, found.failure);
    expect(p, "a schedule without preemptions passes").not.toBeNull();
    expect(p!.report.outcome).toBe("ok");
    expect(p!.token.strategy).toBe("manual");
    expect(p!.tries).toBeLessThanOrEqual(20);
    const again = await run(oppositeLocks, JSON.parse(JSON.stringify(p!.token)));
    expect(again.outcome).toBe("ok");
    expect(again.schedule).toEqual(p!.report.schedule);
  });

  test("answers null when every schedule fails, within its bound", async () => {
    const always = async () => {
      throw new Error("always");
    };
    const found = await explore(always, { runs: 1 });
    if (found.ok) throw new Error("expected a failure");
    expect(await passing(always, found.failure, { maxRuns: 5 })).toBeNull();
  });
});
