// Hidden tests for "fetch-all". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on: a goroutine still
// alive when the test body returns is reported as a leak, with where it is blocked. Time is
// virtual: it advances only when every goroutine is blocked, so durations below are exact.
import { test, expect, describe } from "vitest";
import { go, select, recv } from "gosync";
import * as context from "gosync/context";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { fetchAll, type Client, type Response } from "./solution.ts";

/**
 * Route is how the fake server answers one url: after `ms` it is unreachable (`down`), or it
 * answers `status` with `body`, whose reading takes `readMs` and may fail with `readFails`
 * after the first half of the body. A `hang` server never answers.
 */
interface Route {
  ms?: number;
  status?: number;
  body?: string;
  readMs?: number;
  readFails?: Error;
  down?: Error;
  hang?: boolean;
}

/** urlError wraps err as Go's *url.Error does: `Get "url": err`, with err as its cause. */
const urlError = (url: string, err: Error): Error => new Error(`Get "${url}": ${err.message}`, { cause: err });

/**
 * waitOrEnd waits `ms` of virtual time (forever if ms is null) or until ctx ends, and returns
 * ctx.err() if it ended first. A context that never ends (done() is nil) never ends the wait.
 */
async function waitOrEnd(ctx: context.Context, ms: number | null): Promise<Error | null> {
  let ended: Error | null = null;
  const onEnd = () => {
    ended = ctx.err();
  };
  if (ms === null) await select([recv(ctx.done(), onEnd)]);
  else await select([recv(time.after(ms * time.Millisecond), () => {}), recv(ctx.done(), onEnd)]);
  return ended;
}

/**
 * FakeServer is an HTTP client talking to simulated servers, in virtual time. It counts the
 * requests in flight (a get waiting for its status, or a body being read) at every step of
 * every schedule, and records which urls were asked for and which saw their context end. Its
 * counters are plain variables of the test, not shared() state: they must not add
 * synchronisation the code under test lacks.
 */
class FakeServer {
  inFlight = 0;
  most = 0;
  readonly asked: string[] = [];
  readonly sawEnd: string[] = [];
  readonly routes: Record<string, Route>;
  constructor(routes: Record<string, Route>) {
    this.routes = routes;
  }

  #enter(): void {
    this.inFlight++;
    this.most = Math.max(this.most, this.inFlight);
  }

  readonly client: Client = {
    get: async (ctx: context.Context, url: string): Promise<[Response, null] | [null, Error]> => {
      const route = this.routes[url];
      if (route === undefined) throw new Error(`test bug: no route for ${url}`);
      this.asked.push(url);
      this.#enter();
      try {
        const early = ctx.err();
        if (early !== null) return [null, urlError(url, early)];
        const ended = await waitOrEnd(ctx, route.hang ? null : (route.ms ?? 0));
        if (ended !== null) {
          this.sawEnd.push(url);
          return [null, urlError(url, ended)];
        }
        if (route.down) return [null, route.down];
        const text = route.body ?? `body of ${url}`;
        const response: Response = {
          status: route.status ?? 200,
          body: {
            readAll: async (): Promise<[string, Error | null]> => {
              this.#enter();
              try {
                const cut = await waitOrEnd(ctx, route.readMs ?? 0);
                if (cut !== null) {
                  this.sawEnd.push(url);
                  return ["", cut];
                }
                if (route.readFails) return [text.slice(0, text.length >> 1), route.readFails];
                return [text, null];
              } finally {
                this.inFlight--;
              }
            },
          },
        };
        return [response, null];
      } finally {
        this.inFlight--;
      }
    },
  };
}

/**
 * isOrWraps tells whether got is want, or an error of the learner's that carries it: through its
 * `cause` chain (Go's %w and errors.Is), or by repeating its message (Go's %v). An error kept in
 * shared() state comes back as shared()'s view of it: the view of want is want.
 */
function isOrWraps(got: unknown, want: Error): boolean {
  for (let e: unknown = got, depth = 0; e !== null && e !== undefined && depth < 10; depth++) {
    if (e === want || sim.sharedTarget(e) === want) return true;
    if (e instanceof Error && typeof e.message === "string" && e.message.includes(want.message)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

/** shown says what fetchAll returned as its error, for failure messages. */
const shown = (err: unknown): string => (err instanceof Error ? `Error(${JSON.stringify(err.message)})` : String(err));

/** SHARE_RESULTS says what must be shared, and how, in a failure message. */
const SHARE_RESULTS = {
  en: "the bodies the requests produce must be kept in shared() state (the starter's shared() array), so the race detector sees every write and the read that returns them (a plain array hides data races)",
  zh: "请求得到的响应体必须放在 shared() 状态里（初始代码中的 shared() 数组），竞态检测器才能看到每一次写入和返回它们的那次读取（普通数组会藏住数据竞争）",
};

describe("fetchAll", () => {
  test({ en: "returns every body, in the order of the urls", zh: "按 urls 的顺序返回每个响应体" }, async () => {
    const server = new FakeServer({ "/a": { ms: 40 }, "/b": { ms: 10 }, "/c": { ms: 30, readMs: 5 }, "/d": { ms: 20 } });
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b", "/c", "/d"], 4, server.client);
    expect(err, { en: "error when every server answers 200", zh: "每个服务器都答复 200 时的错误" }).toBeNull();
    expect(bodies, { en: "bodies of /a, /b, /c, /d (answering after 40, 10, 30, 20 ms)", zh: "/a、/b、/c、/d 的响应体（分别在 40、10、30、20 ms 后答复）" }).toEqual(["body of /a", "body of /b", "body of /c", "body of /d"]);
  });

  test({ en: "takes as long as the slowest request, not the sum: 30, 50 and 20 ms with limit 3 take 50 ms", zh: "用时等于最慢的请求，而不是总和：limit 为 3 时 30、50、20 ms 的请求用时 50 ms" }, async () => {
    const server = new FakeServer({ "/a": { ms: 30 }, "/b": { ms: 50 }, "/c": { ms: 20 } });
    const start = time.now();
    const [, err] = await fetchAll(context.background(), ["/a", "/b", "/c"], 3, server.client);
    const elapsed = time.since(start);
    expect(err, { en: "error when every server answers 200", zh: "每个服务器都答复 200 时的错误" }).toBeNull();
    expect(elapsed, { en: `requests of 30, 50 and 20 ms with limit 3 took ${elapsed} ms of virtual time`, zh: `limit 为 3 时 30、50、20 ms 的请求用了 ${elapsed} ms 虚拟时间` }).toBe(50);
  });

  test({ en: "never has more than limit requests in flight: 4 requests of 50 ms with limit 2 take 100 ms", zh: "在途请求从不超过 limit 个：limit 为 2 时 4 个 50 ms 的请求用时 100 ms" }, async () => {
    // The fake server counts the requests in flight at every step of every schedule.
    const server = new FakeServer({ "/1": { ms: 40, readMs: 10 }, "/2": { ms: 50 }, "/3": { ms: 50 }, "/4": { ms: 45, readMs: 5 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(context.background(), ["/1", "/2", "/3", "/4"], 2, server.client);
    const elapsed = time.since(start);
    expect(err, { en: "error when every server answers 200", zh: "每个服务器都答复 200 时的错误" }).toBeNull();
    expect(bodies, { en: "bodies of /1 … /4", zh: "/1 … /4 的响应体" }).toEqual(["body of /1", "body of /2", "body of /3", "body of /4"]);
    expect(server.most, { en: "most requests in flight at once, with limit 2", zh: "limit 为 2 时同时在途请求数的最大值" }).toBeLessThanOrEqual(2);
    expect(elapsed, { en: `4 requests of 50 ms with limit 2 took ${elapsed} ms of virtual time`, zh: `limit 为 2 时 4 个 50 ms 的请求用了 ${elapsed} ms 虚拟时间` }).toBe(100);
  });

  test({ en: "the first error cancels the other requests and is the one returned", zh: "第一个错误取消其他请求，返回的就是它" }, async () => {
    // /b is unreachable after 10 ms. /a (100 ms) is then in flight and must see its context end;
    // /c and /d, not started yet with limit 2, must not take their full time either.
    const refused = new Error('dial tcp 10.0.0.2:80: connect: connection refused');
    const server = new FakeServer({ "/a": { ms: 100 }, "/b": { ms: 10, down: refused }, "/c": { ms: 1000 }, "/d": { ms: 50 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b", "/c", "/d"], 2, server.client);
    const elapsed = time.since(start);
    expect(isOrWraps(err, refused), { en: `fetchAll returned the error ${shown(err)}; want /b's (connection refused), the first to happen`, zh: `fetchAll 返回的错误是 ${shown(err)}；应为 /b 的错误（connection refused），即最先发生的那个` }).toBe(true);
    expect(isOrWraps(err, context.Canceled), { en: `fetchAll returned the error ${shown(err)}; want /b's alone, not the cancellations it caused`, zh: `fetchAll 返回的错误是 ${shown(err)}；应只有 /b 的错误，不含它引起的取消` }).toBe(false);
    expect(bodies, { en: "bodies returned with an error", zh: "与错误一起返回的响应体" }).toEqual([]);
    expect(elapsed, { en: `virtual time before fetchAll returned the error (${elapsed} ms); the requests still running must stop when /b fails at 10 ms`, zh: `fetchAll 返回错误之前的虚拟时间（${elapsed} ms）；/b 在 10 ms 失败时，仍在运行的请求必须停下` }).toBe(10);
    expect(server.sawEnd, { en: "urls whose request saw its context end: /a was in flight when /b failed", zh: "请求看到上下文结束的 url：/b 失败时 /a 正在途中" }).toContain("/a");
    expect(server.inFlight, { en: "requests still in flight when fetchAll returned the first error; it returns once the requests it cancelled have stopped", zh: "fetchAll 返回第一个错误时仍在途的请求数；它要等被它取消的请求都停下才返回" }).toBe(0);
  });

  test({ en: "after the first error, fetchAll returns only once the requests it cancelled have stopped", zh: "第一个错误之后，fetchAll 要等被它取消的请求都停下才返回" }, async () => {
    // Both requests start at once: /b fails at 10 ms while /a (100 ms) is in flight. A version
    // that returns the error without waiting for /a to stop leaves it running behind the caller
    // (not blocked for good, so the leak detector would not see it).
    const refused = new Error("dial tcp 10.0.0.2:80: connect: connection refused");
    const server = new FakeServer({ "/a": { ms: 100 }, "/b": { ms: 10, down: refused } });
    const [, err] = await fetchAll(context.background(), ["/a", "/b"], 2, server.client);
    expect(isOrWraps(err, refused), { en: `fetchAll returned the error ${shown(err)}; want /b's (connection refused)`, zh: `fetchAll 返回的错误是 ${shown(err)}；应为 /b 的错误（connection refused）` }).toBe(true);
    expect(server.inFlight, { en: "requests still in flight when fetchAll returned", zh: "fetchAll 返回时仍在途的请求数" }).toBe(0);
  });

  test({ en: "a status outside 200–299 is an error that names the url and the status", zh: "200–299 之外的状态码是错误，错误中写明 url 和状态码" }, async () => {
    const server = new FakeServer({ "/ok": { ms: 10 }, "/busy": { ms: 20, status: 503, body: "Service Unavailable" } });
    const [bodies, err] = await fetchAll(context.background(), ["/ok", "/busy"], 2, server.client);
    expect(err, { en: "error when /busy answers 503", zh: "/busy 答复 503 时的错误" }).not.toBeNull();
    const message = String(err?.message);
    expect(message, { en: "message of the error for a 503 from /busy: it must name the url and the status", zh: "/busy 答复 503 时错误的消息：必须写明 url 和状态码" }).toContain("/busy");
    expect(message, { en: "message of the error for a 503 from /busy: it must name the url and the status", zh: "/busy 答复 503 时错误的消息：必须写明 url 和状态码" }).toContain("503");
    expect(bodies, { en: "bodies returned with an error", zh: "与错误一起返回的响应体" }).toEqual([]);
  });

  test({ en: "a body that cannot be read is an error, not a shorter body", zh: "无法读取的响应体是错误，而不是更短的响应体" }, async () => {
    // /b's connection is reset while its body is read: half the body came, then the error.
    const reset = new Error("read tcp 10.0.0.3:80: connection reset by peer");
    const server = new FakeServer({ "/a": { ms: 10 }, "/b": { ms: 10, readMs: 20, readFails: reset, body: "0123456789" } });
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b"], 2, server.client);
    expect(isOrWraps(err, reset), { en: `fetchAll returned the error ${shown(err)} and the bodies ${JSON.stringify(bodies)}; want the read error of /b (connection reset), not the half body read before it`, zh: `fetchAll 返回的错误是 ${shown(err)}，响应体是 ${JSON.stringify(bodies)}；应为 /b 的读取错误（connection reset），而不是出错前读到的半个响应体` }).toBe(true);
    expect(bodies, { en: "bodies returned with an error", zh: "与错误一起返回的响应体" }).toEqual([]);
  });

  test({ en: "a server that never answers is abandoned at the caller's deadline, and nothing is left running", zh: "从不答复的服务器在调用者的截止时间被放弃，不留下任何运行中的东西" }, async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 200 * time.Millisecond);
    using _cancel = { [Symbol.dispose]: cancel };
    const server = new FakeServer({ "/a": { ms: 10 }, "/stuck": { hang: true }, "/c": { ms: 30 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(ctx, ["/a", "/stuck", "/c"], 3, server.client);
    const elapsed = time.since(start);
    expect(isOrWraps(err, context.DeadlineExceeded), { en: `fetchAll returned the error ${shown(err)}; want the deadline's (context deadline exceeded)`, zh: `fetchAll 返回的错误是 ${shown(err)}；应为截止时间的错误（context deadline exceeded）` }).toBe(true);
    expect(bodies, { en: "bodies returned with an error", zh: "与错误一起返回的响应体" }).toEqual([]);
    expect(elapsed, { en: `virtual time before fetchAll returned (${elapsed} ms) with a 200 ms deadline`, zh: `截止时间为 200 ms 时 fetchAll 返回之前的虚拟时间（${elapsed} ms）` }).toBe(200);
    expect(server.inFlight, { en: "requests still in flight when fetchAll returned at the deadline", zh: "fetchAll 在截止时间返回时仍在途的请求数" }).toBe(0);
    // The request to /stuck must end too: if it is still waiting when this test returns, the
    // leak detector lists it.
  });

  test({ en: "a caller that cancels ends the fetch at once with Canceled", zh: "调用者取消时，抓取立即以 Canceled 结束" }, async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    go(async () => {
      await time.sleep(30 * time.Millisecond);
      cancel();
    });
    const server = new FakeServer({ "/a": { ms: 100 }, "/b": { ms: 200 } });
    const start = time.now();
    const [, err] = await fetchAll(ctx, ["/a", "/b"], 2, server.client);
    const elapsed = time.since(start);
    expect(isOrWraps(err, context.Canceled), { en: `fetchAll returned the error ${shown(err)}; want the caller's cancellation (context canceled)`, zh: `fetchAll 返回的错误是 ${shown(err)}；应为调用者的取消（context canceled）` }).toBe(true);
    expect(elapsed, { en: `virtual time before fetchAll returned (${elapsed} ms), the caller cancelling at 30 ms`, zh: `调用者在 30 ms 取消时 fetchAll 返回之前的虚拟时间（${elapsed} ms）` }).toBe(30);
  });

  test({ en: "returns at once with no urls", zh: "没有 url 时立即返回" }, async () => {
    const server = new FakeServer({});
    const start = time.now();
    const got = await fetchAll(context.background(), [], 3, server.client);
    expect(got, { en: "fetchAll(ctx, [], 3, client)", zh: "fetchAll(ctx, [], 3, client) 的结果" }).toEqual([[], null]);
    expect(time.since(start), { en: "virtual time taken", zh: "所用的虚拟时间" }).toBe(0);
  });

  test({ en: "keeps its results in shared() state, where the race detector sees them", zh: "结果放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const server = new FakeServer({ "/a": { ms: 10 }, "/b": { ms: 5 }, "/c": { ms: 0 } });
    const seen = await sim.trackedAccessesOf(() => fetchAll(context.background(), ["/a", "/b", "/c"], 2, server.client));
    expect(seen.written.length, { en: `places in shared() state written by fetchAll of 3 urls (${seen.written.join(", ") || "none"}): ${SHARE_RESULTS.en}`, zh: `fetchAll 处理 3 个 url 时写入的 shared() 状态位置（${seen.written.join(", ") || "无"}）：${SHARE_RESULTS.zh}` }).toBeGreaterThanOrEqual(3);
  });
});
