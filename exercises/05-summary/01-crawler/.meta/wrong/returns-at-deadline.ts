// expect: fail "ends at the context's deadline, reports the page still loading, and leaves no fetch running"
// Returns as soon as ctx ends, with whatever results are in by then, instead of waiting for its
// goroutines: the fetch of /hung is still unwinding when crawl returns, its result is missing,
// and the goroutine that runs it outlives the call. Cancelling tells goroutines to stop; only
// waiting for them knows that they have.
import { go, chan, select, recv, shared } from "gosync";
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
      seen.add(url);
    }
    let links: string[] = [];
    let result: Result;
    await slots.send();
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
  const finished = chan<void>(1);
  go(async () => {
    await wg.wait();
    await finished.send();
  });
  await select([recv(finished, () => {}), recv(ctx.done(), () => {})]);
  using _ = await mu.lock();
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
