import { describe, expect, test } from "vitest";
import { copyOf, removeAt, removeFirst } from "./arrays.ts";

describe("copyOf", () => {
  test("returns a new array with the same elements", () => {
    const a = [3, 1, 2];
    const b = copyOf(a);
    expect(b).toEqual([3, 1, 2]);
    b.push(4);
    expect(a).toEqual([3, 1, 2]);
  });
});

describe("removeAt", () => {
  test("removes one element and keeps the order of the others", () => {
    const a = ["a", "b", "c", "d"];
    removeAt(a, 1);
    expect(a).toEqual(["a", "c", "d"]);
    removeAt(a, 2);
    expect(a).toEqual(["a", "c"]);
    removeAt(a, 0);
    expect(a).toEqual(["c"]);
  });
});

describe("removeFirst", () => {
  test("drops the first k elements and keeps the order of the rest", () => {
    const a = [1, 2, 3, 4, 5];
    removeFirst(a, 2);
    expect(a).toEqual([3, 4, 5]);
    removeFirst(a, 3);
    expect(a).toEqual([]);
  });
});
