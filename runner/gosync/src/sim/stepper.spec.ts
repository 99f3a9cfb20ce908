import { describe, expect, test } from "vitest";
import { go } from "../go.ts";
import { Mutex } from "../mutex.ts";
import { WaitGroup } from "../waitgroup.ts";
import { run } from "./explore.ts";
import { stepper } from "./stepper.ts";

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

describe("Stepper", () => {
  test("steps the lost update by hand, undoes a step back to the same state, and its token replays the schedule", async () => {
    const s = stepper(lostUpdate);
    const start = await s.start();
    expect(start.ended).toBe(false);
    let st = await s.choose(2);
    expect(st.choices).toEqual([2]);
    const before = JSON.stringify(st.report.decision);
    await s.choose(3);
    st = await s.undo();
    expect(JSON.stringify(st.report.decision), "undo re-runs the prefix: the same decision point").toBe(before);
    // be the scheduler: whoever did not run last goes next, so the two reads come before the writes
    for (let n = 0; !st.ended && n < 100; n++) {
      const d = st.decision!;
      const other = d.options.find((o) => o.id !== d.g && o.id > 1) ?? d.options.find((o) => o.id !== d.g) ?? d.options[0];
      st = await s.choose(d.kind === "select" ? 0 : other.id);
    }
    expect(st.ended).toBe(true);
    expect(st.report.outcome, "the lost update, by hand").toBe("panic");
    expect(st.report.message).toMatch(/lost update/);
    expect(st.report.trace?.length).toBeGreaterThan(0);
    const again = await run(lostUpdate, s.token());
    expect(again.outcome).toBe("panic");
    expect(again.schedule).toEqual(st.report.schedule);
    await expect(s.choose(1)).rejects.toThrow(/the program has ended/);
  });

  test("refuses a choice the decision point does not offer, and keeps its state", async () => {
    const s = stepper(lostUpdate);
    await s.start();
    await expect(s.choose(9)).rejects.toThrow(/want one of the runnable goroutines/);
    expect(s.choices).toEqual([]);
  });

  test("runOn finishes without preempting anyone: the lost update does not happen", async () => {
    const st = await stepper(lostUpdate).runOn();
    expect(st.ended).toBe(true);
    expect(st.report.outcome, st.report.message).toBe("ok");
  });
});

