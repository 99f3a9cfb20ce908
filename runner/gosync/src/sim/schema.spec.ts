import { describe, expect, test } from "vitest";
import { go, chan, shared } from "../index.ts";
import { Mutex, WaitGroup } from "../sync.ts";
import { run } from "./explore.ts";
import { reportSchema } from "./schema.ts";

/** parsed checks a report against the schema and says which fields broke it. */
function parsed(r: unknown): string {
  const p = reportSchema.safeParse(JSON.parse(JSON.stringify(r)));
  return p.success ? "ok" : p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

describe("reportSchema", () => {
  test("describes the report of a deadlock replayed with stacks and the trace", async () => {
    const r = await run(async () => {
      const a = new Mutex();
      const b = new Mutex();
      await a.lock();
      go(async () => {
        await b.lock();
        await a.lock();
      });
      await b.lock();
    }, { stacks: true, trace: true });
    expect(r.outcome).toBe("deadlock");
    expect(parsed(r)).toBe("ok");
  });

  test("describes the report of a race and of a leak", async () => {
    const raced = await run(async () => {
      const s = shared({ n: 0 });
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) wg.go(async () => void (s.n += 1));
      await wg.wait();
    }, { stacks: true, trace: true });
    expect(raced.races.length).toBeGreaterThan(0);
    expect(parsed(raced)).toBe("ok");
    const leaked = await run(async () => {
      const c = chan<number>();
      go(async () => void (await c.recv()));
    }, { stacks: true });
    expect(leaked.leaks.length).toBe(1);
    expect(parsed(leaked)).toBe("ok");
  });

  test("refuses a report with a field it does not declare, naming the field", () => {
    expect(parsed({ outcome: "ok", leaks: [], races: [], elapsedMs: 0, steps: 1, seed: 1, strategy: "random", schedule: [], extra: 1 })).toMatch(/Unrecognized key.*extra/);
  });
});
