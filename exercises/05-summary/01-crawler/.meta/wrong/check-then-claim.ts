// expect: fail "a page linked from many pages at once is fetched once"
// Checks the seen set, then waits for a slot, and only then adds the URL: the check and the
// claim are two steps with a wait in between. Four pages that link to /about finish at the same
// moment; each finds /about unseen before any of them has added it, and /about is fetched four
// times. The check and the add must be one critical section, with no wait inside.
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
  const wg = new WaitGroup();
  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    {
      using _ = await mu.lock();
      if (seen.has(url)) return;
    }
    await slots.send();
    {
      using _ = await mu.lock();
      seen.add(url);
    }
    let links: string[] = [];
    let result: Result;
    try {
      const page = await fetcher.fetch(ctx, url);
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
