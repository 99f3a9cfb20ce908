/**
 * status-badge.ts — the strings key of each test status's badge word, shared by the results
 * panel (results.ts) and the Tests tab (tests-tab.ts). Type-only use of the strings table: the
 * page passes the table itself at run time.
 */
import type { TestResult } from "../../runner/browser/protocol.ts";
import type { strings as allStrings } from "./strings.ts";

/** BADGE_KEY names, for each test status, the strings key of the word its badge shows. */
export const BADGE_KEY: Record<TestResult["status"], keyof (typeof allStrings)["en"]> = {
  pass: "runner.badge.pass",
  fail: "runner.badge.fail",
  race: "runner.badge.race",
  deadlock: "runner.badge.deadlock",
  leak: "runner.badge.leak",
  panic: "runner.badge.panic",
  error: "runner.badge.error",
  skipped: "runner.badge.skipped",
};
