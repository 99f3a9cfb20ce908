// The JavaScript budget: every chapter page, in both languages, loads at most 50 KB of gzip
// JavaScript before the reader scrolls or interacts (a size budget, measured by
// scripts/measure-js.mjs's measureJs; not a timing).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BUDGET_BYTES, kb, measureJs } from "../../scripts/measure-js.mjs";
import { CHAPTER_PAGES, missingChapterPages, offlineContext, useBrowserAndSite } from "./support/site.mjs";

const fixture = useBrowserAndSite();

describe("the JavaScript budget", () => {
  it(`keeps every chapter page at or under ${kb(BUDGET_BYTES)} of gzip JavaScript before any interaction`, async () => {
    assert.deepEqual(missingChapterPages(), [], "every chapter page is built");
    const over = [];
    const offsite = [];
    for (const path of CHAPTER_PAGES) {
      // A fresh context per page: an empty cache, so shared chunks are counted on every page.
      const { context, offsite: recorded } = await offlineContext(fixture.browser);
      const m = await measureJs(context, new URL(path, fixture.site.url).href);
      await context.close();
      offsite.push(...recorded);
      assert.ok(m.files.length > 0, `${path}: no JavaScript measured at all — is the page built?`);
      if (m.gzip > BUDGET_BYTES) over.push(`${path}: ${kb(m.gzip)} in ${m.files.length} files (${m.files.map((f) => `${new URL(f.url).pathname} ${kb(f.gzip)}`).join(", ")})`);
    }
    assert.deepEqual(offsite, [], `requests to other hosts: ${offsite.join(", ")}`);
    assert.deepEqual(over, [], `over the ${kb(BUDGET_BYTES)} budget:\n${over.join("\n")}`);
  });
});
