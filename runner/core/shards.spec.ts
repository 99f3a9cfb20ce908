import { describe, expect, test } from "vitest";
import { assignShards, inShard, planShards, shardOf } from "./shards.ts";

describe("assignShards", () => {
  test("puts the costliest tests on different shards and keeps each shard's tests in order", () => {
    expect(assignShards([1, 40, 30, 20, 1], 2)).toEqual([[0, 1, 4], [2, 3]]); // loads 42 and 50
    expect(assignShards([5, 5, 5, 5], 2)).toEqual([[0, 2], [1, 3]]);
  });

  test("gives every test to exactly one shard, also with more shards than tests", () => {
    const a = assignShards([3, 1], 4);
    expect(a.flat().sort()).toEqual([0, 1]);
    expect(a).toHaveLength(4);
  });

  test("is what inShard answers for a shard that lists its tests", () => {
    const a = assignShards([1, 40, 30, 20, 1], 2);
    for (const [index, tests] of a.entries()) {
      expect([0, 1, 2, 3, 4].filter((i) => inShard(i, { index, count: 2, tests }))).toEqual(tests);
    }
    expect([0, 1, 2, 3, 4].filter((i) => inShard(i, { index: 1, count: 2 }))).toEqual([1, 3]);
  });
});

describe("planShards", () => {
  test("never makes more shards than tests, and splits by cost once costs are known", () => {
    expect(planShards(undefined, 4)).toEqual({ count: 4 });
    expect(planShards([3, 1], 4)).toEqual({ count: 2, assignment: [[0], [1]] });
    expect(planShards([], 4)).toEqual({ count: 1 });
    expect(planShards([9, 9, 9], 1)).toEqual({ count: 1 });
  });

  test("gives each sandbox its shard, or none when the Run is not split", () => {
    const plan = planShards([1, 40, 30, 20, 1], 2);
    expect(shardOf(plan, 1)).toEqual({ index: 1, count: 2, tests: [2, 3] });
    expect(shardOf({ count: 3 }, 2)).toEqual({ index: 2, count: 3 });
    expect(shardOf({ count: 1 }, 0)).toBeUndefined();
  });
});
