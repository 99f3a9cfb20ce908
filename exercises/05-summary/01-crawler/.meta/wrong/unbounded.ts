// expect: fail "never runs more than limit fetches at once, and keeps all of them busy"
// Each URL is claimed once under the lock, every goroutine is waited for, ctx reaches every
// fetch — but limit is never used: every page found starts its fetch at once. The 6 pages of
// the index all run together (6 fetches in flight with a limit of 3). A real site would see a
// burst of requests as wide as its widest page.
import { shared } from "gosync";
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

export async function crawl(ctx: context.Context, url: string, depth: number, _limit: number, fetcher: Fetcher): Promise<Result[]> {
  const mu = new Mutex();
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  const wg = new WaitGroup();
  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    {
      using _ = await mu.lock();
      if (seen.has(url)) return;
      seen.add(url);
    }
    try {
      const page = await fetcher.fetch(ctx, url);
      {
        using _ = await mu.lock();
        results.push({ url, body: page.body });
      }
      for (const link of page.urls) wg.go(() => visit(link, depth - 1));
    } catch (err) {
      using _ = await mu.lock();
      results.push({ url, err: (err as Error).message });
    }
  };
  wg.go(() => visit(url, depth));
  await wg.wait();
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
