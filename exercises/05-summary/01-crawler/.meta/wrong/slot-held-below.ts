// expect: deadlock "with a limit of 1, fetches one page at a time and still finishes"
// Takes a slot for the whole visit of a page — its fetch and then the wait for the pages below
// it — instead of for the fetch alone. A page holding a slot waits for its links, and each link
// waits for a slot: once every slot is held by a page waiting below it, nothing can move. With
// a limit of 1 that happens at the first link; with a larger limit, on a deep enough site.
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

export async function crawl(ctx: context.Context, url: string, depth: number, limit: number, fetcher: Fetcher): Promise<Result[]> {
  const mu = new Mutex();
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  const slots = chan<void>(limit);
  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    {
      using _ = await mu.lock();
      if (seen.has(url)) return;
      seen.add(url);
    }
    await slots.send();
    try {
      const page = await fetcher.fetch(ctx, url);
      {
        using _ = await mu.lock();
        results.push({ url, body: page.body });
      }
      const below = new WaitGroup();
      for (const link of page.urls) below.go(() => visit(link, depth - 1));
      await below.wait();
    } catch (err) {
      using _ = await mu.lock();
      results.push({ url, err: (err as Error).message });
    } finally {
      await slots.recv();
    }
  };
  await visit(url, depth);
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
