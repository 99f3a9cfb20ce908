// expect: fail "after the first error, fetchAll returns only once the requests it cancelled have stopped"
// Cancels the others at the first error and returns it at once, without waiting for the
// requests it cancelled to stop: they run on behind the caller, runnable, so no leak is
// reported — the fake server counts them still in flight (found by an independent solver).
import { go, chan, shared, select, recv } from "gosync";
import * as context from "gosync/context";
import { Mutex, WaitGroup } from "gosync/sync";

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


async function fetchOne(ctx: context.Context, client: Client, url: string): Promise<[string, Error | null]> {
  const [resp, err] = await client.get(ctx, url);
  if (err !== null) return ["", err];
  if (resp.status < 200 || resp.status >= 300) return ["", new Error(`GET ${url}: status ${resp.status}`)];
  const [text, readErr] = await resp.body.readAll();
  if (readErr !== null) return ["", readErr];
  return [text, null];
}

/** A goroutine per url behind a semaphore channel; the first error cancels a child context. */
export async function fetchAll(ctx: context.Context, urls: string[], limit: number, client: Client): Promise<[bodies: string[], err: Error | null]> {
  const [cctx, cancel] = context.withCancel(ctx);
  try {
    const sem = chan<void>(limit);
    const mu = new Mutex();
    const st = shared<{ first: Error | null; bodies: string[] }>({ first: null, bodies: new Array<string>(urls.length).fill("") });
    const wg = new WaitGroup();
    const firstErr = chan<Error>(1);
    for (const [i, url] of urls.entries()) {
      await sem.send(undefined);
      if (cctx.err() !== null) { await sem.recv(); break; }
      wg.add(1);
      go(async () => {
        try {
          const [text, err] = await fetchOne(cctx, client, url);
          using _ = await mu.lock();
          if (err !== null) {
            if (st.first === null) { st.first = err; cancel(); await firstErr.send(err); }
          } else {
            st.bodies[i] = text;
          }
        } finally {
          await sem.recv();
          wg.done();
        }
      });
    }
    // bug: returns at the first error without waiting for the cancelled requests to stop
    const done = chan<void>();
    go(async () => { await wg.wait(); done.close(); });
    const early = await select([recv(firstErr, (e) => e ?? null), recv(done, () => null)]);
    if (early != null) return [[], early];
    using _ = await mu.lock();
    const first = st.first ?? ctx.err();
    if (first !== null) return [[], first];
    return [[...st.bodies], null];
  } finally {
    cancel();
  }
}
