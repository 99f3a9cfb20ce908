import { describe, expect, test } from "vitest";
import { spreadsheetSafe } from "./grades-csv.ts";
import { pointsLine } from "./classroom.ts";

describe("spreadsheetSafe", () => {
  test("keeps a typed name from being read as a formula, and leaves other names as they are", () => {
    expect(spreadsheetSafe("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")");
    expect(spreadsheetSafe("@SUM(1)")).toBe("'@SUM(1)");
    expect(spreadsheetSafe("Li Lei")).toBe("Li Lei");
    expect(spreadsheetSafe("李雷")).toBe("李雷");
  });
});

describe("pointsLine", () => {
  test("is GitHub Classroom's Points <score>/<max>", () => {
    expect(pointsLine(17.5, 20)).toBe("Points 17.5/20");
    expect(pointsLine(2 / 3, 10)).toBe("Points 0.67/10");
  });
});
