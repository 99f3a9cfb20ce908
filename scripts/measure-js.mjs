// measure-js: how much JavaScript each chapter page loads before the reader scrolls or
// interacts, in gzip bytes. Loads every chapter page (both languages) of the built site in
// Debian's Chromium with an empty cache, waits until the network is idle, and sums every
// JavaScript response (scripts, modules, workers). Bodies are gzipped here with zlib (level 6,
// what static hosts use by default), because the local server sends them uncompressed.
//
//   npm run build && npx node scripts/measure-js.mjs     (prints a table and the maximum)
//
// The browser test tests/browser/js-budget.test.mjs holds every chapter page to BUDGET_BYTES.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The issue's bar: a chapter page without an exercise in its first screen loads ≤ 50 KB gzip JS. */
export const BUDGET_BYTES = 50 * 1024;

/**
 * measureJs opens `url` in a new page of `context` (which should have an empty cache) and returns
 * { url, files: [{ url, raw, gzip }], inline: { raw, gzip }, raw, gzip } for every JavaScript
 * response received until the network has been idle for 500 ms, plus the page's inline scripts
 * (each gzipped on its own, as a stricter count). No scrolling, clicking or typing happens.
 */
export async function measureJs(context, url) {
  const page = await context.newPage();
  const pending = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    const contentType = response.headers()["content-type"] ?? "";
    if (type === "script" || /javascript|ecmascript/.test(contentType)) {
      pending.push(
        response.body().then(
          (body) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body, { level: 6 }).length }),
          () => ({ url: response.url(), raw: 0, gzip: 0 }),
        ),
      );
    }
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const files = await Promise.all(pending);
  // Inline <script> elements are JavaScript the page delivers too (theme, tab restore…).
  const inlineSources = await page.$$eval("script:not([src])", (scripts) =>
    scripts.filter((s) => !s.type || /module|javascript/.test(s.type)).map((s) => s.textContent ?? ""),
  );
  await page.close();
  const inline = { raw: 0, gzip: 0 };
  for (const source of inlineSources) {
    const body = Buffer.from(source);
    inline.raw += body.length;
    inline.gzip += gzipSync(body, { level: 6 }).length;
  }
  return {
    url,
    files,
    inline,
    raw: files.reduce((n, f) => n + f.raw, inline.raw),
    gzip: files.reduce((n, f) => n + f.gzip, inline.gzip),
  };
}

export function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main() {
  const { launchChromium, offlineContext, serveSite, CHAPTER_PAGES, missingChapterPages } = await import("../tests/browser/support/site.mjs");
  const [browser, site] = await Promise.all([launchChromium(), serveSite()]);
  try {
    const rows = [];
    for (const path of CHAPTER_PAGES.filter((p) => !missingChapterPages().includes(p))) {
      const { context } = await offlineContext(browser);
      rows.push({ path, ...(await measureJs(context, new URL(path, site.url).href)) });
      await context.close();
    }
    console.log(`JavaScript loaded before any interaction (gzip level 6), budget ${kb(BUDGET_BYTES)}\n`);
    console.log(`${"page".padEnd(26)}${"files".padStart(6)}${"inline gzip".padStart(13)}${"total raw".padStart(12)}${"total gzip".padStart(12)}`);
    for (const r of rows) {
      console.log(`${r.path.padEnd(26)}${String(r.files.length).padStart(6)}${kb(r.inline.gzip).padStart(13)}${kb(r.raw).padStart(12)}${kb(r.gzip).padStart(12)}`);
    }
    const max = rows.reduce((m, r) => (r.gzip > m.gzip ? r : m), rows[0]);
    console.log(`\nmax: ${kb(max.gzip)} on ${max.path} (inline ${kb(max.inline.gzip)}; ${max.files.length} files: ${max.files.map((f) => `${new URL(f.url).pathname} ${kb(f.gzip)}`).join(", ")})`);
    const missing = missingChapterPages();
    if (missing.length) console.log(`not built (not measured): ${missing.join(", ")}`);
    process.exitCode = max.gzip <= BUDGET_BYTES ? 0 : 1;
  } finally {
    await browser.close();
    await site.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
