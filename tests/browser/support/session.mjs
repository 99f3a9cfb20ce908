// One test file's site and browser: the built site ($SYNCLAB_DIST, else dist/) served on
// 127.0.0.1 as `npm start` serves it, and one Chromium whose requests to other hosts are blocked
// and recorded (exercise-support.mjs). Runs in Node 24 (node --test).
import { after, afterEach, before } from "node:test";
import assert from "node:assert/strict";
import { launch, startSite } from "../exercise-support.mjs";

/**
 * browserSession registers, for the file that calls it at its top level, node:test hooks that
 * start the site and the browser before its first test and close them after its last, and that
 * fail any test during which a request left 127.0.0.1. It returns the session, whose `site`
 * ({ origin }) and `browser` ({ context, foreign }) are set once the `before` hook has run, and
 * `url(path)`, the path on the site. `page: true` opens one page for the whole file
 * (`session.page`); `serviceWorkers` goes to launch() ("block" unless "allow"); `ready(session)`
 * runs at the end of the same hook, for the file's own setup (node:test may run a file's
 * top-level `before` hooks at the same time, so a second hook could not wait for this one).
 */
export function browserSession({ page = false, serviceWorkers = "block", ready } = {}) {
  const session = { site: undefined, browser: undefined, page: undefined, url: (path) => `${session.site.origin}${path}` };
  let foreignBefore = 0;
  before(async () => {
    session.site = await startSite(process.env.SYNCLAB_DIST || "dist");
    session.browser = await launch({ serviceWorkers });
    if (page) session.page = await session.browser.context.newPage();
    await ready?.(session);
  });
  after(async () => {
    await session.browser?.close();
    await session.site?.close();
  });
  afterEach(() => {
    const leaked = session.browser.foreign.slice(foreignBefore);
    foreignBefore = session.browser.foreign.length;
    assert.deepEqual(leaked, [], "no request left 127.0.0.1");
  });
  return session;
}
