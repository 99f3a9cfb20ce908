// The blocking profile, as Go's block profile counts it (runtime/pprof "block"): each time a
// goroutine blocks on a synchronisation object it adds one event and the time until it was woken,
// at the call site where it blocked; sleeping is not counted. Each case: one goroutine keeps the
// object busy for 100 virtual ms while three others wait at one call site, so the profile shows
// 300 ms and 3 events there, and that call site first.
import { describe, expect, test } from "vitest";
import { go, chan, select, recv } from "../src/index.ts";
import { Mutex, WaitGroup } from "../src/sync.ts";
import * as time from "../src/time.ts";
import type { Report } from "../src/sim/index.ts";
import { onSim } from "../test/support.ts";

/** site is what the profile names as a call site in this file (the line varies; the file does not). */
const site = /profile\.spec\.ts:\d+:\d+$/;

/** top checks a run's profile: its first entry is the three waits of `reason`, 300 ms in all, at one call site of this file. */
function top(r: Report, reason: string): void {
  const what = `seed ${r.seed}, profile ${JSON.stringify(r.profile)}`;
  expect(r.profile, what).toBeDefined();
  const first = r.profile![0]!;
  expect(first, what).toMatchObject({ reason, count: 3, delayMs: 300 });
  expect(first.at, what).toMatch(site);
  if (reason === "select") expect(first.obj, `${what}: a select waits on several objects`).toBe(0);
  else expect(first.obj, what).toBeGreaterThan(0);
}

describe("the blocking profile", () => {
  test("one goroutine holds a Mutex for 100 ms while three wait: 300 ms blocked at the lock's call site", async () => {
    const reports = await onSim(async () => {
      const mu = new Mutex();
      await mu.lock();
      const wg = new WaitGroup();
      const waiter = async () => {
        await mu.lock(); // the call site the profile names
        mu.unlock();
      };
      for (let i = 0; i < 3; i++) wg.go(waiter);
      await time.sleep(100);
      mu.unlock();
      await wg.wait();
    }, { profile: true, seeds: 5 });
    for (const r of reports) top(r, "sync.Mutex.Lock");
  });

  test("three receivers wait 100 ms for a sender: 300 ms at the receive", async () => {
    const reports = await onSim(async () => {
      const c = chan<number>();
      const wg = new WaitGroup();
      const receiver = async () => void (await c.recv());
      for (let i = 0; i < 3; i++) wg.go(receiver);
      await time.sleep(100);
      for (let i = 0; i < 3; i++) await c.send(i);
      await wg.wait();
    }, { profile: true, seeds: 5 });
    for (const r of reports) top(r, "chan receive");
  });

  test("three senders wait 100 ms for a receiver: 300 ms at the send", async () => {
    const reports = await onSim(async () => {
      const c = chan<number>();
      const wg = new WaitGroup();
      const sender = async () => await c.send(1);
      for (let i = 0; i < 3; i++) wg.go(sender);
      await time.sleep(100);
      for (let i = 0; i < 3; i++) await c.recv();
      await wg.wait();
    }, { profile: true, seeds: 5 });
    for (const r of reports) top(r, "chan send");
  });

  test("three goroutines wait 100 ms on a WaitGroup: 300 ms at the wait", async () => {
    const reports = await onSim(async () => {
      const work = new WaitGroup();
      work.add(1);
      const waiters = new WaitGroup();
      const waiter = async () => await work.wait();
      for (let i = 0; i < 3; i++) waiters.go(waiter);
      await time.sleep(100);
      work.done();
      await waiters.wait();
    }, { profile: true, seeds: 5 });
    for (const r of reports) top(r, "sync.WaitGroup.Wait");
  });

  test("three goroutines wait 100 ms in a select: 300 ms at the select", async () => {
    const reports = await onSim(async () => {
      const c = chan<number>();
      const never = chan<number>();
      const wg = new WaitGroup();
      const selector = async () => await select([recv(c, () => {}), recv(never, () => {})]);
      for (let i = 0; i < 3; i++) wg.go(selector);
      await time.sleep(100);
      c.close();
      await wg.wait();
    }, { profile: true, seeds: 5 });
    for (const r of reports) top(r, "select");
  });

  test("sleeping is not blocking: a program that only sleeps has an empty profile", async () => {
    const reports = await onSim(async () => {
      go(async () => await time.sleep(50));
      await time.sleep(100);
    }, { profile: true, seeds: 2 });
    for (const r of reports) expect(r.profile).toEqual([]);
  });
});
