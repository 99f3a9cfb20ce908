import { chan, shared } from "gosync";
import * as context from "gosync/context";
import { Mutex, WaitGroup } from "gosync/sync";

/** Page is what a fetch returns: the page's body and the URLs it links to. */
export interface Page {
  body: string;
  urls: string[];
}

/**
 * Fetcher fetches pages. fetch takes a while; it throws an Error when the page cannot be
 * fetched, and ctx.err() as soon as ctx ends.
 */
export interface Fetcher {
  fetch(ctx: context.Context, url: string): Promise<Page>;
}

/** Result is what the crawl learned of one URL it fetched: its body, or the message of its fetch's error. */
export type Result = { url: string; body: string } | { url: string; err: string };

/**
 * crawl fetches url and the pages it links to, up to depth links deep (url itself is fetched
 * when depth ≥ 1, the pages it links to are crawled with depth − 1), and returns one Result per
 * URL it fetched, sorted by URL.
 *
 * Each URL is fetched once: a goroutine claims a URL — checks the seen set and adds to it — in
 * one critical section, before it waits for anything. At most `limit` fetches run at once: a
 * goroutine holds one of `limit` slots only while it fetches, never while it waits for the
 * pages below it (holding it there, the crawl deadlocks as soon as every slot holder waits).
 * Every fetch gets ctx, so when ctx ends the fetches in flight end with it; crawl returns
 * after every goroutine it started has returned.
 */
export async function crawl(
  ctx: context.Context,
  url: string,
  depth: number,
  limit: number,
  fetcher: Fetcher,
): Promise<Result[]> {
  // mu guards seen and results, which every crawling goroutine reads and writes.
  const mu = new Mutex();
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  // slots is a semaphore: a buffered channel of `limit` slots, one taken by each fetch in flight.
  const slots = chan<void>(limit);
  const wg = new WaitGroup();

  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    {
      using _ = await mu.lock();
      if (seen.has(url)) return;
      seen.add(url);
    }
    let result: Result;
    let links: string[] = [];
    await slots.send();
    try {
      const page = await fetcher.fetch(ctx, url);
      result = { url, body: page.body };
      links = page.urls;
    } catch (err) {
      result = { url, err: err instanceof Error ? err.message : String(err) };
    } finally {
      await slots.recv();
    }
    {
      using _ = await mu.lock();
      results.push(result);
    }
    for (const link of links) wg.go(() => visit(link, depth - 1));
  };

  wg.go(() => visit(url, depth));
  await wg.wait();
  // wg.wait() orders every push before this read: no lock needed any more.
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
