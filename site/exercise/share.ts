/**
 * share — a solution carried in a link, with no server: the code and, for a failing Run, its
 * schedule (the first failing test's name, strategy and seed, from the verdict, and what replays
 * it as shown: the Verdict's account of the schedule and, for a shrunk or systematic one, its
 * choice list) as the raw DEFLATE (fflate) of their JSON, base64url, in the URL's fragment:
 * `#share:<exercise id>:1:<data>`. A failure is shown shrunk, so its seed alone no longer gives
 * the schedule shown: the reader's Run replays the choice list (the judge's Limits.replay). The exercise id is in clear so that the page can bring that
 * exercise into view before anything is decoded (island.ts). Runs on the page's main thread.
 *
 * Decoding never throws: a damaged link is told apart (not a share link, altered characters,
 * cut short, too big, not the expected fields) so the exercise can say what is wrong with it.
 */
import { deflateSync } from "fflate";
import { z } from "zod/mini";
import { fromBase64Url, inflateBounded, toBase64Url } from "../../runner/instructor/assignment-link.ts";
import type { RunLimits, TestResult } from "../../runner/browser/protocol.ts";
import { scheduleText } from "../../runner/core/report-text.ts";

export const SHARE_PREFIX = "#share:";
const SHARE_VERSION = "1";
/** MAX_SHARE_BYTES bounds what a link may inflate to: an exercise's file is a few KB. */
export const MAX_SHARE_BYTES = 256 * 1024;

/**
 * tokenFields are gosync's schedule token less its choice list (gosync/sim/schema's
 * scheduleTokenSchema, here in zod/mini to keep the page's chunk small): what the Verdict says of
 * a schedule, and what sim.run needs besides the list.
 */
const tokenFields = {
  strategy: z.enum(["random", "pct", "exhaustive", "preemption-bounded", "delay-bounded", "manual"]),
  seed: z.number(),
  depth: z.optional(z.int().check(z.minimum(1))),
  expectedSteps: z.optional(z.int().check(z.minimum(1))),
  bound: z.optional(z.int().check(z.minimum(0))),
  maxSteps: z.optional(z.int().check(z.minimum(1))),
  mainExits: z.optional(z.literal(true)),
};
const count = z.int().check(z.minimum(0));
/** shownSchema is the Verdict's schedule of the failing test (verdict.ts scheduleSchema). */
const shownSchema = z.strictObject({
  ...tokenFields,
  runs: count,
  shrunk: z.optional(z.strictObject({ fromSteps: count, toSteps: count, fromPreemptions: count, preemptions: count, tries: count })),
  found: z.optional(z.strictObject(tokenFields)),
});

const sharedSchema = z.object({
  code: z.string(),
  schedule: z.optional(
    z.object({
      test: z.string(),
      strategy: z.string(),
      seed: z.number(),
      /** absent in links written before failures were shrunk, and when the Verdict cut the choice list */
      replay: z.optional(z.strictObject({ shown: shownSchema, choices: z.optional(z.array(z.int())) })),
    }),
  ),
});

/** Shared is what a link carries: the code and, when it failed, the schedule that showed it. */
export type Shared = z.infer<typeof sharedSchema>;

/** shareFragment returns the fragment (with its '#') carrying `shared` for exercise `id`. */
export function shareFragment(id: string, shared: Shared): string {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(shared)), { level: 9 });
  return `${SHARE_PREFIX}${id}:${SHARE_VERSION}:${toBase64Url(bytes)}`;
}

/**
 * sharedSchedule is what a link carries of failing test `t`'s schedule: its name, strategy and
 * seed and, when the Verdict kept it whole, what replays it as shown.
 */
export function sharedSchedule(t: TestResult): Shared["schedule"] {
  const shown = t.schedule;
  if (shown === undefined) return undefined;
  const listed = shown.strategy === "exhaustive" || shown.strategy === "manual" || shown.bound !== undefined;
  const choices = t.report?.schedule;
  const whole = !listed || (choices !== undefined && t.report?.scheduleDropped === undefined);
  return { test: t.name, strategy: shown.strategy, seed: shown.seed, ...(whole ? { replay: { shown, ...(listed ? { choices } : {}) } } : {}) };
}

/** replayLimit is the judge's Limits.replay for a shared schedule: the test judged on it, not explored. */
export function replayLimit(schedule: Shared["schedule"]): RunLimits["replay"] {
  const replay = schedule?.replay;
  if (replay === undefined) return undefined;
  const { runs: _, shrunk: __, found: ___, ...token } = replay.shown;
  return { test: schedule!.test, token: { ...token, ...(replay.choices ? { schedule: replay.choices } : {}) }, schedule: replay.shown };
}

/** sharedScheduleText says which schedule a link's Run failed on, as the results panel says it. */
export function sharedScheduleText(schedule: NonNullable<Shared["schedule"]>, lang: "zh" | "en"): string {
  if (schedule.replay) return scheduleText(schedule.replay.shown, lang);
  return lang === "zh" ? `${schedule.strategy}、种子 ${schedule.seed}` : `${schedule.strategy}, seed ${schedule.seed}`;
}

/** sharedExerciseId returns the exercise a fragment shares, or null when it is no share link. */
export function sharedExerciseId(fragment: string): string | null {
  return fragment.startsWith(SHARE_PREFIX) ? (fragment.slice(SHARE_PREFIX.length).split(":")[0] ?? null) : null;
}

export type ShareProblem = "version" | "corrupt" | "truncated" | "too-large" | "invalid";
export type DecodedShare = { ok: true; shared: Shared } | { ok: false; problem: ShareProblem; detail: string };

/** decodeShare reads a share fragment (as sharedExerciseId accepted it) back; it never throws. */
export function decodeShare(fragment: string): DecodedShare {
  let text: string;
  try {
    text = decodeURIComponent(fragment.slice(SHARE_PREFIX.length)).replace(/\s+/g, "");
  } catch {
    return { ok: false, problem: "corrupt", detail: "a malformed %-escape" };
  }
  const [, version, body = "", ...rest] = text.split(":");
  if (version !== SHARE_VERSION || rest.length > 0) return { ok: false, problem: "version", detail: `format ${JSON.stringify(version ?? "")}, expected ${SHARE_VERSION}` };
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad) return { ok: false, problem: "corrupt", detail: `character ${JSON.stringify(bad[0])} at position ${bad.index} of the data is not base64url` };
  if (body.length === 0 || body.length % 4 === 1) return { ok: false, problem: "truncated", detail: `${body.length} characters of data cannot be whole` };
  const inflated = inflateBounded(fromBase64Url(body), MAX_SHARE_BYTES, "the shared solution");
  if (!inflated.ok) return inflated;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes));
  } catch (e) {
    return { ok: false, problem: "truncated", detail: (e as Error).message };
  }
  const parsed = sharedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: "invalid", detail: `field ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { ok: true, shared: parsed.data };
}
