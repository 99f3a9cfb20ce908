// Browser-test support: one Debian Chromium (playwright-core, never a downloaded browser), the
// built site served by sirv on a free 127.0.0.1 port inside the test process, and contexts whose
// every request not to 127.0.0.1 is aborted and recorded, so a test can prove the site works with
// the network off. Runs in Node 24 (node --test).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../../scripts/serve.mjs";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const DIST = resolve(ROOT, process.env.SYNCLAB_DIST ?? "dist");

/** CHAPTERS: URL slugs in reading order (content/chapters/{zh,en}/NN-slug.mdx without NN-): the primer, then chapters 1–5. */
export const CHAPTERS = ["primer", "sync-primitives", "defer-waitgroup", "pitfalls", "practice", "summary"];
export const LANGS = ["zh", "en"];
export const CHAPTER_PAGES = LANGS.flatMap((lang) => CHAPTERS.map((slug) => `/${lang}/${slug}/`));

/** The flags every SyncLab browser run uses (see the ground rules): no network side channels. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * launchChromium starts Debian's Chromium ($CHROMIUM_PATH, else /usr/bin/chromium). Playwright
 * gives every launch a fresh temporary profile (user data dir) and deletes it on close.
 */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** serveSite serves the built site on a free 127.0.0.1 port; fails clearly if it was not built. */
export async function serveSite() {
  if (!existsSync(join(DIST, "index.html"))) throw new Error(`${DIST}/index.html not found: build first (npm test builds)`);
  return startServer({ root: DIST, port: 0 });
}

/**
 * useBrowserAndSite registers node:test hooks that start one Chromium and one server for the
 * test file and stop both after it; the returned object's `browser` and `site` are set once the
 * `before` hook has run.
 */
export function useBrowserAndSite() {
  const fixture = { browser: undefined, site: undefined };
  before(async () => {
    [fixture.browser, fixture.site] = await Promise.all([launchChromium(), serveSite()]);
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.site?.close();
  });
  return fixture;
}

/**
 * offlineContext creates a browser context in which every request whose host is not 127.0.0.1
 * is aborted and recorded in `offsite` (workers' requests included: context routes see them).
 * The site's service worker is blocked unless `options.serviceWorkers` is "allow" (see launch()
 * in ../exercise-support.mjs for why).
 */
export async function offlineContext(browser, options = {}) {
  const context = await browser.newContext({ serviceWorkers: "block", ...options });
  const offsite = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).hostname === "127.0.0.1") return route.continue();
    offsite.push(url);
    return route.abort("internetdisconnected");
  });
  return { context, offsite };
}

/**
 * watch records what goes wrong on a page: console errors, uncaught page errors, and failed
 * requests (not those cancelled by a navigation). Call it right after creating the page.
 */
export function watch(page) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    // ERR_ABORTED is the browser cancelling a request because the page navigated away (e.g. the
    // root page's redirect); requests to other hosts are reported by offlineContext instead.
    if (reason !== "net::ERR_ABORTED") problems.push(`request failed on ${page.url()}: ${request.url()} (${reason})`);
  });
  return problems;
}

/** missingChapterPages lists chapter pages that were not built (a clear failure beats a 404 dance). */
export function missingChapterPages() {
  return CHAPTER_PAGES.filter((p) => !existsSync(join(DIST, p, "index.html")));
}

/** sourceH2Count counts `## ` headings of a chapter source outside code fences. */
export function sourceH2Count(lang, slug) {
  const dir = join(ROOT, "content/chapters", lang);
  const name = existsSync(dir) ? readdirSync(dir).find((f) => f.replace(/^\d+-/, "") === `${slug}.mdx`) : undefined;
  if (!name) return undefined;
  const file = join(dir, name);
  let fenced = false;
  let count = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^##\s+\S/.test(line)) count++;
  }
  return count;
}

/** contrastRatio is WCAG's contrast ratio of two CSS rgb()/rgba() colours (alpha ignored). */
export function contrastRatio(a, b) {
  const lum = (css) => {
    const [r, g, b2] = parseRgb(css).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

function parseRgb(css) {
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
  if (srgb) return srgb.slice(1, 4).map((v) => Number(v) * 255);
  const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(css);
  if (rgb) return rgb.slice(1, 4).map(Number);
  throw new Error(`cannot read colour ${JSON.stringify(css)}; expected rgb(…) or color(srgb …)`);
}
