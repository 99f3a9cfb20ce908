// expect: fail "never has more than limit requests in flight: 4 requests of 50 ms with limit 2 take 100 ms"
// errgroup with its context, every error checked — but no setLimit: every url gets its request
// at once. Fast, and a thousand urls make a thousand requests in flight against the same
// downstream, which is how an aggregator takes down what it aggregates.
import { shared } from "gosync";
import * as context from "gosync/context";
import * as errgroup from "gosync/errgroup";

export interface Body {
  readAll(): Promise<[text: string, err: Error | null]>;
}

export interface Response {
  status: number;
  body: Body;
}

export interface Client {
  get(ctx: context.Context, url: string): Promise<[Response, null] | [null, Error]>;
}

export async function fetchAll(
  ctx: context.Context,
  urls: string[],
  _limit: number,
  client: Client,
): Promise<[bodies: string[], err: Error | null]> {
  const [g, gctx] = errgroup.withContext(ctx);
  const results = shared<string[]>(new Array<string>(urls.length).fill(""));
  for (const [i, url] of urls.entries()) {
    await g.go(async () => {
      const [body, err] = await fetchOne(gctx, client, url);
      if (err !== null) return err;
      results[i] = body;
      return null;
    });
  }
  const err = await g.wait();
  if (err !== null) return [[], err];
  return [[...results], null];
}

async function fetchOne(ctx: context.Context, client: Client, url: string): Promise<[string, Error | null]> {
  const [resp, err] = await client.get(ctx, url);
  if (err !== null) return ["", err];
  if (resp.status < 200 || resp.status > 299) return ["", new Error(`GET ${url}: unexpected status ${resp.status}`)];
  const [body, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", readErr];
  return [body, null];
}
