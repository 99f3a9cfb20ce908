// expect: fail "a body that cannot be read is an error, not a shorter body"
// errgroup, a limit, the context, the status checked — and the source's `body, _ :=
// io.ReadAll(resp.Body)`: the read error is dropped. A connection reset half-way through a body
// hands back the half that arrived as if it were the whole response, and the caller aggregates
// a truncated document without ever hearing of it.
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
  if (resp.status < 200 || resp.status > 299) return ["", new Error(`GET ${url}: unexpected status ${resp.status}`)];
  const [body] = await resp.body.readAll();
  return [body, null];
}
