import { describe, expect, test } from "vitest";
import type { BundleResult } from "./bundle.ts";
import { RunCollector } from "./collect.ts";
import type { TestResult } from "./verdict.ts";

const bundle: BundleResult = { ok: true, code: "", map: "", diagnostics: [], ms: 1 };
const names = ["a", "b", "c", "d", "e"];
const result = (name: string, status: TestResult["status"] = "pass"): TestResult => ({ name, status });

/** shardMessages is what shard `index` of `count` sends for a Run whose tests have these statuses. */
function shardMessages(id: number, index: number, count: number, statuses: Record<string, TestResult["status"]> = {}, tests?: number[]) {
  const mine = names.map((n, i) => [n, i] as const).filter(([, i]) => (tests ? tests.includes(i) : i % count === index));
  return [
    { type: "collected", id, names },
    ...mine.flatMap(([n, i]) => [
      { type: "test-start", id, name: n, index: i, total: names.length },
      { type: "test-result", id, result: result(n, statuses[n]), index: i, total: names.length },
    ]),
    { type: "done", id, tests: mine.map(([n]) => result(n, statuses[n])), shard: { index, count, ...(tests ? { tests } : {}) } },
  ];
}

describe("RunCollector with shards", () => {
  test("merges the shards' results in test order and ends when the last shard is done", () => {
    const c = new RunCollector(7, 2);
    const ends = [...shardMessages(7, 1, 2, { d: "fail" }), ...shardMessages(7, 0, 2)].map((m) => c.accept(m));
    expect(ends.filter(Boolean)).toHaveLength(1);
    expect(ends.at(-1)).toBe(true);
    const v = c.verdict("x", bundle, { kind: "done" }, 5);
    expect(v.tests.map((t) => `${t.name}:${t.status}`)).toEqual(["a:pass", "b:pass", "c:pass", "d:fail", "e:pass"]);
    expect(v.status).toBe("fail");
  });

  test("merges shards the host assigned by cost back into test order", () => {
    const assignment = [[1], [0, 2, 3, 4]];
    const c = new RunCollector(9, 2, assignment);
    for (const m of [...shardMessages(9, 1, 2, { e: "leak" }, assignment[1]), ...shardMessages(9, 0, 2, {}, assignment[0])]) c.accept(m);
    const v = c.verdict("x", bundle, { kind: "done" }, 5);
    expect(v.tests.map((t) => `${t.name}:${t.status}`)).toEqual(["a:pass", "b:pass", "c:pass", "d:pass", "e:leak"]);
  });

  test("is an internal error, never a pass, when an assignment leaves a test out", () => {
    const c = new RunCollector(4, 2, [[0, 1], [2, 3]]);
    for (const m of [...shardMessages(4, 0, 2, {}, [0, 1]), ...shardMessages(4, 1, 2, {}, [2, 3])]) c.accept(m);
    const v = c.verdict("x", bundle, { kind: "done" }, 5);
    expect(v.status).toBe("internal-error");
    expect(v.message).toMatch(/no shard was assigned test "e"/);
  });

  test("gives the same Verdict as one sandbox judging every test", () => {
    const one = new RunCollector(3);
    for (const m of [{ type: "collected", id: 3, names }, { type: "done", id: 3, tests: names.map((n) => result(n, n === "b" ? "race" : "pass")) }]) one.accept(m);
    const three = new RunCollector(3, 3);
    for (const s of [2, 0, 1]) for (const m of shardMessages(3, s, 3, { b: "race" })) three.accept(m);
    expect(three.verdict("x", bundle, { kind: "done" }, 5)).toEqual(one.verdict("x", bundle, { kind: "done" }, 5));
  });

  test("is an internal error, never a pass, when shards collected different tests", () => {
    const c = new RunCollector(1, 2);
    c.accept({ type: "collected", id: 1, names });
    expect(c.accept({ type: "collected", id: 1, names: ["a"] })).toBe(true);
    const v = c.verdict("x", bundle, { kind: "done" }, 1);
    expect(v.status).toBe("internal-error");
    expect(v.message).toMatch(/collected different tests/);
  });

  test("is an internal error when a shard leaves out a test of its share", () => {
    const c = new RunCollector(1, 2);
    c.accept({ type: "collected", id: 1, names });
    c.accept({ type: "done", id: 1, tests: [result("b")], shard: { index: 1, count: 2 } });
    expect(c.accept({ type: "done", id: 1, tests: [result("a"), result("c")], shard: { index: 0, count: 2 } })).toBe(true);
    const v = c.verdict("x", bundle, { kind: "done" }, 1);
    expect(v.status).toBe("internal-error");
    expect(v.message).toMatch(/shard 0 reported no result for test "e"|shard 1 reported no result for test "d"/);
  });

  test("rejects a shard reported twice or outside the Run's shard count", () => {
    const twice = new RunCollector(1, 2);
    twice.accept({ type: "collected", id: 1, names });
    twice.accept({ type: "done", id: 1, tests: [], shard: { index: 1, count: 2 } });
    expect(twice.accept({ type: "done", id: 1, tests: [], shard: { index: 1, count: 2 } })).toBe(true);
    expect(twice.verdict("x", bundle, { kind: "done" }, 1).message).toMatch(/shard 1 reported done twice/);
    const outside = new RunCollector(1, 2);
    expect(outside.accept({ type: "done", id: 1, tests: [], shard: { index: 0, count: 3 } })).toBe(true);
    expect(outside.verdict("x", bundle, { kind: "done" }, 1).status).toBe("internal-error");
  });

  test("on a timeout names every test still running and marks each as stopped", () => {
    const c = new RunCollector(2, 2);
    c.accept({ type: "collected", id: 2, names });
    c.accept({ type: "test-start", id: 2, name: "a", index: 0, total: 5 });
    c.accept({ type: "test-start", id: 2, name: "b", index: 1, total: 5 });
    const v = c.verdict("x", bundle, { kind: "timeout", wallMs: 5000 }, 5000);
    expect(v.status).toBe("timeout");
    expect(v.message).toMatch(/while judging tests "a", "b"/);
    expect(v.tests.slice(0, 3).map((t) => t.status)).toEqual(["error", "error", "skipped"]);
  });
});

describe("RunCollector against the host's own collection", () => {
  test("calls a Run tampered with when its sandbox collected other names than the host, and shows no forged result", () => {
    const c = new RunCollector(5);
    c.expectTests(names);
    expect(c.accept({ type: "collected", id: 5, names: ["a"] })).toBe(true);
    const v = c.verdict("x", bundle, { kind: "done" }, 1);
    expect(v.status).toBe("internal-error");
    expect(v.message).toMatch(/^the Run was tampered with: its sandbox collected 1 test \["a"\], but the hidden tests declare 5 tests/);
    expect(v.tests.map((t) => t.status)).toEqual(names.map(() => "skipped"));
  });

  test("finds the tampering when the host's collection arrives after the sandbox's, even after a done with every test passing", () => {
    const c = new RunCollector(6);
    c.accept({ type: "collected", id: 6, names: ["a", "b"] });
    expect(c.accept({ type: "done", id: 6, tests: [result("a"), result("b")] })).toBe(true);
    expect(c.expectTests(names)).toBe(true);
    expect(c.verdict("x", bundle, { kind: "done" }, 1).status).toBe("internal-error");
  });

  test("passes a Run whose sandbox collected what the host collected", () => {
    const c = new RunCollector(7);
    expect(c.expectTests(names)).toBe(false);
    c.accept({ type: "collected", id: 7, names });
    c.accept({ type: "done", id: 7, tests: names.map((n) => result(n)) });
    expect(c.verdict("x", bundle, { kind: "done" }, 1).status).toBe("pass");
  });

  test("refuses results named otherwise than the collected tests, and a done before any collected", () => {
    const renamed = new RunCollector(8);
    renamed.accept({ type: "collected", id: 8, names: ["a", "b"] });
    expect(renamed.accept({ type: "done", id: 8, tests: [result("a"), result("z")] })).toBe(true);
    expect(renamed.verdict("x", bundle, { kind: "done" }, 1)).toMatchObject({ status: "internal-error", message: expect.stringMatching(/not the 2 it collected/) });
    const early = new RunCollector(9);
    expect(early.accept({ type: "done", id: 9, tests: [result("a")] })).toBe(true);
    expect(early.verdict("x", bundle, { kind: "done" }, 1)).toMatchObject({ status: "internal-error", message: expect.stringMatching(/done before it collected/) });
  });

  test("says a timeout was checked again with the limit doubled", () => {
    const c = new RunCollector(10);
    c.accept({ type: "collected", id: 10, names });
    const v = c.verdict("x", bundle, { kind: "timeout", wallMs: 10000, firstWallMs: 5000 }, 15000);
    expect(v.status).toBe("timeout");
    expect(v.message).toMatch(/after the 10000 ms wall-clock limit before|after the 10000 ms wall-clock limit, the second time it was tried \(the first stopped at 5000 ms/);
  });
});
