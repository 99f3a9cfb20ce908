import { describe, expect, test } from "vitest";
import { latePenalty, lateness } from "./late.ts";

const due = "2026-03-01T23:59:00+08:00";

describe("lateness", () => {
  test("on time or early is not late, whatever the offset the time is written in", () => {
    expect(lateness(due, { penaltyPerDay: 10 }, "2026-03-01T15:59:00Z")).toEqual({ daysLate: 0, penaltyPercent: 0, closed: false });
  });
  test("counts started days: one second late is one day, 24 h and one second is two", () => {
    expect(lateness(due, { penaltyPerDay: 10 }, "2026-03-01T15:59:01Z").daysLate).toBe(1);
    expect(lateness(due, { penaltyPerDay: 10 }, "2026-03-02T15:59:01Z")).toEqual({ daysLate: 2, penaltyPercent: 20, closed: false });
  });
  test("the penalty is capped at 100%", () => {
    expect(lateness(due, { penaltyPerDay: 40 }, "2026-03-05T00:00:00Z").penaltyPercent).toBe(100);
  });
  test("after the hard close the submission is closed and loses everything", () => {
    const l = lateness(due, { penaltyPerDay: 5, hardClose: "2026-03-03T23:59:00+08:00" }, "2026-03-03T16:00:00Z");
    expect(l).toEqual({ daysLate: 3, penaltyPercent: 100, closed: true });
    expect(latePenalty(12.5, l)).toBe(12.5);
  });
  test("latePenalty takes the percent off the points earned, in hundredths", () => {
    expect(latePenalty(7.77, { daysLate: 1, penaltyPercent: 10, closed: false })).toBe(0.78);
  });
});
