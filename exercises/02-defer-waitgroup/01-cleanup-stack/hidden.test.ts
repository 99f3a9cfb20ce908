// Hidden tests for "cleanup-stack". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// it advances only when every goroutine is blocked, so the times in the logs below are exact.
//
// The errors are judged by what the thrown value holds, not by how it was built: a single
// failure must be thrown as it is; several must all be reachable, each exactly once, through
// SuppressedError's `error` and `suppressed` and AggregateError's `errors`, nested in any way
// and in any order. So `using` with a DisposableStack and try/finally written by hand both pass.
import { test, expect, describe } from "vitest";
import { go, shared } from "gosync";
import { Mutex, WaitGroup } from "gosync/sync";
import * as time from "gosync/time";
import { withResources, type Acquire, type Resource } from "./solution.ts";

/** Ledger records what happens to the test's resources, in order. */
class Ledger {
  readonly events: string[] = [];
  note(event: string): void {
    this.events.push(event);
  }
}

interface Fake {
  /** virtual milliseconds the acquisition takes */
  ms?: number;
  /** thrown by the acquisition, after `ms` */
  acquireFails?: Error;
  /** thrown by release, after it has been recorded */
  releaseFails?: Error;
}

/** fake returns an Acquire of a resource called `name` whose acquisition and release are recorded in `ledger`. */
function fake(ledger: Ledger, name: string, f: Fake = {}): Acquire {
  return async () => {
    await time.sleep((f.ms ?? 5) * time.Millisecond);
    if (f.acquireFails) {
      ledger.note(`acquire ${name} failed`);
      throw f.acquireFails;
    }
    ledger.note(`acquire ${name}`);
    return {
      name,
      release() {
        ledger.note(`release ${name}`);
        if (f.releaseFails) throw f.releaseFails;
      },
    };
  };
}

/** Outcome is how a call ended: the value it returned, or what it threw. */
type Outcome<T> = { threw: false; value: T } | { threw: true; error: unknown };

async function outcomeOf<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { threw: false, value: await call() };
  } catch (error) {
    return { threw: true, error };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => (typeof v === "object" || typeof v === "function") && v !== null;
/** isSuppressed tells a SuppressedError (the engine's, a ponyfill's or esbuild's) by its two fields. */
const isSuppressed = (v: unknown): v is { error: unknown; suppressed: unknown } => isObject(v) && "error" in v && "suppressed" in v;
/** isAggregate tells an AggregateError, or anything else that lists its errors in an `errors` array. */
const isAggregate = (v: unknown): v is { errors: unknown[] } => isObject(v) && Array.isArray(v.errors);

/** heldErrors lists the errors a thrown value holds: through SuppressedError and AggregateError, else the value itself. */
function heldErrors(thrown: unknown, depth = 0): unknown[] {
  if (depth > 20) return [thrown];
  if (isSuppressed(thrown)) return [...heldErrors(thrown.error, depth + 1), ...heldErrors(thrown.suppressed, depth + 1)];
  if (isAggregate(thrown)) return thrown.errors.flatMap((e) => heldErrors(e, depth + 1));
  return [thrown];
}

/** show describes a thrown value for a failure message: its kind and message, and what it holds. */
function show(v: unknown, depth = 0): string {
  if (depth > 5) return "…";
  if (isSuppressed(v)) return `SuppressedError(error: ${show(v.error, depth + 1)}, suppressed: ${show(v.suppressed, depth + 1)})`;
  if (isAggregate(v)) return `AggregateError([${v.errors.map((e) => show(e, depth + 1)).join(", ")}])`;
  if (v instanceof Error) return `${v.name}(${JSON.stringify(v.message)})`;
  return String(v);
}

/**
 * failureLabels names each error the outcome holds: the name given in `errors` if it is one of
 * those objects, else "another error: …" (a copy with the same message is another error). Sorted.
 */
function failureLabels(outcome: Outcome<unknown>, errors: Record<string, Error>): string[] {
  if (!outcome.threw) return [`nothing thrown (returned ${show(outcome.value)})`];
  return heldErrors(outcome.error)
    .map((e) => Object.keys(errors).find((k) => errors[k] === e) ?? `another error: ${show(e)}`)
    .sort();
}

const names = (resources: Resource[]) => resources.map((r) => r.name);

/**
 * handled returns `body` with its promise marked handled: a withResources that drops the body's
 * promise (a release throwing over it) fails its test instead of ending the whole Run with an
 * unhandled rejection.
 */
function handled<T>(body: (resources: Resource[]) => Promise<T>): (resources: Resource[]) => Promise<T> {
  return (resources) => {
    const p = body(resources);
    p.catch(() => {});
    return p;
  };
}

/** throwing returns a body that notes "body" and throws `error` (its promise handled). */
function throwing(ledger: Ledger, error: Error): (resources: Resource[]) => Promise<never> {
  return handled(async () => {
    ledger.note("body");
    throw error;
  });
}

describe("withResources", () => {
  test({ en: "acquires in order, hands every resource to the body, and releases them newest first", zh: "按顺序获取，把每个资源交给 body，再从最新的开始释放" }, async () => {
    const ledger = new Ledger();
    const got = await withResources([fake(ledger, "db"), fake(ledger, "cache"), fake(ledger, "file")], async (rs) => {
      ledger.note(`body with ${names(rs).join(", ")}`);
      return "report";
    });
    expect(got, { en: "what withResources returned (the body returned \"report\")", zh: "withResources 返回了什么（body 返回了 \"report\"）" }).toBe("report");
    expect(ledger.events, { en: "what happened, in order", zh: "按顺序发生了什么" }).toEqual([
      "acquire db", "acquire cache", "acquire file", "body with db, cache, file", "release file", "release cache", "release db",
    ]);
  });

  test({ en: "keeps every resource until the body has finished, however long it takes", zh: "无论 body 运行多久，都持有每个资源直到它结束" }, async () => {
    const ledger = new Ledger();
    const start = time.now();
    await withResources([fake(ledger, "a"), fake(ledger, "b")], async () => {
      ledger.note("body starts");
      await time.sleep(30 * time.Millisecond);
      ledger.note("body ends");
    });
    expect(ledger.events, { en: "what happened, in order (the body sleeps 30 ms between its two notes)", zh: "按顺序发生了什么（body 在两条记录之间 sleep 30 ms）" }).toEqual([
      "acquire a", "acquire b", "body starts", "body ends", "release b", "release a",
    ]);
    const elapsed = time.since(start);
    expect(elapsed, { en: `virtual time withResources took (two acquisitions of 5 ms, a body of 30 ms): ${elapsed} ms`, zh: `withResources 用的虚拟时间（两次各 5 ms 的获取，一个 30 ms 的 body）：${elapsed} ms` }).toBe(40);
  });

  test({ en: "calls the body once and returns its result when there is nothing to acquire", zh: "没有要获取的资源时，调用 body 一次并返回其结果" }, async () => {
    let calls = 0;
    const got = await withResources([], async (rs) => {
      calls++;
      return rs.length;
    });
    expect([calls, got], { en: "[body calls, result] of withResources([], rs => rs.length)", zh: "withResources([], rs => rs.length) 的 [body 调用次数, 结果]" }).toEqual([1, 0]);
  });

  test({ en: "releases every resource when the body throws, and throws the body's error as it is", zh: "body 抛出时释放每个资源，并原样抛出 body 的错误" }, async () => {
    const ledger = new Ledger();
    const bodyFailed = new Error("body failed");
    const out = await outcomeOf(() =>
      withResources([fake(ledger, "a"), fake(ledger, "b"), fake(ledger, "c")], throwing(ledger, bodyFailed)),
    );
    expect(ledger.events, { en: "what happened, in order", zh: "按顺序发生了什么" }).toEqual(["acquire a", "acquire b", "acquire c", "body", "release c", "release b", "release a"]);
    expect(out.threw && out.error, { en: `what withResources threw (${out.threw ? show(out.error) : "nothing"}); the body threw Error("body failed")`, zh: `withResources 抛出了什么（${out.threw ? show(out.error) : "什么也没有"}）；body 抛出的是 Error("body failed")` }).toBe(bodyFailed);
  });

  test({ en: "a failure while acquiring the third resource releases the first two, newest first, and is thrown as it is", zh: "获取第三个资源失败时，从新到旧释放前两个，并原样抛出该错误" }, async () => {
    const ledger = new Ledger();
    const refused = new Error("connection refused");
    let bodyCalls = 0;
    const out = await outcomeOf(() =>
      withResources(
        [fake(ledger, "a"), fake(ledger, "b"), fake(ledger, "c", { acquireFails: refused }), fake(ledger, "d")],
        async () => {
          bodyCalls++;
        },
      ),
    );
    expect(ledger.events, { en: "what happened, in order (acquiring c fails; d must not be tried)", zh: "按顺序发生了什么（获取 c 失败；不能再尝试 d）" }).toEqual([
      "acquire a", "acquire b", "acquire c failed", "release b", "release a",
    ]);
    expect(bodyCalls, { en: "times the body was called", zh: "body 被调用的次数" }).toBe(0);
    expect(out.threw && out.error, { en: `what withResources threw (${out.threw ? show(out.error) : "nothing"}); acquiring c threw Error("connection refused")`, zh: `withResources 抛出了什么（${out.threw ? show(out.error) : "什么也没有"}）；获取 c 时抛出的是 Error("connection refused")` }).toBe(refused);
  });

  test({ en: "a release that throws does not stop the others, and its error is thrown as it is", zh: "一次抛出的释放不会阻止其他释放，它的错误被原样抛出" }, async () => {
    const ledger = new Ledger();
    const flushFailed = new Error("flush failed");
    const out = await outcomeOf(() =>
      withResources([fake(ledger, "a"), fake(ledger, "b", { releaseFails: flushFailed }), fake(ledger, "c")], async () => "ok"),
    );
    expect(ledger.events, { en: "what happened, in order (releasing b throws)", zh: "按顺序发生了什么（释放 b 时抛出）" }).toEqual([
      "acquire a", "acquire b", "acquire c", "release c", "release b", "release a",
    ]);
    expect(out.threw && out.error, { en: `what withResources threw (${out.threw ? show(out.error) : `nothing: it returned ${show(out.value)}`}); releasing b threw Error("flush failed")`, zh: `withResources 抛出了什么（${out.threw ? show(out.error) : `什么也没有：它返回了 ${show(out.value)}`}）；释放 b 时抛出的是 Error("flush failed")` }).toBe(flushFailed);
  });

  test({ en: "reports a failed release together with the body's error", zh: "失败的释放与 body 的错误一起报告" }, async () => {
    const ledger = new Ledger();
    const errors = { "the body's error": new Error("body failed"), "b's release error": new Error("flush failed") };
    const out = await outcomeOf(() =>
      withResources(
        [fake(ledger, "a"), fake(ledger, "b", { releaseFails: errors["b's release error"] }), fake(ledger, "c")],
        throwing(ledger, errors["the body's error"]),
      ),
    );
    expect(ledger.events, { en: "what happened, in order (the body throws, then releasing b throws)", zh: "按顺序发生了什么（body 抛出，接着释放 b 时也抛出）" }).toEqual([
      "acquire a", "acquire b", "acquire c", "body", "release c", "release b", "release a",
    ]);
    expect(
      failureLabels(out, errors),
      {
        en: `errors held by what withResources threw: ${out.threw ? show(out.error) : "nothing"} (looked through SuppressedError and AggregateError; each error must be there once, as the object that was thrown)`,
        zh: `withResources 抛出的东西里含有的错误：${out.threw ? show(out.error) : "什么也没有"}（会查看 SuppressedError 和 AggregateError 的内部；每个错误都必须恰好出现一次，并且是被抛出的那个对象本身）`,
      },
    ).toEqual(["b's release error", "the body's error"]);
  });

  test({ en: "reports every failed release, each once, with the acquisition failure", zh: "每个失败的释放都与获取失败一起报告，各报告一次" }, async () => {
    const ledger = new Ledger();
    const errors = {
      "c's acquire error": new Error("disk full"),
      "a's release error": new Error("close a failed"),
      "b's release error": new Error("close b failed"),
    };
    const out = await outcomeOf(() =>
      withResources(
        [
          fake(ledger, "a", { releaseFails: errors["a's release error"] }),
          fake(ledger, "b", { releaseFails: errors["b's release error"] }),
          fake(ledger, "c", { acquireFails: errors["c's acquire error"] }),
        ],
        async () => "unreachable",
      ),
    );
    expect(ledger.events, { en: "what happened, in order (acquiring c fails, then both releases throw)", zh: "按顺序发生了什么（获取 c 失败，接着两次释放都抛出）" }).toEqual([
      "acquire a", "acquire b", "acquire c failed", "release b", "release a",
    ]);
    expect(
      failureLabels(out, errors),
      {
        en: `errors held by what withResources threw: ${out.threw ? show(out.error) : "nothing"} (looked through SuppressedError and AggregateError; each error must be there once, as the object that was thrown)`,
        zh: `withResources 抛出的东西里含有的错误：${out.threw ? show(out.error) : "什么也没有"}（会查看 SuppressedError 和 AggregateError 的内部；每个错误都必须恰好出现一次，并且是被抛出的那个对象本身）`,
      },
    ).toEqual(["a's release error", "b's release error", "c's acquire error"]);
  });

  test({ en: "gives every lock back on every path: goroutines whose work fails never block the others", zh: "每条路径上都归还所有锁：工作失败的 goroutine 不会阻塞其他 goroutine" }, async () => {
    // Three goroutines each hold locks a and b while they update a shared total. One fails
    // acquiring a third resource, one fails in its body: both must still unlock a and b, or the
    // others wait forever (a deadlock); unlocking before the body has finished lets two bodies
    // update the total at once (a data race).
    const a = new Mutex();
    const b = new Mutex();
    const lock = (mu: Mutex, name: string): Acquire => async () => {
      await mu.lock();
      return { name, release: () => mu.unlock() };
    };
    const total = shared({ n: 0 });
    const failures = shared<string[]>([]);
    const report = new Mutex();
    const wg = new WaitGroup();
    for (let g = 0; g < 3; g++) {
      wg.add(1);
      go(async () => {
        try {
          const acquire = [lock(a, "a"), lock(b, "b")];
          if (g === 1) {
            acquire.push(async () => {
              await time.sleep(time.Millisecond);
              throw new Error("g1: quota exceeded");
            });
          }
          await withResources(
            acquire,
            handled(async () => {
              total.n += 1;
              await time.sleep(time.Millisecond);
              total.n += 1;
              if (g === 2) throw new Error("g2: bad input");
            }),
          );
        } catch (e) {
          using _ = await report.lock();
          failures.push(e instanceof Error ? e.message : String(e));
        } finally {
          wg.done();
        }
      });
    }
    await wg.wait();
    expect(total.n, { en: "total after the bodies of g0 and g2 (g1 never gets past acquiring) each added 2", zh: "g0 和 g2 的 body 各加 2 之后的 total（g1 始终没能完成获取）" }).toBe(4);
    expect([...failures].sort(), { en: "errors the goroutines caught", zh: "各 goroutine 捕获的错误" }).toEqual(["g1: quota exceeded", "g2: bad input"]);
  });
});
