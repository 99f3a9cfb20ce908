import { describe, expect, test } from "vitest";
import { both, simRuns } from "../test/support.ts";
import { Group } from "./errgroup.ts";
import * as time from "./time.ts";

describe("Group.go", () => {
  both("starts the goroutine before returning when there is no limit, so await is optional", async () => {
    const g = new Group();
    const order: string[] = [];
    void g.go(async () => {
      await time.sleep(1);
      order.push("task");
      return null;
    });
    order.push("after go");
    expect(await g.wait()).toBe(null);
    expect(order).toEqual(["after go", "task"]);
  });

  both("treats a returned or resolved Error as the task's error, null or nothing as success", async () => {
    const g = new Group();
    g.go(() => undefined);
    g.go(async () => null);
    const boom = new Error("boom");
    g.go(async () => {
      await time.sleep(1);
      return boom;
    });
    expect(await g.wait()).toBe(boom);
  });

  test("blocks at the limit with Go's wait reason `chan send`: a limit of 0 deadlocks go", async () => {
    await simRuns(
      async () => {
        const g = new Group();
        g.setLimit(0);
        await g.go(() => null);
      },
      (r) => {
        expect(r.outcome).toBe("deadlock");
        expect(r.dump).toContain("goroutine 1 [chan send]:");
      },
    );
  });
});

describe("Group.wait", () => {
  both("returns null at once for a group that never ran anything", async () => {
    expect(await new Group().wait()).toBe(null);
  });
});
