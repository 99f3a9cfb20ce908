// expect: race "a page linked from many pages at once is fetched once"
// Claims URLs and records results without the lock: the check and the add sit next to each other
// with no await in between, so in JavaScript no other goroutine can run in between, and every URL
// is fetched once. In Go the goroutines run in parallel, and two of them can both find /about
// missing: nothing orders one goroutine's add before another's check. The race detector reports
// that, as `go test -race` would — the set and the results are shared state, and every access to
// them needs the lock (or a single goroutine that owns them).
import { chan, shared } from "gosync";
import * as context from "gosync/context";
import { WaitGroup } from "gosync/sync";

export interface Page {
  body: string;
  urls: string[];
}

export interface Fetcher {
  fetch(ctx: context.Context, url: string): Promise<Page>;
}

export type Result = { url: string; body: string } | { url: string; err: string };

export async function crawl(
  ctx: context.Context,
  url: string,
  depth: number,
  limit: number,
  fetcher: Fetcher,
): Promise<Result[]> {
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  // slots is a semaphore: a buffered channel of `limit` slots, one taken by each fetch in flight.
  const slots = chan<void>(limit);
  const wg = new WaitGroup();

  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    if (seen.has(url)) return; // no await between the check and the add: "nothing can come in between"
    seen.add(url);
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
    results.push(result);
    for (const link of links) wg.go(() => visit(link, depth - 1));
  };

  wg.go(() => visit(url, depth));
  await wg.wait();
  // wg.wait() orders every push before this read: no lock needed any more.
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
