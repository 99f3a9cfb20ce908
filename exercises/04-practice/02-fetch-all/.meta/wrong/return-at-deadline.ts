// expect: leak "a caller that cancels ends the fetch at once with Canceled"
// Makes its requests like http.Get, with a context that never ends, and watches ctx itself:
// when the caller's deadline passes, fetchAll returns DeadlineExceeded right on time. But the
// request to the server that never answers is still waiting, and will wait forever: returning
// on time does not stop the work. The request must be bound to the context that ends.
import { go, chan, select, recv, shared } from "gosync";
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
  const finished = chan<Error | null>(1);
  go(async () => {
    for (const [i, url] of urls.entries()) {
      await g.go(async () => {
        const [body, err] = await fetchOne(context.background(), client, url);
        if (err !== null) return err;
        results[i] = body;
        return null;
      });
    }
    await finished.send(await g.wait());
  });
  let out: [string[], Error | null] = [[], null];
  await select([
    recv(finished, (err) => {
      out = err ? [[], err] : [[...results], null];
    }),
    recv(ctx.done(), () => {
      out = [[], ctx.err()];
    }),
  ]);
  return out;
}

async function fetchOne(ctx: context.Context, client: Client, url: string): Promise<[string, Error | null]> {
  const [resp, err] = await client.get(ctx, url);
  if (err !== null) return ["", err];
  if (resp.status < 200 || resp.status > 299) return ["", new Error(`GET ${url}: unexpected status ${resp.status}`)];
  const [body, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", readErr];
  return [body, null];
}
