import { describe, expect, it } from "vitest";
import * as sim from "gosync/sim";
import { go, shared, Chan } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";
import { buildTimeline, type Timeline } from "./model.ts";

const opts = { seed: 1, strategy: "random", trace: true, stacks: true, detectRaces: true, detectLeaks: true } as const;

/** stateAt is lane g's state at `step` in `tl`, with its wait reason. */
function stateAt(tl: Timeline, g: number, step: number): string {
  const seg = tl.lanes.find((l) => l.g === g)?.segments.find((s) => s.from <= step && step < s.to);
  return seg ? (seg.reason ? `${seg.state}:${seg.reason}` : seg.state) : "absent";
}

describe("buildTimeline", () => {
  it("draws a lane per goroutine, each blocked on Go's wait reason until it is woken, and finished after it ends", async () => {
    const report = await sim.run(async () => {
      const c = new Chan<number>();
      go(async () => void (await c.recv()));
      await c.send(1);
    }, opts);
    const tl = buildTimeline(report);
    expect(tl.lanes.map((l) => l.g)).toEqual([1, 2]);
    const block = tl.events.find((e) => e.kind === "block" && e.g === 2)!;
    expect(stateAt(tl, 2, block.step), `events: ${JSON.stringify(report.trace)}`).toBe("running");
    expect(stateAt(tl, 2, block.step + 1)).toBe("blocked:chan receive");
    const end = tl.events.find((e) => e.kind === "end" && e.g === 1)!;
    expect(stateAt(tl, 1, end.step + 1)).toBe(end.step + 1 < tl.end ? "finished" : "absent");
  });

  it("joins an unlock to the next lock by another goroutine, a send to its receive, a done to the wait it releases, and a go to the child's first step", async () => {
    const report = await sim.run(async () => {
      const mu = new Mutex();
      const wg = new WaitGroup();
      const c = new Chan<number>();
      wg.add(2);
      go(async () => {
        await mu.lock();
        mu.unlock();
        await c.send(1);
        wg.done();
      });
      go(async () => {
        await mu.lock();
        mu.unlock();
        await c.recv();
        wg.done();
      });
      await wg.wait();
    }, opts);
    const tl = buildTimeline(report);
    const kinds = (k: string) => tl.edges.filter((e) => e.kind === k).map((e) => `${tl.events[e.from]!.kind}@g${tl.events[e.from]!.g} → ${tl.events[e.to]!.kind}@g${tl.events[e.to]!.g}`);
    const seen = JSON.stringify(report.trace);
    expect(kinds("lock"), seen).toHaveLength(1);
    expect(kinds("lock")[0], seen).toMatch(/^unlock@g(2|3) → (lock|unblock)@g(2|3)$/);
    expect(kinds("chan"), seen).toHaveLength(1);
    expect(kinds("chan")[0], seen).toMatch(/^send@g2 → recv@g3$/);
    expect(kinds("waitgroup"), seen).toHaveLength(1);
    expect(kinds("waitgroup")[0], seen).toMatch(/^done@g(2|3) → (unblock|wait)@g1$/);
    expect(kinds("go").sort(), seen).toEqual(["go@g1 → lock@g2", "go@g1 → lock@g3"]);
    for (const e of tl.edges) expect(tl.events[e.from]!.step, seen).toBeLessThanOrEqual(tl.events[e.to]!.step);
  });

  it("joins a send to the receive of the receiver it woke, at the step that receiver completes it, and a close to a receive it woke", async () => {
    const { sleep } = await import("gosync/time");
    for (const cap of [0, 1]) {
      const report = await sim.run(async () => {
        const c = new Chan<number>(cap);
        const done = new Chan<void>();
        go(async () => {
          await c.recv();
          await c.recv();
          done.close();
        });
        await sleep(10);
        await c.send(1);
        await sleep(10);
        c.close();
        await done.recv();
      }, opts);
      const tl = buildTimeline(report);
      const seen = `cap ${cap}: ${JSON.stringify(report.trace)}`;
      const at = (i: number) => `${tl.events[i]!.kind}${tl.events[i]!.detail ? `(${tl.events[i]!.detail})` : ""}@g${tl.events[i]!.g}`;
      const chan = tl.edges.filter((e) => e.kind === "chan" || e.kind === "close");
      expect(chan.map((e) => `${e.kind}: ${at(e.from)} → ${at(e.to)}`), seen).toEqual(["chan: send@g1 → recv@g2", "close: close@g1 → recv(closed)@g2", "close: close@g2 → recv(closed)@g1"]);
      const [send, recv] = [tl.events[chan[0]!.from]!, tl.events[chan[0]!.to]!];
      const unblock = tl.events.find((e) => e.kind === "unblock" && e.g === 2 && e.detail === "chan receive")!;
      expect(unblock.step, `${seen}: the receiver is woken in the sender's step`).toBe(send.step);
      expect(recv.step, `${seen}: and receives when it next runs`).toBeGreaterThan(send.step);
    }
  });

  it("joins a send that blocked to the receive that took its value, at that receiver's step, and does not draw the parked sender as running there", async () => {
    const { sleep } = await import("gosync/time");
    const { select, send, recv } = await import("gosync");
    const ways = {
      "unbuffered send, plain receive": { cap: 0, sending: (c: Chan<number>) => c.send(1), taking: (c: Chan<number>) => c.recv() },
      "full buffer's send, plain receive": { cap: 1, sending: (c: Chan<number>) => c.send(1), taking: (c: Chan<number>) => c.recv() },
      "select's send case, select's receive case": {
        cap: 0,
        sending: (c: Chan<number>) => select([send(c, 1), recv(null)]),
        taking: (c: Chan<number>) => select([recv(c), recv(null)]),
      },
    };
    for (const [way, { cap, sending, taking }] of Object.entries(ways)) {
      const report = await sim.run(async () => {
        const c = new Chan<number>(cap);
        const done = new Chan<void>();
        go(async () => {
          for (let i = 0; i < cap; i++) await c.send(0);
          await sending(c);
          done.close();
        });
        await sleep(10);
        for (let i = 0; i <= cap; i++) await taking(c);
        await done.recv();
      }, opts);
      const tl = buildTimeline(report);
      const seen = `${way}: ${JSON.stringify(report.trace)}`;
      const at = (i: number) => `${tl.events[i]!.kind}@g${tl.events[i]!.g}${tl.events[i]!.by ? ` by g${tl.events[i]!.by}` : ""}`;
      const chan = tl.edges.filter((e) => e.kind === "chan");
      // the blocked send is the last of goroutine 2's; main's last receive took its value
      expect(chan.map((e) => `${at(e.from)} → ${at(e.to)}`).at(-1), seen).toBe("send@g2 by g1 → recv@g1");
      expect(chan, `${seen}: one arrow per value`).toHaveLength(cap + 1);
      const [from, to] = [tl.events[chan.at(-1)!.from]!, tl.events[chan.at(-1)!.to]!];
      expect(from.index, `${seen}: the send comes before the receive`).toBeLessThan(to.index);
      const handOver = cap === 0 ? from.step : tl.events.find((e) => e.kind === "recv" && e.g === 1)!.step;
      expect(from.step, `${seen}: done when main's receive (the first, for a full buffer) took or made room for it`).toBe(handOver);
      expect(stateAt(tl, 2, from.step), `${seen}: goroutine 2 is parked, not running, while main takes its value`).toBe(`blocked:${cap === 0 && way.startsWith("select") ? "select" : "chan send"}`);
      expect(stateAt(tl, 1, from.step)).toBe("running");
    }
  });

  it("pairs a buffered channel's sends and receives first in, first out, so a goroutine that receives its own send leaves the next send to the next receiver", async () => {
    const report = await sim.run(async () => {
      const c = new Chan<number>(1);
      await c.send(0);
      await c.recv();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await c.recv();
        wg.done();
      });
      await c.send(1);
      await wg.wait();
    }, opts);
    const tl = buildTimeline(report);
    const chan = tl.edges.filter((e) => e.kind === "chan").map((e) => [tl.events[e.from]!, tl.events[e.to]!]);
    expect(chan.map(([from, to]) => `${from.kind}@g${from.g} → ${to.kind}@g${to.g}`), JSON.stringify(report.trace)).toEqual(["send@g1 → recv@g2"]);
    const sends = tl.events.filter((e) => e.kind === "send");
    expect(chan[0]![0].index, "the second send, not main's first, which main took itself").toBe(sends[1]!.index);
  });

  /** twoWriters races: two goroutines write s.n with nothing ordering them */
  const twoWriters = async () => {
    const s = shared({ n: 0 });
    const wg = new WaitGroup();
    wg.add(2);
    go(async () => { s.n = 1; wg.done(); });
    go(async () => { s.n = 2; wg.done(); });
    await wg.wait();
  };

  it("puts the two accesses of a data race on their goroutines' lanes", async () => {
    const report = await sim.run(twoWriters, opts);
    expect(report.races.length, "the program races").toBeGreaterThan(0);
    const tl = buildTimeline(report);
    const race = report.races[0]!;
    const current = tl.lanes.find((l) => l.g === race.current.g)!.raceAccesses.find((a) => a.race === 0 && a.role === "current");
    const previous = tl.lanes.find((l) => l.g === race.previous.g)!.raceAccesses.find((a) => a.race === 0 && a.role === "previous");
    expect(current?.at).toBe(race.current.at);
    expect(previous?.at).toBe(race.previous.at);
    expect(current!.step).toBeLessThan(tl.end);
  });

  it("draws a race's accesses at the steps gosync's report gives them", async () => {
    const report = await sim.run(twoWriters, opts);
    const race = report.races[0]!;
    expect(race.current.step, "a report replayed with stacks says when each access was made").toBeTypeOf("number");
    const tl = buildTimeline(report);
    for (const role of ["current", "previous"] as const) {
      const mark = tl.lanes.find((l) => l.g === race[role].g)!.raceAccesses.find((a) => a.race === 0 && a.role === role);
      expect(mark?.step, role).toBe(race[role].step);
    }
  });

  it("marks the goroutines stuck at a deadlock, and a goroutine still blocked after main returned as a leak", async () => {
    const dead = await sim.run(async () => {
      const a = new Mutex();
      const b = new Mutex();
      const c = new Chan<void>();
      go(async () => { await b.lock(); await c.recv(); await a.lock(); });
      await a.lock();
      await c.send();
      await b.lock();
    }, opts);
    expect(dead.outcome).toBe("deadlock");
    const tl = buildTimeline(dead);
    expect(tl.lanes.map((l) => [l.g, l.stuck])).toEqual([[1, "sync.Mutex.Lock"], [2, "sync.Mutex.Lock"]]);
    // The wait-for cycle: each waits for the lock the other holds.
    expect(tl.waitsFor.map((w) => [w.g, w.holder]), JSON.stringify(dead.trace)).toEqual([[1, 2], [2, 1]]);

    const leaky = await sim.run(async () => {
      const c = new Chan<number>();
      go(async () => void (await c.recv()));
    }, opts);
    const leaks = buildTimeline(leaky).lanes.filter((l) => l.leaked).map((l) => [l.g, l.leaked]);
    expect(leaks).toEqual([[2, "chan receive"]]);
  });

  it("steps through the distinct steps of the trace in order and records where the clock jumped", async () => {
    const { sleep } = await import("gosync/time");
    const report = await sim.run(async () => {
      go(async () => void (await sleep(5)));
      await sleep(10);
    }, opts);
    const tl = buildTimeline(report);
    expect(tl.steps).toEqual([...new Set(report.trace!.map((e) => e.step))].sort((a, b) => a - b));
    expect(tl.clock.map(([, t]) => t)).toEqual([5, 10]);
  });
});
