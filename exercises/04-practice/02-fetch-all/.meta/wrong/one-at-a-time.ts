// expect: fail "takes as long as the slowest request, not the sum: 30, 50 and 20 ms with limit 3 take 50 ms"
// Fetches the urls one after another in a loop, under the caller's context: ordered, never
// more than one request in flight, the first error returned at once and nothing left running.
// And as slow as the sum of the requests — aggregation exists to pay only for the slowest.
import * as context from "gosync/context";

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
  const results: string[] = [];
  for (const url of urls) {
    const [body, err] = await fetchOne(ctx, client, url);
    if (err !== null) return [[], err];
    results.push(body);
  }
  return [results, null];
}

async function fetchOne(ctx: context.Context, client: Client, url: string): Promise<[string, Error | null]> {
  const [resp, err] = await client.get(ctx, url);
  if (err !== null) return ["", err];
  if (resp.status < 200 || resp.status > 299) return ["", new Error(`GET ${url}: unexpected status ${resp.status}`)];
  const [body, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", readErr];
  return [body, null];
}
