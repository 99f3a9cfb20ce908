import { describe, expect, test } from "vitest";
import { readSubmittedAt } from "./submitted-at.ts";

describe("readSubmittedAt", () => {
  test("finds the id and time columns of an LMS export by their headers and ignores the others", () => {
    const csv = "Full name,Student ID,Email,Submitted At\nLi Lei,2026001,l@x,2026-03-01T10:00:00+08:00\n\"Han, Mei\",2026002,h@x,2026-03-02T01:00:00Z\n";
    expect([...readSubmittedAt(csv, "times.csv")]).toEqual([
      ["2026001", "2026-03-01T10:00:00+08:00"],
      ["2026002", "2026-03-02T01:00:00Z"],
    ]);
  });
  test("keeps a student's latest time", () => {
    const csv = "student_id,submitted_at\na,2026-03-02T00:00:00Z\na,2026-03-01T00:00:00Z\n";
    expect(readSubmittedAt(csv, "t.csv").get("a")).toBe("2026-03-02T00:00:00Z");
  });
  test("names the file, line and column of a time without its offset, and a header without the columns", () => {
    expect(() => readSubmittedAt("id,time\na,2026-03-01 10:00\n", "t.csv")).toThrow('t.csv: line 2, column time: is "2026-03-01 10:00", expected an ISO 8601 time with its offset');
    expect(() => readSubmittedAt("who,when\na,b\n", "t.csv")).toThrow(/t\.csv: header is \["who","when"\], expected a student id column/);
  });
});
