import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { chan } from "../chan.ts";
import { shared } from "../shared.ts";
import { WaitGroup } from "../waitgroup.ts";
import { gosched } from "../goruntime.ts";
import { Mutex } from "../mutex.ts";
import { recv, select } from "../select.ts";
import { run, tokenOf } from "./explore.ts";
import { reportSchema, type DecisionPoint } from "./schema.ts";

/**
 * lostUpdate: two goroutines each read a counter under a Mutex, let go, and write it back under
 * the Mutex: no data race, but an update is lost if the two reads come before the writes, and
 * main panics.
 */
async function lostUpdate(): Promise<void> {
  const mu = new Mutex();
  let n = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.add(1);
    go(async () => {
      await mu.lock();
      const v = n;
      mu.unlock();
      await mu.lock();
      n = v + 1;
      mu.unlock();
      wg.done();
    });
  }
  await wg.wait();
  if (n !== 2) throw new Error(`lost update: n = ${n}, want 2`);
}

/** racy: two goroutines write shared state with no synchronisation: a data race on every schedule. */
async function racy(): Promise<void> {
  const s = shared({ n: 0 });
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.add(1);
    go(async () => {
      await gosched();
      s.n++;
      wg.done();
    });
  }
  await wg.wait();
}

describe("the manual strategy", () => {
  test("without choices a run pauses at the first decision point, naming who can run and what each would do next", async () => {
    const r = await run(lostUpdate, { strategy: "manual", stacks: true, trace: true });
    expect(r.outcome).toBe("paused");
    const d = r.decision!;
    expect(d).toMatchObject({ index: 0, kind: "goroutine" });
    expect(d.options.map((o) => o.id).sort()).toEqual([1, 2, 3]);
    expect(d.options.find((o) => o.id === 2)).toMatchObject({ op: "start" });
    expect(d.options.find((o) => o.id === 1)?.op, "main is about to wait").toBe("WaitGroup.wait");
    expect(d.options.find((o) => o.id === 1)?.at, "where main stands, in this file").toMatch(/manual\.spec\.ts:\d+:\d+/);
    expect(r.goroutines?.map((g) => g.id)).toEqual([1, 2, 3]);
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(r))).error, "a paused report is in gosync's report schema").toBeUndefined();
  });

  test("a callback asked at each decision point steers the run, and the run's schedule is its choice list, which replays it", async () => {
    const asked: DecisionPoint[] = [];
    // run the goroutines one after the other, never preempting: no race
    const calm = await run(lostUpdate, {
      strategy: "manual",
      decide: (p) => {
        asked.push(p);
        const last = p.options.find((o) => o.id === p.g);
        return last ? last.id : Math.max(...p.options.map((o) => o.id));
      },
    });
    expect(calm.outcome, calm.message).toBe("ok");
    expect(asked.length).toBe(calm.schedule.length);
    expect(asked.map((p) => p.index)).toEqual(asked.map((_, i) => i));
    const again = await run(lostUpdate, { strategy: "manual", schedule: calm.schedule });
    expect(again.schedule).toEqual(calm.schedule);
    expect(again.outcome).toBe("ok");
  });

  test("a choice list that lets both goroutines read before either writes loses the update", async () => {
    const found = await run(lostUpdate, { strategy: "random", seed: 1 });
    let lost: number[] | null = null;
    for (let seed = 1; seed < 200 && lost === null; seed++) {
      const r = await run(lostUpdate, { strategy: "random", seed });
      if (r.outcome === "panic") lost = r.schedule;
    }
    expect(found.outcome).toMatch(/ok|panic/);
    expect(lost, "some random schedule loses the update").not.toBeNull();
    const r = await run(lostUpdate, { strategy: "manual", schedule: lost! });
    expect(r.outcome).toBe("panic");
    expect(r.message).toMatch(/lost update: n = 1, want 2/);
  });

  test("a data race shows in the report of a manual run as in any other", async () => {
    const r = await run(racy, { strategy: "manual", afterChoices: "run-on" });
    expect(r.races[0]?.addr).toMatch(/\.n$/);
  });

  test("a choice that names no runnable goroutine is refused, saying which could run", async () => {
    const r = await run(lostUpdate, { strategy: "manual", schedule: [7] });
    expect(r.message).toMatch(/manual choice 0 is goroutine 7, but the runnable goroutines are [123], [123], [123]; want one of them/);
  });

  test("a select with two ready cases is a decision point of kind select", async () => {
    const r = await run(
      async () => {
        const a = chan<number>(1);
        const b = chan<number>(1);
        await a.send(1);
        await b.send(2);
        await select([recv(a, () => {}), recv(b, () => {})]);
      },
      { strategy: "manual" },
    );
    expect(r.outcome).toBe("paused");
    expect(r.decision).toMatchObject({ kind: "select", cases: 2, g: 1 });
  });
});

describe("tokenOf", () => {
  test("a manual failure's token carries its choice list", () => {
    const t = tokenOf({ seed: 3, strategy: "manual", schedule: [2, 3], maxSteps: 100_000, detectRaces: true, detectLeaks: true, run: 0, report: {} as never });
    expect(t).toEqual({ strategy: "manual", seed: 3, schedule: [2, 3] });
  });
});
