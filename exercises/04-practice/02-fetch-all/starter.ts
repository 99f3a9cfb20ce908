import { go, chan, select, recv, shared, DisposableStack } from "gosync";
import * as context from "gosync/context";
import { WaitGroup } from "gosync/sync";

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
 * fetchAll fetches every url's body and returns the bodies in the order of urls, or the error
 * that stopped it.
 *
 * This is the source's fetchAll from section 4.2, ported as it is (`http.Get` is a request
 * with a context that never ends). It passes while every server answers quickly and well; see
 * the instructions for what it must do.
 */
export async function fetchAll(
  ctx: context.Context,
  urls: string[],
  limit: number,
  client: Client,
): Promise<[bodies: string[], err: Error | null]> {
  const wg = new WaitGroup();
  const results = shared<string[]>(new Array<string>(urls.length).fill(""));
  const errCh = chan<Error>(urls.length);
  for (const [i, url] of urls.entries()) {
    wg.add(1);
    go(async () => {
      using d = new DisposableStack();
      d.defer(() => wg.done());
      const [resp, err] = await client.get(context.background(), url);
      if (err !== null) {
        await errCh.send(err);
        return;
      }
      const [body] = await resp.body.readAll();
      results[i] = body;
    });
  }
  await wg.wait();
  let out: [string[], Error | null] = [[...results], null];
  await select([recv(errCh, (err) => { out = [[], err ?? null]; })], () => {});
  return out;
}
