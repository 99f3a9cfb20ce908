import * as context from "gosync/context";

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
 * crawl fetches url and the pages it links to, up to depth links deep, and returns one Result
 * per URL it fetched.
 *
 * This is A Tour of Go's crawler as the Tour hands it out: one fetch at a time, and a page
 * linked from several others is fetched again each time it is reached.
 */
export async function crawl(
  ctx: context.Context,
  url: string,
  depth: number,
  limit: number,
  fetcher: Fetcher,
): Promise<Result[]> {
  const results: Result[] = [];
  const visit = async (url: string, depth: number): Promise<void> => {
    if (depth <= 0) return;
    try {
      const page = await fetcher.fetch(ctx, url);
      results.push({ url, body: page.body });
      for (const u of page.urls) await visit(u, depth - 1);
    } catch (err) {
      results.push({ url, err: (err as Error).message });
    }
  };
  await visit(url, depth);
  return results;
}
