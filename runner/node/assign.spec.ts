import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exerciseIds } from "../../exercises/index.ts";
import { decodeAssignmentFragment } from "../instructor/assignment-link.ts";
import { assign, DEFAULT_SITE } from "./assign.ts";

/** capture runs `synclab assign` in-process and returns its exit status and output. */
async function capture(argv: string[]) {
  let out = "";
  let err = "";
  const code = await assign(argv, { write: (s: string) => ((out += s), true) } as never, { write: (s: string) => ((err += s), true) } as never);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "synclab-assign-"));
const [first, second] = exerciseIds();

function writeAssignment(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const good = writeAssignment(
  "assignment.yaml",
  `id: week-1
title: { zh: 第一周, en: Week 1 }
due: 2026-03-01T23:59:00+08:00
exercises:
  - { id: ${first}, points: 10, instructorTests: [private/extra.test.ts] }
  - { id: ${second}, points: 5 }
`,
);

describe("synclab assign", () => {
  test("prints the link of the zh assignment page on the local site by default, without the instructor-only tests", async () => {
    const r = await capture([good]);
    expect(r.code, r.err).toBe(0);
    const link = r.out.trim();
    expect(link.startsWith(`${DEFAULT_SITE}/zh/assignment/#a1.`)).toBe(true);
    const decoded = decodeAssignmentFragment(new URL(link).hash);
    expect(decoded.ok && decoded.assignment.exercises).toEqual([{ id: first, points: 10 }, { id: second, points: 5 }]);
    expect(r.err).toContain("week-1: 2 exercise(s), 15 points, due 2026-03-01T23:59:00+08:00; 1 instructor-only test file(s) left out of the link");
  });

  test("takes the site's URL, with a base path, and the language", async () => {
    const r = await capture([good, "--site", "https://school.example/synclab", "--lang=en"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^https:\/\/school\.example\/synclab\/en\/assignment\/#a1\.[A-Za-z0-9_-]+\n$/);
  });

  test("exits 2 naming the field of an invalid assignment file", async () => {
    const bad = writeAssignment("bad.yaml", `id: week-1\ntitle: { zh: 一, en: One }\ndue: 2026-03-01T23:59:00Z\nexercises:\n  - { id: ${first}, points: 0 }\n`);
    const r = await capture([bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("synclab: bad.yaml (field exercises.0.points)");
    expect(r.out).toBe("");
  });

  test("exits 2 for an exercise the site does not have, listing the ones it has", async () => {
    const unknown = writeAssignment("unknown.json", JSON.stringify({ id: "w", title: { zh: "一", en: "One" }, due: "2026-03-01T23:59:00Z", exercises: [{ id: "no-such-exercise", points: 1 }] }));
    const r = await capture([unknown]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`synclab: unknown.json (field exercises.0.id): no exercise "no-such-exercise" in this site; known ids: ${exerciseIds().join(", ")}`);
  });

  test("exits 2 with the usage for a missing file, a bad --site or --lang, or an unknown option", async () => {
    expect(await capture([])).toMatchObject({ code: 2, err: expect.stringContaining("assign takes one assignment file, received 0 argument(s)") });
    expect(await capture([join(dir, "nope.yaml")])).toMatchObject({ code: 2, err: expect.stringContaining("file not found") });
    expect(await capture([good, "--site", "ftp://x"])).toMatchObject({ code: 2, err: expect.stringContaining('--site is "ftp://x", expected an http:// or https:// URL') });
    expect(await capture([good, "--lang", "fr"])).toMatchObject({ code: 2, err: expect.stringContaining('--lang is "fr", expected zh or en') });
    expect(await capture([good, "--open"])).toMatchObject({ code: 2, err: expect.stringContaining("unknown option --open") });
  });

  test("runs as `npx synclab assign`", () => {
    const r = spawnSync("npx", ["synclab", "assign", good, "--lang", "en"], { encoding: "utf8", cwd: join(import.meta.dirname, "..", "..") });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\/en\/assignment\/#a1\./);
  });
});
