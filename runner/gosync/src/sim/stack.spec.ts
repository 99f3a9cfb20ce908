import { describe, expect, test } from "vitest";
import { captureWhere, whereOfError } from "./stack.ts";

describe("captureWhere", () => {
  test("finds the caller's frame outside gosync, this spec file being the caller", () => {
    const w = captureWhere();
    expect(w.at).toMatch(/stack\.spec\.ts:\d+:\d+$/);
    expect(w.stack?.length).toBeGreaterThan(0);
  });

  test("survives a prepareStackTrace that throws: the location is missing, the scheduler goes on", () => {
    const E = Error as unknown as { prepareStackTrace?: unknown };
    const saved = E.prepareStackTrace;
    E.prepareStackTrace = () => {
      throw new Error("junk");
    };
    try {
      expect(() => captureWhere()).not.toThrow();
    } finally {
      E.prepareStackTrace = saved;
    }
  });
});

describe("whereOfError", () => {
  test("locates a thrown error at its first frame outside gosync", () => {
    expect(whereOfError(new Error("boom"))?.at).toMatch(/stack\.spec\.ts:\d+:\d+$/);
  });

  test("answers null for a value without a stack and for a stack getter that throws", () => {
    expect(whereOfError("not an error")).toBeNull();
    const e = new Error("x");
    Object.defineProperty(e, "stack", { get: () => { throw new Error("no"); } });
    expect(whereOfError(e)).toBeNull();
  });
});
