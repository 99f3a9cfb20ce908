import { describe, expect, test } from "vitest";
import { deflateSync, strToU8 } from "fflate";
import type { TestResult } from "../../runner/browser/protocol.ts";
import { toBase64Url } from "../../runner/instructor/assignment-link.ts";
import { decodeShare, replayLimit, shareFragment, sharedSchedule, sharedScheduleText } from "./share.ts";

/** shrunkFailure is a failing test as the judge shows a shrunk failure: a manual token, its choice list in the report. */
const shrunkFailure: TestResult = {
  name: "SafeCounter > counts",
  status: "race",
  schedule: { strategy: "manual", seed: 1, runs: 3, shrunk: { fromSteps: 28, toSteps: 12, fromPreemptions: 10, preemptions: 1, tries: 23 }, found: { strategy: "random", seed: 3 } },
  report: { outcome: "ok", leaks: [], races: [], elapsedMs: 0, steps: 12, seed: 1, strategy: "replay", schedule: [1, 2, 1, 3, 1] },
};

describe("sharedSchedule", () => {
  test("a shrunk failure's link carries the Verdict's account and its choice list, which replayLimit turns into the judge's replay", () => {
    const schedule = sharedSchedule(shrunkFailure)!;
    const decoded = decodeShare(shareFragment("safe-counter", { code: "x", schedule }));
    expect(decoded).toEqual({ ok: true, shared: { code: "x", schedule } });
    expect(replayLimit(schedule)).toEqual({
      test: "SafeCounter > counts",
      token: { strategy: "manual", seed: 1, schedule: [1, 2, 1, 3, 1] },
      schedule: shrunkFailure.schedule,
    });
  });

  test("a random schedule needs no list: its token is its seed", () => {
    const t: TestResult = { ...shrunkFailure, schedule: { strategy: "random", seed: 4, runs: 4 }, report: { ...shrunkFailure.report!, schedule: [] } };
    expect(replayLimit(sharedSchedule(t))).toEqual({ test: t.name, token: { strategy: "random", seed: 4 }, schedule: t.schedule });
  });

  test("a choice list the Verdict cut short is not carried: the reader's Run explores again", () => {
    const t: TestResult = { ...shrunkFailure, report: { ...shrunkFailure.report!, scheduleDropped: 40 } };
    const schedule = sharedSchedule(t)!;
    expect(schedule.replay).toBeUndefined();
    expect(replayLimit(schedule)).toBeUndefined();
    expect(sharedScheduleText(schedule, "en")).toBe("manual, seed 1");
  });

  test("the banner says the schedule as the results panel does, in the page's language", () => {
    const schedule = sharedSchedule(shrunkFailure)!;
    expect(sharedScheduleText(schedule, "en")).toBe("found on run 3 (strategy random, seed 3), shrunk to 1 preemption (from 10) and 12 steps (from 28)");
    expect(sharedScheduleText(schedule, "zh")).toMatch(/^第 3 次运行发现（策略 random，种子 3），缩减为 1 次抢占（原为 10 次）、12 步（原为 28 步）/);
  });
});

describe("decodeShare", () => {
  const link = (json: unknown) => `#share:safe-counter:1:${toBase64Url(deflateSync(strToU8(JSON.stringify(json))))}`;

  test("a link written before failures were shrunk (test, strategy, seed) still opens", () => {
    const shared = { code: "x", schedule: { test: "t", strategy: "random", seed: 2 } };
    expect(decodeShare(link(shared))).toEqual({ ok: true, shared });
  });

  test("a replay with a strategy gosync does not know is refused, naming the field", () => {
    const bad = { code: "x", schedule: { test: "t", strategy: "manual", seed: 1, replay: { shown: { strategy: "bogus", seed: 1, runs: 1 }, choices: [1] } } };
    const decoded = decodeShare(link(bad));
    expect(decoded).toMatchObject({ ok: false, problem: "invalid" });
    expect(!decoded.ok && decoded.detail).toMatch(/^field schedule\.replay\.shown\.strategy/);
  });
});
