import { describe, expect, test } from "vitest";
import { gosyncModules } from "./gosync-modules.ts";
import { createExpect } from "./expect.ts";
import { judgeTest, type Sim } from "./harness.ts";
import { programs, warmUp } from "./warmup.ts";
import { shared } from "gosync";
import { WaitGroup } from "gosync/sync";
import { gosched } from "gosync/runtime";

const sim = gosyncModules["gosync/sim"] as unknown as Sim;
const realmExpect = createExpect() as unknown as Parameters<typeof warmUp>[1];

/** lostUpdate races on a shared counter: some schedules lose an increment. */
async function lostUpdate(): Promise<void> {
  const s = shared({ n: 0 });
  const wg = new WaitGroup();
  for (let g = 0; g < 3; g++) wg.go(async () => {
    const n = s.n;
    await gosched();
    s.n = n + 1;
  });
  await wg.wait();
}

describe("warm-up programs", () => {
  test("exercise the passing path, a race found and replayed, and a deadlock", async () => {
    const statuses: string[] = [];
    for (const body of programs(gosyncModules, realmExpect)) {
      statuses.push((await judgeTest(body, { runs: 8, strategy: "random", seed: 1 }, sim)).status);
    }
    expect(statuses).toEqual(["pass", "pass", "pass", "pass", "race", "deadlock"]);
  });
});

describe("warmUp", () => {
  test("stops before the next program once the host asks it to", async () => {
    let calls = 0;
    const judged = await warmUp(gosyncModules, realmExpect, { budgetMs: 10_000, shouldStop: () => ++calls > 3 });
    expect(judged).toBe(3);
  });

  test("leaves a later judgement exactly as it would have been, and the assertion count at zero", async () => {
    const before = await judgeTest(lostUpdate, { runs: 50, strategy: "random", seed: 1 }, sim);
    const judged = await warmUp(gosyncModules, realmExpect, { budgetMs: 50 });
    const after = await judgeTest(lostUpdate, { runs: 50, strategy: "random", seed: 1 }, sim);
    expect(judged).toBeGreaterThan(0);
    expect(before.status).toBe("race");
    expect(after.schedule).toEqual(before.schedule);
    expect(after.report).toEqual(before.report);
    expect((createExpect() as unknown as { getState(): { assertionCalls: number } }).getState().assertionCalls).toBe(0);
  });
});
