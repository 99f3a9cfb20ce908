// A correct solution in another style: errgroup with setLimit, one group per depth. Each level's
// pages are fetched at most `limit` at a time; the links found are claimed under the lock and
// crawled as the next level once the whole level is done.
import { shared } from "gosync";
import * as context from "gosync/context";
import * as errgroup from "gosync/errgroup";
import { Mutex } from "gosync/sync";

export interface Page {
  body: string;
  urls: string[];
}
export interface Fetcher {
  fetch(ctx: context.Context, url: string): Promise<Page>;
}
export type Result = { url: string; body: string } | { url: string; err: string };

export async function crawl(ctx: context.Context, root: string, depth: number, limit: number, fetcher: Fetcher): Promise<Result[]> {
  const mu = new Mutex();
  const seen = shared(new Set<string>([root]));
  const results = shared<Result[]>([]);
  let level = depth > 0 ? [root] : [];
  for (let d = depth; d > 0 && level.length > 0; d--) {
    const next = shared<string[]>([]);
    const g = new errgroup.Group();
    g.setLimit(limit);
    for (const u of level) {
      await g.go(async () => {
        try {
          const page = await fetcher.fetch(ctx, u);
          using _ = await mu.lock();
          results.push({ url: u, body: page.body });
          for (const link of page.urls) {
            if (!seen.has(link)) {
              seen.add(link);
              next.push(link);
            }
          }
        } catch (err) {
          using _ = await mu.lock();
          results.push({ url: u, err: (err as Error).message });
        }
        return null;
      });
    }
    await g.wait();
    level = [...next];
  }
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
