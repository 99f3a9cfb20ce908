/**
 * report.ts — what a simulated run returns, as plain JSON, and the Go-shaped texts in it:
 * the goroutine dump of `fatal error: all goroutines are asleep - deadlock!`, the leak list,
 * panics (`panic: …` then `goroutine N [running]:`) and the race reports built in race.ts.
 *
 * Every report is bounded, whatever the program does: a program that starts 20,000 goroutines
 * and blocks them all must not make a dump of megabytes (a results panel of 40,000 nodes, a
 * CLI printing 14 MB). Lists keep their first entries and count the rest (`goroutinesTotal`,
 * `leaksTotal`, `racesTotal`), the trace keeps its last events (`traceDropped`), and texts
 * that come from the program are clipped (panic.ts clipText). A dump or leak list that was cut
 * ends as Go's traceback ends a stack it cut: `...19950 goroutines elided...` (Go writes
 * `...N frames elided...`; it never cuts a goroutine dump, gosync must).
 */
import type { GoroutineInfo, Report } from "./schema.ts";

export type { GoroutineInfo, Outcome, Report } from "./schema.ts";

/** REPORT_GOROUTINES is how many goroutines a report lists (goroutines, leaks, dump, leak text); the others are counted. */
export const REPORT_GOROUTINES = 50;
/** REPORT_RACES is how many data races a report holds; the others are counted in racesTotal. */
export const REPORT_RACES = 50;
/** REPORT_TRACE is how many trace events a report keeps: the last ones (the run's end is where it failed). */
export const REPORT_TRACE = 10_000;

/**
 * dumpText formats goroutines the way Go's traceback does, one block per goroutine; when `total`
 * says there were more than gs holds, it ends with `...N goroutines elided...` (Go's wording for
 * the frames it cuts from a long stack). Loops, not map/join: see commons.ts.
 */
export function dumpText(gs: readonly GoroutineInfo[], total = gs.length): string {
  let s = "";
  for (let i = 0; i < gs.length; i++) s += (i === 0 ? "" : "\n\n") + goroutineText(gs[i]);
  if (total > gs.length) s += `${gs.length === 0 ? "" : "\n\n"}...${total - gs.length} goroutines elided...`;
  return s;
}

function goroutineText(g: GoroutineInfo): string {
  let s = `goroutine ${g.id} [${g.status}]:`;
  if (g.stack !== undefined && g.stack.length > 0) for (let i = 0; i < g.stack.length; i++) s += `\n\t${g.stack[i]}`;
  else if (g.at !== undefined) s += `\n\t${g.at}`;
  if (g.createdBy !== undefined) {
    s += `\ncreated by ${g.createdBy === 0 ? "a timer" : `goroutine ${g.createdBy}`}`;
    if (g.createdAt !== undefined) s += `\n\t${g.createdAt}`;
  }
  return s;
}

/** DEADLOCK is Go's message when every goroutine is blocked and no timer is pending. */
export const DEADLOCK = "fatal error: all goroutines are asleep - deadlock!";

/** failed tells whether a report is a failure for explore: any outcome but ok, a race, or (if counted) a leak. */
export function failed(r: Report, countLeaks = true): boolean {
  return r.outcome !== "ok" || r.races.length > 0 || (countLeaks && r.leaks.length > 0);
}

/**
 * racesFound is Go's race detector's closing line, `Found N data race(s)`: gosync adds it after
 * the race reports it kept when it found more than REPORT_RACES, so the count is not lost.
 */
export function racesFound(n: number): string {
  return `Found ${n} data race(s)`;
}

/** summary is a one-paragraph description of a report for test failures and logs. */
export function summary(r: Report): string {
  let s = "";
  const add = (part: string) => (s += (s === "" ? "" : "\n\n") + part);
  if (r.outcome !== "ok") add(`${r.message ?? r.outcome}${r.dump ? "\n\n" + r.dump : ""}`);
  for (let i = 0; i < r.races.length; i++) add(r.races[i].text);
  if (r.racesTotal !== undefined) add(racesFound(r.racesTotal));
  if (r.leaks.length > 0) add(`${r.leaksTotal ?? r.leaks.length} goroutine(s) still running when main returned (leak):\n\n${r.leakText ?? ""}`);
  return s === "" ? "ok" : s;
}
