import { describe, expect } from "vitest";
import { RWMutex } from "./rwmutex.ts";
import { both } from "../test/support.ts";

describe("RWMutex", () => {
  both("many read locks at once; tryLock fails until the last rUnlock", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    await rw.rLock();
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    rw.rUnlock();
    rw.rUnlock();
    expect(rw.tryLock()).toBe(false);
    rw.rUnlock();
    expect(rw.tryLock()).toBe(true);
    expect(rw.tryRLock()).toBe(false);
    rw.unlock();
  });

  both("rLocker locks and unlocks for reading", async () => {
    const rw = new RWMutex();
    const l = rw.rLocker();
    await l.lock();
    expect(rw.tryLock()).toBe(false);
    l.unlock();
    expect(rw.tryLock()).toBe(true);
    rw.unlock();
  });
});
