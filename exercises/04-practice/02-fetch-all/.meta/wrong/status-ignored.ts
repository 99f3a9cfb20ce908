// expect: fail "a status outside 200–299 is an error that names the url and the status"
// Everything right but the status: a 503 "Service Unavailable" page is taken as the body of
// a successful response, as the source's version does. The caller aggregates an error page as
// if it were data.
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
  limit: number,
  client: Client,
): Promise<[bodies: string[], err: Error | null]> {
  const [g, gctx] = errgroup.withContext(ctx);
  g.setLimit(limit);
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
  const [body, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", readErr];
  return [body, null];
}
