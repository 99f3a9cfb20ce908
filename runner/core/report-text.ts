/**
 * report-text.ts — what a failing test's report says, as the texts Go prints: the fatal error
 * or panic with its goroutine dump, one block per data race, the leaked goroutines. The results
 * panel draws them and the CLI prints them (verdict.ts summarize); the test's message says what
 * went wrong in a line and never repeats them. Runs anywhere; imports no zod (the panel loads it).
 */
import type { GoroutineInfo } from "gosync/sim";
import type { Schedule, TestResult } from "./verdict.ts";

/**
 * DetectorKind names what a block shows (also the panel's CSS hook): a data race, the deadlock's
 * fatal error and dump, leaked goroutines, a panic or other fatal error with its dump, or just
 * the goroutines of a run that stopped for another reason (the step limit).
 */
export type DetectorKind = "race" | "deadlock" | "leak" | "panic" | "fatal" | "goroutines";

/** DetectorReport is one detector's text, as Go prints it. */
export interface DetectorReport {
  kind: DetectorKind;
  text: string;
}

/**
 * detectorReports lists a test's detector reports, the one its status names first: the fatal
 * error (or panic) with its goroutine dump, one block per data race (the first followed by Go's
 * `Found N data race(s)` when the report kept fewer than it found), the leaked goroutines. A failed assertion
 * also ends the simulated program with a panic; that dump is context, not a diagnosis, so for
 * status "fail" it is left out (the panel shows it with the trace).
 */
export function detectorReports(t: Pick<TestResult, "status" | "report">): DetectorReport[] {
  const r = t.report;
  if (!r) return [];
  const blocks: DetectorReport[] = [];
  if (r.outcome !== "ok" && t.status !== "fail") {
    const text = [r.message, r.dump].filter(Boolean).join("\n\n");
    const kind = r.outcome === "deadlock" || r.outcome === "panic" || r.outcome === "fatal" ? r.outcome : "goroutines";
    if (text) blocks.push({ kind, text });
  }
  for (const race of r.races) if (race.text) blocks.push({ kind: "race", text: race.text });
  // Go ends its output with the count; the panel shows the first race and keeps the rest behind a
  // disclosure, so a count the report cut goes with the first race, where it is read.
  const firstRace = blocks.find((b) => b.kind === "race");
  if (r.racesTotal !== undefined && r.racesTotal > r.races.length && firstRace) firstRace.text += `\n\nFound ${r.racesTotal} data race(s)`;
  if (r.leaks.length) {
    blocks.push({ kind: "leak", text: r.leakText ?? r.leaks.map(goroutineText).join("\n\n") });
  }
  const first = (b: DetectorReport) => (b.kind === t.status ? 0 : 1);
  return blocks.sort((a, b) => first(a) - first(b));
}

/**
 * headline is the test's message as a reader should see it above the detector reports: left out
 * when a report already starts with it (a deadlock's or panic's message is Go's first line, which
 * its dump follows), so nothing is shown twice.
 */
export function headline(t: Pick<TestResult, "status" | "report" | "message">): string | undefined {
  const m = t.message;
  if (!m) return undefined;
  return detectorReports(t).some((b) => b.text === m || b.text.startsWith(`${m}\n`)) ? undefined : m;
}

/** goroutineText writes one goroutine as Go's traceback does, for a report cut down to its list (no leakText). */
export function goroutineText(g: GoroutineInfo): string {
  const lines = [`goroutine ${g.id} [${g.status}]:`];
  for (const f of g.stack?.length ? g.stack : g.at ? [g.at] : []) lines.push(`\t${f}`);
  if (g.createdBy !== undefined) {
    lines.push(`created by ${g.createdBy === 0 ? "a timer" : `goroutine ${g.createdBy}`}`);
    if (g.createdAt) lines.push(`\t${g.createdAt}`);
  }
  return lines.join("\n");
}

/**
 * scheduleText says how a failing schedule was found and shrunk, in a line: `found on run 7
 * (strategy random, seed 7), shrunk to 1 preemption (from 9) and 23 steps (from 84)` (zh
 * likewise), for the readable verdict and the results panel. Preemptions come first because
 * shrinking cuts them first (gosync's sim.shrink): the schedule with fewer preemptions may take
 * a few more steps, so "shrunk from 6 to 8 steps" would read as a contradiction.
 */
export function scheduleText(s: Schedule, lang: "en" | "zh" = "en"): string {
  const k = s.shrunk;
  const by = s.found ?? s;
  if (lang === "zh") {
    const found = `第 ${s.runs} 次运行发现（策略 ${by.strategy}，种子 ${by.seed}）`;
    return k ? `${found}，缩减为 ${k.preemptions} 次抢占（原为 ${k.fromPreemptions} 次）、${k.toSteps} 步（原为 ${k.fromSteps} 步）` : found;
  }
  const found = `found on run ${s.runs} (strategy ${by.strategy}, seed ${by.seed})`;
  const p = (n: number) => `${n} preemption${n === 1 ? "" : "s"}`;
  return k ? `${found}, shrunk to ${p(k.preemptions)} (from ${k.fromPreemptions}) and ${k.toSteps} steps (from ${k.fromSteps})` : found;
}
