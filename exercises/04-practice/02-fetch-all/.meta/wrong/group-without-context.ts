// expect: fail "the first error cancels the other requests and is the one returned"
// A plain errgroup Group with a limit, every request given the caller's ctx: bounded, every
// error checked, the first one returned — but nothing cancels the other requests when one
// fails. fetchAll waits for all of them to finish, only to throw their bodies away: a failure
// after 10 ms costs as long as the slowest request.
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
  const g = new errgroup.Group();
  g.setLimit(limit);
  const results = shared<string[]>(new Array<string>(urls.length).fill(""));
  for (const [i, url] of urls.entries()) {
    await g.go(async () => {
      const [body, err] = await fetchOne(ctx, client, url);
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
