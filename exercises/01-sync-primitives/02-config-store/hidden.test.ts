// Hidden tests for "config-store". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so durations below are exact.
import { test, expect, describe } from "vitest";
import { go, chan } from "gosync";
import { WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { ConfigStore } from "./solution.ts";

/** spawn runs fn in a new goroutine counted by wg (Go: wg.Add(1); go func() { defer wg.Done(); fn() }()). */
function spawn(wg: WaitGroup, fn: () => Promise<void>): void {
  wg.add(1);
  go(async () => {
    try {
      await fn();
    } finally {
      wg.done();
    }
  });
}

/** sharedOverlap lists the addresses of shared() state `writer` wrote that `reader` read. */
function sharedOverlap(writer: { written: readonly string[] }, reader: { read: readonly string[] }): string[] {
  return writer.written.filter((a) => reader.read.includes(a));
}

/** SHARE_ENTRIES says what must be shared, and how, in a failure message. */
const SHARE_ENTRIES = {
  en: "the configuration must be kept in the shared() object, as the starter has it (shared({ ...initial })), so the race detector can see every read and write of it (a plain object hides data races)",
  zh: "配置必须像初始代码那样放在 shared() 对象里（shared({ ...initial })），竞态检测器才能看到对它的每一次读写（普通对象会藏住数据竞争）",
};

describe("ConfigStore", () => {
  test({ en: "get returns the initial values and undefined for keys never set", zh: "get 返回初始值，从未设置过的键返回 undefined" }, async () => {
    const initial = { mode: "dev", port: "8080" };
    const store = new ConfigStore(initial);
    initial.mode = "changed after construction";
    const got = [await store.get("mode"), await store.get("port"), await store.get("missing")];
    expect(got, { en: 'get("mode"), get("port"), get("missing")', zh: 'get("mode")、get("port")、get("missing") 的结果' }).toEqual(["dev", "8080", undefined]);
  });

  test({ en: "get returns the value of the last completed set", zh: "get 返回最后一次完成的 set 写入的值" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    await store.set("mode", "prod");
    await store.set("region", "eu");
    const got = [await store.get("mode"), await store.get("region")];
    expect(got, { en: 'get("mode"), get("region") after set("mode", "prod"), set("region", "eu")', zh: 'set("mode", "prod")、set("region", "eu") 之后 get("mode")、get("region") 的结果' }).toEqual(["prod", "eu"]);
  });

  test({ en: "a missing key does not block later writers", zh: "读取不存在的键不会阻塞之后的写者" }, async () => {
    const store = new ConfigStore();
    expect(await store.get("feature"), { en: 'get("feature") before any set', zh: '任何 set 之前的 get("feature")' }).toBeUndefined();
    await store.set("feature", "on");
    expect(await store.get("feature"), { en: 'get("feature") after set("feature", "on")', zh: 'set("feature", "on") 之后的 get("feature")' }).toBe("on");
  });

  test({ en: "view and update with a synchronous fn release their lock", zh: "view 和 update 在 fn 为同步函数时也会释放锁" }, async () => {
    // fn may return a plain value as well as a promise (T | Promise<T>). A lock released only
    // on the promise path stays held after a synchronous fn, and the next writer waits forever.
    const store = new ConfigStore({ mode: "dev" });
    expect(await store.view((cfg) => cfg.mode), { en: "view((cfg) => cfg.mode)", zh: "view((cfg) => cfg.mode) 的结果" }).toBe("dev");
    await store.update((cfg) => {
      cfg.mode = "prod";
    });
    await store.set("region", "eu"); // a writer: it would wait forever for a lock left held
    expect(await store.snapshot(), { en: 'snapshot after a synchronous view, a synchronous update that set mode to "prod", and set("region", "eu")', zh: '一次同步的 view、一次把 mode 设为 "prod" 的同步 update 和 set("region", "eu") 之后的快照' }).toEqual({ mode: "prod", region: "eu" });
  });

  test({ en: "keeps the configuration in shared() state, where the race detector sees it", zh: "配置放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const get = await sim.trackedAccessesOf(() => store.get("mode"));
    expect(get.reads, { en: `reads of shared() state made by get("mode"): ${SHARE_ENTRIES.en}`, zh: `get("mode") 对 shared() 状态的读取次数：${SHARE_ENTRIES.zh}` }).toBeGreaterThan(0);
    const set = await sim.trackedAccessesOf(() => store.set("mode", "prod"));
    expect(set.writes, { en: `writes of shared() state made by set("mode", "prod"): ${SHARE_ENTRIES.en}`, zh: `set("mode", "prod") 对 shared() 状态的写入次数：${SHARE_ENTRIES.zh}` }).toBeGreaterThan(0);
    const after = await sim.trackedAccessesOf(() => store.get("mode"));
    expect(sharedOverlap(set, after), { en: `shared() state that set("mode", "prod") wrote (${set.written.join(", ")}) and get("mode") then read (${after.read.join(", ")}): ${SHARE_ENTRIES.en}, and the entries read must be the ones written`, zh: `set("mode", "prod") 写入（${set.written.join(", ")}）且随后 get("mode") 读取（${after.read.join(", ")}）的 shared() 状态：${SHARE_ENTRIES.zh}，而且读到的条目必须就是写入的那些` }).not.toEqual([]);
    const view = await sim.trackedAccessesOf(() => store.view((cfg) => cfg.mode));
    expect(view.reads, { en: `reads of shared() state made by view((cfg) => cfg.mode): ${SHARE_ENTRIES.en}; view calls fn with the entries`, zh: `view((cfg) => cfg.mode) 对 shared() 状态的读取次数：${SHARE_ENTRIES.zh}；view 用这些条目调用 fn` }).toBeGreaterThan(0);
    const update = await sim.trackedAccessesOf(() =>
      store.update((cfg) => {
        cfg.region = "eu";
      }),
    );
    expect(update.writes, { en: `writes of shared() state made by update((cfg) => { cfg.region = "eu" }): ${SHARE_ENTRIES.en}; update calls fn with the entries`, zh: `update((cfg) => { cfg.region = "eu" }) 对 shared() 状态的写入次数：${SHARE_ENTRIES.zh}；update 用这些条目调用 fn` }).toBeGreaterThan(0);
  });

  test({ en: "goroutines can get and set at the same time without a data race", zh: "多个 goroutine 同时 get 和 set，没有数据竞争" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const wg = new WaitGroup();
    spawn(wg, () => store.set("mode", "prod"));
    spawn(wg, () => store.set("mode", "test"));
    spawn(wg, () => store.set("region", "eu"));
    const seen: (string | undefined)[] = [];
    for (let r = 0; r < 3; r++) {
      spawn(wg, async () => {
        seen.push(await store.get("mode"));
      });
    }
    await wg.wait();
    const stray = seen.filter((v) => v !== "dev" && v !== "prod" && v !== "test");
    expect(stray, { en: `modes read concurrently (${seen.join(", ")}) that were never set`, zh: `并发读到的 mode（${seen.join(", ")}）中从未被 set 过的` }).toEqual([]);
    expect(["prod", "test"], { en: 'final get("mode") must be one of the two values set', zh: '最终的 get("mode") 必须是 set 过的两个值之一' }).toContain(await store.get("mode"));
    expect(await store.get("region"), { en: 'final get("region")', zh: '最终的 get("region")' }).toBe("eu");
  });

  test({ en: "snapshot returns a copy that later sets do not change", zh: "snapshot 返回副本，之后的 set 不会改变它" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const snap = await store.snapshot();
    await store.set("mode", "prod");
    await store.set("region", "eu");
    expect(snap, { en: "snapshot taken before set(mode, prod) and set(region, eu)", zh: "set(mode, prod) 和 set(region, eu) 之前取的快照" }).toEqual({ mode: "dev" });
    expect(await store.snapshot(), { en: "snapshot taken after both sets", zh: "两次 set 之后取的快照" }).toEqual({ mode: "prod", region: "eu" });
  });

  test({ en: "readers hold the read lock at the same time", zh: "多个读者同时持有读锁" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const readers = 4;
    const wg = new WaitGroup();
    const start = time.now();
    for (let r = 0; r < readers; r++) {
      spawn(wg, async () => {
        await store.view(async () => {
          await time.sleep(100 * time.Millisecond);
        });
      });
    }
    await wg.wait();
    const elapsed = time.since(start);
    // Sharing the lock, the four 100 ms reads overlap and end together at +100 ms; a lock that
    // lets one reader in at a time takes 4 × 100 ms.
    expect(elapsed, { en: `${readers} readers each holding the read lock for 100 ms took ${elapsed} ms of virtual time; readers must share the lock`, zh: `${readers} 个读者各持有读锁 100 ms，用了 ${elapsed} ms 虚拟时间；读者必须共享读锁` }).toBe(100);
  });

  test({ en: "get and snapshot share the read lock with a reader", zh: "get 和 snapshot 与读者共享读锁" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const inside = chan<void>();
    const wg = new WaitGroup();
    spawn(wg, () =>
      store.view(async () => {
        await inside.send();
        await time.sleep(100 * time.Millisecond);
      }),
    );
    await inside.recv(); // a view now holds the read lock for 100 ms
    const start = time.now();
    const got = [await store.get("mode"), (await store.snapshot()).mode];
    const waited = time.since(start);
    await wg.wait();
    expect(got, { en: 'get("mode") and snapshot().mode while a view held the read lock', zh: 'view 持有读锁期间 get("mode") 和 snapshot().mode 的结果' }).toEqual(["dev", "dev"]);
    // Readers share the lock: get and snapshot go in at once. Only a writer waits for the view.
    expect(waited, { en: `get and snapshot, called while a view held the read lock for 100 ms, returned after ${waited} ms of virtual time; readers must share the lock`, zh: `view 持有读锁 100 ms 期间调用的 get 和 snapshot，${waited} ms 虚拟时间后才返回；读者必须共享读锁` }).toBe(0);
  });

  test({ en: "a writer never runs alongside readers or other writers", zh: "写者从不与读者或其他写者同时运行" }, async () => {
    const store = new ConfigStore({ mode: "dev" });
    const wg = new WaitGroup();
    let readers = 0;
    let writers = 0;
    const overlaps: string[] = [];
    const start = time.now();
    for (let r = 1; r <= 3; r++) {
      spawn(wg, async () => {
        for (let i = 0; i < 2; i++) {
          await store.view(async () => {
            readers++;
            if (writers > 0) overlaps.push(`reader ${r} entered at +${time.since(start)} ms while a writer was inside`);
            await time.sleep(10 * time.Millisecond);
            readers--;
          });
        }
      });
    }
    for (let w = 1; w <= 2; w++) {
      spawn(wg, async () => {
        for (let i = 0; i < 2; i++) {
          await store.update(async () => {
            writers++;
            if (writers > 1 || readers > 0) {
              overlaps.push(`writer ${w} entered at +${time.since(start)} ms with ${readers} reader(s) and ${writers - 1} other writer(s) inside`);
            }
            await time.sleep(10 * time.Millisecond);
            writers--;
          });
        }
      });
    }
    await wg.wait();
    expect(overlaps, { en: "a writer must have the store to itself", zh: "写者必须独占 store" }).toEqual([]);
  });

  test({ en: "a snapshot never shows half of an update", zh: "快照从不呈现更新了一半的状态" }, async () => {
    const store = new ConfigStore({ host: "h0", port: "p0" });
    const wg = new WaitGroup();
    spawn(wg, async () => {
      for (let i = 1; i <= 4; i++) {
        await store.update(async (cfg) => {
          cfg.host = `h${i}`;
          await time.sleep(1 * time.Millisecond); // the update is in progress here
          cfg.port = `p${i}`;
        });
      }
    });
    const torn: string[] = [];
    spawn(wg, async () => {
      for (let i = 0; i < 6; i++) {
        const snap = await store.snapshot();
        if (snap.host?.slice(1) !== snap.port?.slice(1)) torn.push(`{host: ${snap.host}, port: ${snap.port}}`);
        await time.sleep(1 * time.Millisecond);
      }
    });
    await wg.wait();
    expect(torn, { en: "snapshots mixing two updates (host and port always change together)", zh: "混合了两次更新的快照（host 和 port 总是一起改变）" }).toEqual([]);
  });
});
