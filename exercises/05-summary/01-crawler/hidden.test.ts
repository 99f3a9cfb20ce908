// Hidden tests for "crawler". Each test body runs as goroutine 1 of a gosync simulation, explored
// over many schedules with the race, deadlock and leak detectors on: a goroutine still alive when
// the test body returns is reported as a leak. Time is virtual: it advances only when every
// goroutine is blocked, so the durations below are exact.
import { test, expect, describe } from "vitest";
import { select, recv } from "gosync";
import * as context from "gosync/context";
import * as time from "gosync/time";
import * as sim from "gosync/sim";
import { crawl, type Fetcher, type Page, type Result } from "./solution.ts";

/** Site describes a fake web: per URL, how long its fetch takes, and its page or its failure. */
type Site = Record<string, { ms: number; body: string; urls: string[] } | { ms: number; fail: string }>;

/**
 * FakeFetcher serves a Site in virtual time. It counts the fetches of each URL and how many run
 * at once, and honours its context: a fetch ends when its ctx ends, throwing ctx.err(). A URL the
 * site does not have fails after 5 ms with "not found: <url>", as A Tour of Go's fetcher does.
 */
class FakeFetcher implements Fetcher {
  readonly calls: Record<string, number> = {};
  active = 0;
  maxActive = 0;
  readonly #site: Site;

  constructor(site: Site) {
    this.#site = site;
  }

  async fetch(ctx: context.Context, url: string): Promise<Page> {
    this.calls[url] = (this.calls[url] ?? 0) + 1;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const page = Object.hasOwn(this.#site, url) ? this.#site[url]! : { ms: 5, fail: `not found: ${url}` };
      const timer = time.newTimer(page.ms * time.Millisecond);
      let ended = false;
      try {
        await select([
          recv(timer.c, () => {}),
          recv(ctx.done(), () => {
            ended = true;
          }),
        ]);
      } finally {
        timer.stop();
      }
      if (ended) throw ctx.err()!;
      if ("fail" in page) throw new Error(page.fail);
      return { body: page.body, urls: [...page.urls] };
    } finally {
      this.active--;
    }
  }

  /** fetchedTwice lists the URLs fetched more than once, with how often. */
  fetchedTwice(): string[] {
    return Object.entries(this.calls)
      .filter(([, n]) => n > 1)
      .map(([url, n]) => `${url} fetched ${n} times`);
  }
}

const body = (url: string, text: string): Result => ({ url, body: text });
const failed = (url: string, message: string): Result => ({ url, err: message });

/** show renders a crawl's results one per line, for failure messages. */
const show = (results: readonly Result[]) => results.map((r) => ("body" in r ? `${r.url}: ${r.body}` : `${r.url}: error ${r.err}`)).join("; ");

/** GO is A Tour of Go's fake web (golang.org/cmd/ is missing), with latencies. */
const GO = "https://golang.org/";
const TOUR: Site = {
  [GO]: { ms: 10, body: "The Go Programming Language", urls: [`${GO}pkg/`, `${GO}cmd/`] },
  [`${GO}pkg/`]: { ms: 20, body: "Packages", urls: [GO, `${GO}cmd/`, `${GO}pkg/fmt/`, `${GO}pkg/os/`] },
  [`${GO}pkg/fmt/`]: { ms: 15, body: "Package fmt", urls: [GO, `${GO}pkg/`] },
  [`${GO}pkg/os/`]: { ms: 15, body: "Package os", urls: [GO, `${GO}pkg/`] },
};

describe("crawl", () => {
  test({ en: "fetches every page within depth links of the root once, and returns the results sorted by URL", zh: "距根页面 depth 个链接以内的每个页面都抓取一次，并按 URL 排序返回结果" }, async () => {
    const fetcher = new FakeFetcher(TOUR);
    const got = await crawl(context.background(), GO, 4, 2, fetcher);
    expect(fetcher.fetchedTwice(), { en: "URLs fetched more than once", zh: "被抓取了不止一次的 URL" }).toEqual([]);
    expect(got, { en: `results of crawling ${GO} to depth 4 (got ${show(got)})`, zh: `以深度 4 爬取 ${GO} 的结果（得到 ${show(got)}）` }).toEqual([
      body(GO, "The Go Programming Language"),
      failed(`${GO}cmd/`, `not found: ${GO}cmd/`),
      body(`${GO}pkg/`, "Packages"),
      body(`${GO}pkg/fmt/`, "Package fmt"),
      body(`${GO}pkg/os/`, "Package os"),
    ]);
  });

  test({ en: "stops at the depth limit: depth 1 fetches only the root, depth 0 nothing", zh: "在深度限制处停止：depth 为 1 只抓取根页面，为 0 什么也不抓取" }, async () => {
    const none = new FakeFetcher(TOUR);
    expect(await crawl(context.background(), GO, 0, 2, none), { en: "results at depth 0", zh: "深度为 0 时的结果" }).toEqual([]);
    expect(none.calls, { en: "fetches at depth 0", zh: "深度为 0 时的抓取" }).toEqual({});
    const one = new FakeFetcher(TOUR);
    expect(await crawl(context.background(), GO, 1, 2, one), { en: "results at depth 1", zh: "深度为 1 时的结果" }).toEqual([body(GO, "The Go Programming Language")]);
    const two = new FakeFetcher(TOUR);
    const got = await crawl(context.background(), GO, 2, 2, two);
    expect(got, { en: `results at depth 2: the root and the pages it links to (got ${show(got)})`, zh: `深度为 2 时的结果：根页面和它链接到的页面（得到 ${show(got)}）` }).toEqual([
      body(GO, "The Go Programming Language"),
      failed(`${GO}cmd/`, `not found: ${GO}cmd/`),
      body(`${GO}pkg/`, "Packages"),
    ]);
  });

  test({ en: "a page linked from many pages at once is fetched once", zh: "同时被许多页面链接的页面只抓取一次" }, async () => {
    const site: Site = { "/": { ms: 10, body: "home", urls: ["/a", "/b", "/c", "/d"] } };
    for (const p of ["/a", "/b", "/c", "/d"]) site[p] = { ms: 10, body: `page ${p}`, urls: ["/about", "/"] };
    site["/about"] = { ms: 10, body: "about", urls: [] };
    const fetcher = new FakeFetcher(site);
    const got = await crawl(context.background(), "/", 3, 8, fetcher);
    expect(fetcher.fetchedTwice(), { en: "four pages fetched at the same moment all link to /about: URLs fetched more than once", zh: "同一时刻抓取的四个页面都链接到 /about：被抓取了不止一次的 URL" }).toEqual([]);
    expect(got.map((r) => r.url), { en: "URLs in the results", zh: "结果中的 URL" }).toEqual(["/", "/a", "/about", "/b", "/c", "/d"]);
  });

  test({ en: "reports a page that fails and crawls on: one failure stops nothing else", zh: "报告失败的页面并继续爬取：一次失败不会让其他任何东西停下" }, async () => {
    const site: Site = {
      "/": { ms: 10, body: "home", urls: ["/broken", "/slow"] },
      "/broken": { ms: 5, fail: "500 Internal Server Error" },
      "/slow": { ms: 30, body: "slow page", urls: ["/slow/more"] },
      "/slow/more": { ms: 10, body: "more", urls: [] },
    };
    const fetcher = new FakeFetcher(site);
    const got = await crawl(context.background(), "/", 3, 4, fetcher);
    expect(got, { en: `results when /broken fails while /slow is still loading (got ${show(got)})`, zh: `/slow 仍在加载时 /broken 失败的结果（得到 ${show(got)}）` }).toEqual([
      body("/", "home"),
      failed("/broken", "500 Internal Server Error"),
      body("/slow", "slow page"),
      body("/slow/more", "more"),
    ]);
  });

  test({ en: "never runs more than limit fetches at once, and keeps all of them busy", zh: "同时进行的抓取从不超过 limit 个，并让它们都不闲着" }, async () => {
    const pages = ["/1", "/2", "/3", "/4", "/5", "/6"];
    const site: Site = { "/": { ms: 100, body: "index", urls: pages } };
    for (const p of pages) site[p] = { ms: 100, body: `page ${p}`, urls: [] };
    const fetcher = new FakeFetcher(site);
    const start = time.now();
    const got = await crawl(context.background(), "/", 2, 3, fetcher);
    const elapsed = time.since(start);
    expect(got.length, { en: `results (got ${show(got)})`, zh: `结果（得到 ${show(got)}）` }).toBe(7);
    expect(fetcher.maxActive, { en: "most fetches running at the same time, with a limit of 3", zh: "limit 为 3 时同时进行的抓取数的最大值" }).toBeLessThanOrEqual(3);
    // The index takes 100 ms; then its 6 pages, 3 at a time, take 2 × 100 ms.
    expect(elapsed, { en: "virtual time taken: an index of 100 ms, then 6 pages of 100 ms each, 3 at a time", zh: "所用的虚拟时间：一个 100 ms 的索引页，然后 6 个各 100 ms 的页面，每次 3 个" }).toBe(300);
  });

  test({ en: "with a limit of 1, fetches one page at a time and still finishes", zh: "limit 为 1 时一次抓取一个页面，仍能完成" }, async () => {
    const site: Site = {
      "/": { ms: 10, body: "home", urls: ["/a", "/b"] },
      "/a": { ms: 10, body: "a", urls: ["/a/1"] },
      "/b": { ms: 10, body: "b", urls: [] },
      "/a/1": { ms: 10, body: "a1", urls: [] },
    };
    const fetcher = new FakeFetcher(site);
    const start = time.now();
    const got = await crawl(context.background(), "/", 3, 1, fetcher);
    expect(got.map((r) => r.url), { en: "URLs in the results", zh: "结果中的 URL" }).toEqual(["/", "/a", "/a/1", "/b"]);
    expect(fetcher.maxActive, { en: "most fetches running at the same time, with a limit of 1", zh: "limit 为 1 时同时进行的抓取数的最大值" }).toBe(1);
    expect(time.since(start), { en: "virtual time taken by 4 fetches of 10 ms, one at a time", zh: "4 次 10 ms 的抓取一次一个所用的虚拟时间" }).toBe(40);
  });

  test({ en: "ends at the context's deadline, reports the page still loading, and leaves no fetch running", zh: "在上下文的截止时间结束，报告仍在加载的页面，不留下任何运行中的抓取" }, async () => {
    const site: Site = {
      "/": { ms: 10, body: "home", urls: ["/fast", "/hung", "/slow"] },
      "/fast": { ms: 20, body: "fast", urls: [] },
      "/slow": { ms: 300, body: "slow", urls: [] },
      "/hung": { ms: 1 * time.Hour, body: "never", urls: [] },
    };
    const fetcher = new FakeFetcher(site);
    const [ctx, cancel] = context.withTimeout(context.background(), 500 * time.Millisecond);
    try {
      const start = time.now();
      const got = await crawl(ctx, "/", 2, 4, fetcher);
      const elapsed = time.since(start);
      const running = fetcher.active;
      expect(elapsed, { en: "virtual time taken with a 500 ms deadline while /hung never answers", zh: "截止时间为 500 ms、/hung 从不答复时所用的虚拟时间" }).toBe(500);
      expect(running, { en: "fetches still running when crawl returned", zh: "crawl 返回时仍在进行的抓取数" }).toBe(0);
      expect(got, { en: `results at the deadline (got ${show(got)})`, zh: `截止时间到达时的结果（得到 ${show(got)}）` }).toEqual([
        body("/", "home"),
        body("/fast", "fast"),
        failed("/hung", "context deadline exceeded"),
        body("/slow", "slow"),
      ]);
    } finally {
      cancel();
    }
  });

  test({ en: "keeps what its goroutines share — the URLs seen, the results — in shared() state", zh: "goroutine 共享的东西——已见过的 URL、结果——放在 shared() 状态里" }, async () => {
    const fetcher = new FakeFetcher(TOUR);
    let got: Result[] = [];
    const seen = await sim.trackedAccessesOf(async () => {
      got = await crawl(context.background(), GO, 4, 2, fetcher);
    });
    const both = seen.written.filter((a) => seen.read.includes(a));
    const why = {
      en: "the URLs already seen (and the results) must be kept in shared() state — shared(new Set()), shared([]), shared({}) — so the race detector can see every read and write of them (plain objects hide data races)",
      zh: "已见过的 URL（以及结果）必须放在 shared() 状态里——shared(new Set())、shared([])、shared({})——竞态检测器才能看到对它们的每一次读写（普通对象会藏住数据竞争）",
    };
    expect(seen.writes, { en: `writes of shared() state during a crawl that fetched ${got.length} URLs: ${why.en}`, zh: `抓取了 ${got.length} 个 URL 的一次爬取中对 shared() 状态的写入次数：${why.zh}` }).toBeGreaterThanOrEqual(got.length);
    expect(both, { en: `shared() state both written and read during the crawl (written: ${seen.written.join(", ")}; read: ${seen.read.join(", ")}): ${why.en}`, zh: `爬取中既被写入又被读取的 shared() 状态（写入：${seen.written.join(", ")}；读取：${seen.read.join(", ")}）：${why.zh}` }).not.toEqual([]);
  });
});
