import { describe, expect, test } from "vitest";
import { BoundedStrategy } from "./bounded.ts";

const q = (...ids: number[]) => ids.map((id) => ({ id, prio: 0 }));

describe("BoundedStrategy", () => {
  test("preemption bound 0 keeps the goroutine that ran last while it can go on, and is free to choose once it blocked", () => {
    const s = new BoundedStrategy("preemption", 0, []);
    expect(q(1, 2, 3)[s.pick(q(1, 2, 3), 1, 2)].id).toBe(2);
    expect(s.spent).toBe(0);
    expect(s.cut, "bound 0 left out the switch to 1 and 3").toBe(true);
    expect(s.pick(q(1, 3), 2, 2), "2 blocked: nothing is preempted").toBe(0);
  });

  test("walks every placement of one preemption depth first, and says when the bound is exhausted", () => {
    const seen: string[] = [];
    let prefix: number[] | null = [];
    while (prefix !== null) {
      const s: BoundedStrategy = new BoundedStrategy("preemption", 1, prefix);
      const a = q(1, 2)[s.pick(q(1, 2), 1, 1)].id;
      const b = q(1, 2)[s.pick(q(1, 2), 2, a)].id;
      seen.push(`${a}${b}:${s.spent}`);
      prefix = s.next();
    }
    expect(seen, "after one preemption to 2, 2 must go on").toEqual(["11:0", "12:1", "22:1"]);
  });

  test("delay bounding follows round robin by id from the goroutine that ran last, each place further costing a delay", () => {
    const s = new BoundedStrategy("delay", 2, [2]);
    expect(q(1, 2, 5, 7)[s.pick(q(1, 2, 5, 7), 1, 5)].id, "5, 7, 1, 2: two delays take 1").toBe(1);
    expect(s.spent).toBe(2);
  });
});
