import { describe, expect, test } from "vitest";
import { shared } from "./shared.ts";
import { go } from "./go.ts";
import { WaitGroup } from "./waitgroup.ts";
import { RWMutex } from "./rwmutex.ts";
import * as sim from "./sim/index.ts";
import { onSim, simRuns } from "../test/support.ts";

describe("shared", () => {
  test("outside a simulation it returns the object itself", () => {
    const o = { a: 1 };
    expect(shared(o)).toBe(o);
  });

  test("inside a simulation reads and writes keep working through the proxy, nested objects too", async () => {
    await onSim(async () => {
      const s = shared({ list: [1, 2], inner: { x: 1 } });
      s.list.push(3);
      s.inner.x++;
      expect(s.list).toEqual([1, 2, 3]);
      expect(s.inner.x).toBe(2);
    });
  });

  test("concurrent writes to a nested array element are a race naming the path", async () => {
    await simRuns(
      async () => {
        const s = shared({ grid: [[0, 0]] }, "board");
        const wg = new WaitGroup();
        wg.go(() => void (s.grid[0][1] = 1));
        wg.go(() => void (s.grid[0][1] = 2));
        await wg.wait();
      },
      (r) => {
        expect(r.races.length).toBeGreaterThan(0);
        expect(r.races[0].addr).toBe("board.grid.0.1");
        expect(r.races[0].text).toContain("Write at board.grid.0.1 by goroutine");
      },
    );
  });

  test("reads under RLock concurrent with each other are not a race; a write under Lock is ordered", async () => {
    await onSim(async () => {
      const s = shared({ v: 0 });
      const rw = new RWMutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          using _ = await rw.rLock();
          void s.v;
        });
      }
      wg.go(async () => {
        using _ = await rw.lock();
        s.v++;
      });
      await wg.wait();
    });
  });

  test("a write before go and a read in the goroutine are ordered by the go statement", async () => {
    const r = await sim.run(async () => {
      const s = shared({ v: 0 });
      s.v = 1;
      const wg = new WaitGroup();
      wg.add(1);
      go(() => {
        expect(s.v).toBe(1);
        wg.done();
      });
      await wg.wait();
      s.v = 2; // ordered after the goroutine's read by done → wait
    });
    expect(r.races).toEqual([]);
  });
  test("a setter runs with the proxy as this, so the writes it makes are tracked too", async () => {
    await simRuns(
      async () => {
        const s = shared(
          {
            raw: 0,
            set v(x: number) {
              this.raw = x;
            },
          },
          "box",
        );
        const wg = new WaitGroup();
        wg.go(() => void (s.v = 1));
        wg.go(() => void (s.v = 2));
        await wg.wait();
      },
      (r) => expect(r.races.map((x) => x.addr)).toContain("box.raw"),
    );
  });

  test("assigning a read-only property throws as it does on the object, and the value stays", async () => {
    await onSim(async () => {
      const s = shared(Object.freeze({ x: 1 }) as { x: number });
      expect(() => {
        s.x = 2;
      }).toThrow(TypeError);
      expect(s.x).toBe(1);
    });
  });

  test("new properties, array growth and updates of existing ones all land on the object", async () => {
    await onSim(async () => {
      const raw: { list: number[]; n?: number } = { list: [] };
      const s = shared(raw);
      s.n = 1;
      s.n++;
      s.list.push(1, 2);
      s.list[0] = 5;
      s.list.length = 1;
      expect(raw).toEqual({ list: [5], n: 2 });
    });
  });
});
