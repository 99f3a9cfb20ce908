import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { assignmentLink, decodeAssignmentFragment, encodeAssignmentFragment, LINK_PREFIX, MAX_LINK_JSON_BYTES } from "./assignment-link.ts";
import { assignmentHash, parseAssignment } from "./schema.ts";

const yaml = `
id: week-3-locks
title: { zh: 第三周：锁, en: "Week 3: locks" }
due: 2026-03-01T23:59:00+08:00
late: { penaltyPerDay: 10, hardClose: 2026-03-04T23:59:00+08:00 }
exercises:
  - id: safe-counter
    points: 10
    weights: { "counts concurrent increments exactly": 3 }
    instructorTests: [secret/safe-counter.extra.test.ts]
  - { id: config-store, points: 5, allOrNothing: true }
`;
const assignment = parseAssignment(yaml, "assignment.yaml");

/** fragmentOf deflates any text the way the format does, for hand-made fragments. */
function fragmentOf(text: string): string {
  const bytes = deflateSync(new TextEncoder().encode(text));
  return LINK_PREFIX + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("encodeAssignmentFragment", () => {
  it("carries the assignment without its instructor-only tests, which never appear in the link", () => {
    const fragment = encodeAssignmentFragment(assignment);
    const decoded = decodeAssignmentFragment(fragment);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.assignment.exercises.map((e) => e.id)).toEqual(["safe-counter", "config-store"]);
    expect(JSON.stringify(decoded.assignment)).not.toContain("secret");
    expect(decoded.assignment.title.zh).toBe("第三周：锁");
    expect(decoded.assignment.late).toEqual({ penaltyPerDay: 10, hardClose: "2026-03-04T23:59:00+08:00" });
  });

  it("gives the page the same assignment hash as the grader computes from the file", async () => {
    const decoded = decodeAssignmentFragment(encodeAssignmentFragment(assignment));
    expect(decoded.ok && (await assignmentHash(decoded.assignment))).toBe(await assignmentHash(assignment));
  });

  it("writes the same fragment for the same assignment whatever the file's key order or format", () => {
    const json = JSON.stringify({ exercises: assignment.exercises, due: assignment.due, title: assignment.title, late: assignment.late, id: assignment.id });
    expect(encodeAssignmentFragment(parseAssignment(json, "assignment.json"))).toBe(encodeAssignmentFragment(assignment));
  });

  it("uses only characters that need no escaping in a URL fragment", () => {
    expect(encodeAssignmentFragment(assignment)).toMatch(/^a1\.[A-Za-z0-9_-]+$/);
  });
});

describe("assignmentLink", () => {
  it("points at the assignment page of the language, under the site's base path", () => {
    expect(assignmentLink(assignment, "http://127.0.0.1:4321", "en")).toMatch(/^http:\/\/127\.0\.0\.1:4321\/en\/assignment\/#a1\./);
    expect(assignmentLink(assignment, "https://school.example/synclab/", "zh")).toMatch(/^https:\/\/school\.example\/synclab\/zh\/assignment\/#a1\./);
  });
});

describe("decodeAssignmentFragment", () => {
  const good = encodeAssignmentFragment(assignment);

  it("reads a fragment with its '#', percent-encoded, or broken over lines by a mail program", () => {
    expect(decodeAssignmentFragment(`#${good}`).ok).toBe(true);
    expect(decodeAssignmentFragment(encodeURIComponent(good).replace(/\./g, "%2E")).ok).toBe(true);
    expect(decodeAssignmentFragment(`${good.slice(0, 20)}\n  ${good.slice(20)}`).ok).toBe(true);
  });

  it("says the link was cut short for every truncation of the fragment, and never throws", () => {
    const got = new Set<string>();
    for (let n = LINK_PREFIX.length; n < good.length; n++) {
      const d = decodeAssignmentFragment(good.slice(0, n));
      got.add(d.ok ? "ok" : d.problem);
    }
    expect([...got]).toEqual(["truncated"]);
  });

  it("tells an empty, a foreign and a corrupted fragment apart", () => {
    expect(decodeAssignmentFragment("#")).toMatchObject({ ok: false, problem: "empty" });
    expect(decodeAssignmentFragment("#section-2")).toMatchObject({ ok: false, problem: "unknown-format" });
    expect(decodeAssignmentFragment(`${good.slice(0, 10)}*${good.slice(11)}`)).toMatchObject({ ok: false, problem: "corrupt", detail: expect.stringContaining('"*"') });
    expect(decodeAssignmentFragment("%E0%A4%A")).toMatchObject({ ok: false, problem: "corrupt" });
  });

  it("names the field of a well-formed link whose assignment the schema refuses", () => {
    const bad = fragmentOf(JSON.stringify({ ...assignment, exercises: [{ id: "safe-counter", points: 0 }] }));
    expect(decodeAssignmentFragment(bad)).toMatchObject({ ok: false, problem: "invalid", detail: expect.stringContaining("exercises.0.points") });
  });

  it("stops inflating a fragment that expands past the bound instead of filling memory", () => {
    const bomb = fragmentOf(" ".repeat(MAX_LINK_JSON_BYTES * 8));
    expect(bomb.length).toBeLessThan(12_000);
    expect(decodeAssignmentFragment(bomb)).toMatchObject({ ok: false, problem: "too-large" });
  });
});
