// A correct solution in another style: one coordinator goroutine owns the seen set and the
// results; `limit` workers receive URLs on a channel and send back what they fetched. The
// coordinator hands out work and takes reports in one select, so neither side ever waits for the
// other for long.
import { chan, select, send, recv, shared } from "gosync";
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

type Job = { url: string; depth: number };
type Done = { result: Result; links: string[]; depth: number };

export async function crawl(ctx: context.Context, root: string, depth: number, limit: number, fetcher: Fetcher): Promise<Result[]> {
  const seen = shared(new Set<string>());
  const results = shared<Result[]>([]);
  const jobs = chan<Job>();
  const done = chan<Done>();
  const wg = new WaitGroup();
  for (let i = 0; i < limit; i++) {
    wg.go(async () => {
      for await (const job of jobs) {
        let d: Done;
        try {
          const p = await fetcher.fetch(ctx, job.url);
          d = { result: { url: job.url, body: p.body }, links: p.urls, depth: job.depth };
        } catch (e) {
          d = { result: { url: job.url, err: (e as Error).message }, links: [], depth: job.depth };
        }
        await done.send(d);
      }
    });
  }
  const queue: Job[] = [];
  const enqueue = (url: string, d: number) => {
    if (d > 0 && !seen.has(url)) {
      seen.add(url);
      queue.push({ url, depth: d });
    }
  };
  enqueue(root, depth);
  let inFlight = 0;
  while (queue.length > 0 || inFlight > 0) {
    await select([
      send(queue.length > 0 ? jobs : null, queue[0]!, () => {
        queue.shift();
        inFlight++;
      }),
      recv(done, (d) => {
        inFlight--;
        results.push(d!.result);
        for (const l of d!.links) enqueue(l, d!.depth - 1);
      }),
    ]);
  }
  jobs.close();
  await wg.wait();
  return [...results].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
