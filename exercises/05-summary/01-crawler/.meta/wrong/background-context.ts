// expect: fail "ends at the context's deadline, reports the page still loading, and leaves no fetch running"
// Bounded, deduplicated and leak-free — but every fetch is given context.background() instead
// of ctx. The crawl's deadline reaches no request: a page that never answers keeps the whole
// crawl waiting for it (an hour here, forever on a real network), long after the caller gave up.
import { chan, shared } from "gosync";
import * as context from "gosync/context";
import { Mutex, WaitGroup } from "gosync/sync";

export interface Page {
  body: string;
  urls: string[];
}

export interface Fetcher {
  fetch(ctx: context.Context, url: string): Promise<Page>;
}

export type Result = { url: string; body: string } | { url: string; err: string };

export async function crawl(_ctx: context.Context, url: string, depth: number, limit: number, fetcher: Fetcher): Promise<Result[]> {
  const mu = new Mutex();
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  const slots = chan<void>(limit);
  const wg = new WaitGroup();
  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    {
      using _ = await mu.lock();
      if (seen.has(url)) return;
      seen.add(url);
    }
    let links: string[] = [];
    let result: Result;
    await slots.send();
    try {
      const page = await fetcher.fetch(context.background(), url);
      result = { url, body: page.body };
      links = page.urls;
    } catch (err) {
      result = { url, err: (err as Error).message };
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
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
