import { shared } from "gosync";
import * as context from "gosync/context";
import * as errgroup from "gosync/errgroup";

/** Body is a response body still to be read (Go: resp.Body). */
export interface Body {
  /**
   * readAll reads the body to its end (Go: io.ReadAll): [text, null], or the text read so far
   * and the error that stopped the read — also when the request's context ends first.
   */
  readAll(): Promise<[text: string, err: Error | null]>;
}

/** Response is a server's answer: its status code (200, 404, 503…) and its body. */
export interface Response {
  status: number;
  body: Body;
}

/** Client sends requests (Go: an *http.Client doing http.NewRequestWithContext). */
export interface Client {
  /**
   * get sends GET url bound to ctx and waits for the response's status: [response, null], or
   * [null, error] when the server cannot be reached — and at once when ctx ends, with an
   * error that wraps ctx.err().
   */
  get(ctx: context.Context, url: string): Promise<[Response, null] | [null, Error]>;
}

/**
 * fetchAll fetches every url's body, at most `limit` requests at a time, and returns the
 * bodies in the order of urls: [bodies, null]. Any failure — a server that cannot be reached, a
 * status outside 200–299, a body that cannot be read — cancels the requests still running and
 * is returned as [[], err], the first error; so is the end of ctx (its deadline, or a
 * cancellation by the caller). fetchAll returns only once every request it started has ended,
 * so no goroutine outlives it.
 */
export async function fetchAll(
  ctx: context.Context,
  urls: string[],
  limit: number,
  client: Client,
): Promise<[bodies: string[], err: Error | null]> {
  // gctx ends when ctx does, and at the first error: that is what stops the other requests.
  const [g, gctx] = errgroup.withContext(ctx);
  g.setLimit(limit);
  // Each request writes only its own slot: different elements, no lock.
  const results = shared<string[]>(new Array<string>(urls.length).fill(""));
  for (const [i, url] of urls.entries()) {
    // At the limit, go waits for a free slot, so at most `limit` requests are in flight.
    await g.go(async () => {
      const [body, err] = await fetchOne(gctx, client, url);
      if (err !== null) return err;
      results[i] = body;
      return null;
    });
  }
  const err = await g.wait(); // every request has ended: results is final
  if (err !== null) return [[], err];
  return [[...results], null];
}

/** fetchOne fetches one url under ctx and returns its body, or the reason it has none. */
async function fetchOne(ctx: context.Context, client: Client, url: string): Promise<[string, Error | null]> {
  const [resp, err] = await client.get(ctx, url);
  if (err !== null) return ["", err];
  if (resp.status < 200 || resp.status > 299) {
    return ["", new Error(`GET ${url}: unexpected status ${resp.status}`)];
  }
  // The source wrote `body, _ := io.ReadAll(resp.Body)`: a read cut short by a reset
  // connection or a timeout then passed for a whole, successful body.
  const [body, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", new Error(`GET ${url}: reading body: ${readErr.message}`, { cause: readErr })];
  return [body, null];
}
