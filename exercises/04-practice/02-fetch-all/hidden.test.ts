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
const SHARE_RESULTS =
  "the bodies the requests produce must be kept in shared() state (the starter's shared() array), so the race detector sees every write and the read that returns them (a plain array hides data races)";

describe("fetchAll", () => {
  test({ en: "returns every body, in the order of the urls", zh: "按 urls 的顺序返回每个响应体" }, async () => {
    const server = new FakeServer({ "/a": { ms: 40 }, "/b": { ms: 10 }, "/c": { ms: 30, readMs: 5 }, "/d": { ms: 20 } });
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b", "/c", "/d"], 4, server.client);
    expect(err, "error when every server answers 200").toBeNull();
    expect(bodies, "bodies of /a, /b, /c, /d (answering after 40, 10, 30, 20 ms)").toEqual(["body of /a", "body of /b", "body of /c", "body of /d"]);
  });

  test({ en: "takes as long as the slowest request, not the sum: 30, 50 and 20 ms with limit 3 take 50 ms", zh: "用时等于最慢的请求，而不是总和：limit 为 3 时 30、50、20 ms 的请求用时 50 ms" }, async () => {
    const server = new FakeServer({ "/a": { ms: 30 }, "/b": { ms: 50 }, "/c": { ms: 20 } });
    const start = time.now();
    const [, err] = await fetchAll(context.background(), ["/a", "/b", "/c"], 3, server.client);
    const elapsed = time.since(start);
    expect(err, "error when every server answers 200").toBeNull();
    expect(elapsed, `requests of 30, 50 and 20 ms with limit 3 took ${elapsed} ms of virtual time`).toBe(50);
  });

  test({ en: "never has more than limit requests in flight: 4 requests of 50 ms with limit 2 take 100 ms", zh: "在途请求从不超过 limit 个：limit 为 2 时 4 个 50 ms 的请求用时 100 ms" }, async () => {
    // The fake server counts the requests in flight at every step of every schedule.
    const server = new FakeServer({ "/1": { ms: 40, readMs: 10 }, "/2": { ms: 50 }, "/3": { ms: 50 }, "/4": { ms: 45, readMs: 5 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(context.background(), ["/1", "/2", "/3", "/4"], 2, server.client);
    const elapsed = time.since(start);
    expect(err, "error when every server answers 200").toBeNull();
    expect(bodies, "bodies of /1 … /4").toEqual(["body of /1", "body of /2", "body of /3", "body of /4"]);
    expect(server.most, "most requests in flight at once, with limit 2").toBeLessThanOrEqual(2);
    expect(elapsed, `4 requests of 50 ms with limit 2 took ${elapsed} ms of virtual time`).toBe(100);
  });

  test({ en: "the first error cancels the other requests and is the one returned", zh: "第一个错误取消其他请求，返回的就是它" }, async () => {
    // /b is unreachable after 10 ms. /a (100 ms) is then in flight and must see its context end;
    // /c and /d, not started yet with limit 2, must not take their full time either.
    const refused = new Error('dial tcp 10.0.0.2:80: connect: connection refused');
    const server = new FakeServer({ "/a": { ms: 100 }, "/b": { ms: 10, down: refused }, "/c": { ms: 1000 }, "/d": { ms: 50 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b", "/c", "/d"], 2, server.client);
    const elapsed = time.since(start);
    expect(isOrWraps(err, refused), `fetchAll returned the error ${shown(err)}; want /b's (connection refused), the first to happen`).toBe(true);
    expect(isOrWraps(err, context.Canceled), `fetchAll returned the error ${shown(err)}; want /b's alone, not the cancellations it caused`).toBe(false);
    expect(bodies, "bodies returned with an error").toEqual([]);
    expect(elapsed, `virtual time before fetchAll returned the error (${elapsed} ms); the requests still running must stop when /b fails at 10 ms`).toBe(10);
    expect(server.sawEnd, "urls whose request saw its context end: /a was in flight when /b failed").toContain("/a");
    expect(server.inFlight, "requests still in flight when fetchAll returned the first error; it returns once the requests it cancelled have stopped").toBe(0);
  });

  test({ en: "after the first error, fetchAll returns only once the requests it cancelled have stopped", zh: "第一个错误之后，fetchAll 要等被它取消的请求都停下才返回" }, async () => {
    // Both requests start at once: /b fails at 10 ms while /a (100 ms) is in flight. A version
    // that returns the error without waiting for /a to stop leaves it running behind the caller
    // (not blocked for good, so the leak detector would not see it).
    const refused = new Error("dial tcp 10.0.0.2:80: connect: connection refused");
    const server = new FakeServer({ "/a": { ms: 100 }, "/b": { ms: 10, down: refused } });
    const [, err] = await fetchAll(context.background(), ["/a", "/b"], 2, server.client);
    expect(isOrWraps(err, refused), `fetchAll returned the error ${shown(err)}; want /b's (connection refused)`).toBe(true);
    expect(server.inFlight, "requests still in flight when fetchAll returned").toBe(0);
  });

  test({ en: "a status outside 200–299 is an error that names the url and the status", zh: "200–299 之外的状态码是错误，错误中写明 url 和状态码" }, async () => {
    const server = new FakeServer({ "/ok": { ms: 10 }, "/busy": { ms: 20, status: 503, body: "Service Unavailable" } });
    const [bodies, err] = await fetchAll(context.background(), ["/ok", "/busy"], 2, server.client);
    expect(err, "error when /busy answers 503").not.toBeNull();
    const message = String(err?.message);
    expect(message, "message of the error for a 503 from /busy: it must name the url and the status").toContain("/busy");
    expect(message, "message of the error for a 503 from /busy: it must name the url and the status").toContain("503");
    expect(bodies, "bodies returned with an error").toEqual([]);
  });

  test({ en: "a body that cannot be read is an error, not a shorter body", zh: "无法读取的响应体是错误，而不是更短的响应体" }, async () => {
    // /b's connection is reset while its body is read: half the body came, then the error.
    const reset = new Error("read tcp 10.0.0.3:80: connection reset by peer");
    const server = new FakeServer({ "/a": { ms: 10 }, "/b": { ms: 10, readMs: 20, readFails: reset, body: "0123456789" } });
    const [bodies, err] = await fetchAll(context.background(), ["/a", "/b"], 2, server.client);
    expect(isOrWraps(err, reset), `fetchAll returned the error ${shown(err)} and the bodies ${JSON.stringify(bodies)}; want the read error of /b (connection reset), not the half body read before it`).toBe(true);
    expect(bodies, "bodies returned with an error").toEqual([]);
  });

  test({ en: "a server that never answers is abandoned at the caller's deadline, and nothing is left running", zh: "从不答复的服务器在调用者的截止时间被放弃，不留下任何运行中的东西" }, async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 200 * time.Millisecond);
    using _cancel = { [Symbol.dispose]: cancel };
    const server = new FakeServer({ "/a": { ms: 10 }, "/stuck": { hang: true }, "/c": { ms: 30 } });
    const start = time.now();
    const [bodies, err] = await fetchAll(ctx, ["/a", "/stuck", "/c"], 3, server.client);
    const elapsed = time.since(start);
    expect(isOrWraps(err, context.DeadlineExceeded), `fetchAll returned the error ${shown(err)}; want the deadline's (context deadline exceeded)`).toBe(true);
    expect(bodies, "bodies returned with an error").toEqual([]);
    expect(elapsed, `virtual time before fetchAll returned (${elapsed} ms) with a 200 ms deadline`).toBe(200);
    expect(server.inFlight, "requests still in flight when fetchAll returned at the deadline").toBe(0);
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
    expect(isOrWraps(err, context.Canceled), `fetchAll returned the error ${shown(err)}; want the caller's cancellation (context canceled)`).toBe(true);
    expect(elapsed, `virtual time before fetchAll returned (${elapsed} ms), the caller cancelling at 30 ms`).toBe(30);
  });

  test({ en: "returns at once with no urls", zh: "没有 url 时立即返回" }, async () => {
    const server = new FakeServer({});
    const start = time.now();
    const got = await fetchAll(context.background(), [], 3, server.client);
    expect(got, "fetchAll(ctx, [], 3, client)").toEqual([[], null]);
    expect(time.since(start), "virtual time taken").toBe(0);
  });

  test({ en: "keeps its results in shared() state, where the race detector sees them", zh: "结果放在 shared() 状态里，竞态检测器才看得到" }, async () => {
    const server = new FakeServer({ "/a": { ms: 10 }, "/b": { ms: 5 }, "/c": { ms: 0 } });
    const seen = await sim.trackedAccessesOf(() => fetchAll(context.background(), ["/a", "/b", "/c"], 2, server.client));
    expect(seen.written.length, `places in shared() state written by fetchAll of 3 urls (${seen.written.join(", ") || "none"}): ${SHARE_RESULTS}`).toBeGreaterThanOrEqual(3);
  });
});
