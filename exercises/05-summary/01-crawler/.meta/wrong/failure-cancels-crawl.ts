// expect: fail "reports a page that fails and crawls on: one failure stops nothing else"
// errgroup.withContext with setLimit, level by level — and each task returns its fetch's error
// to the group, as in chapter 4.2's fetchAll. For a crawler a broken page is a result, not a
// reason to stop: the first failure cancels the group's context, and every page still loading
// ends with "context canceled" (its links are never crawled).
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

export async function crawl(ctx: context.Context, url: string, depth: number, limit: number, fetcher: Fetcher): Promise<Result[]> {
  const mu = new Mutex();
  const seen = shared(new Set<string>([url]));
  const results = shared<Result[]>([]);
  const [g, gctx] = errgroup.withContext(ctx);
  let level = depth > 0 ? [url] : [];
  for (let d = depth; d > 0 && level.length > 0; d--) {
    const next = shared<string[]>([]);
    const lg = new errgroup.Group();
    lg.setLimit(limit);
    for (const u of level) {
      await lg.go(async () => {
        try {
          const page = await fetcher.fetch(gctx, u);
          using _ = await mu.lock();
          results.push({ url: u, body: page.body });
          for (const link of page.urls) {
            if (!seen.has(link)) {
              seen.add(link);
              next.push(link);
            }
          }
          return null;
        } catch (err) {
          {
            using _ = await mu.lock();
            results.push({ url: u, err: (err as Error).message });
          }
          await g.go(() => err as Error); // report it to the group: cancels gctx
          return null;
        }
      });
    }
    await lg.wait();
    level = [...next];
  }
  await g.wait();
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
