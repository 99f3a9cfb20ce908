// The built site in Debian's Chromium, with the network off: every chapter in both languages,
// the synced Go/TypeScript tabs, search in Chinese and English, dark mode and diagrams, the
// language switch, and the root page's language choice. One browser for the whole file; each
// test gets its own context so that storage (tabs, theme, language choice) starts empty.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CHAPTER_PAGES,
  CHAPTERS,
  contrastRatio,
  missingChapterPages,
  offlineContext,
  sourceH2Count,
  useBrowserAndSite,
  watch,
} from "./support/site.mjs";

const fixture = useBrowserAndSite();

/** open creates a fresh offline context and page; the test fails later if anything left 127.0.0.1. */
async function open(options = {}) {
  const { context, offsite } = await offlineContext(fixture.browser, options);
  const page = await context.newPage();
  const problems = watch(page);
  const done = async () => {
    await context.close();
    assert.deepEqual(offsite, [], `requests to other hosts (aborted): ${offsite.join(", ")}`);
    // With JavaScript off, Chromium refuses the scripts a page's <link rel=modulepreload> names
    // (site/plugins/modulepreload) and reports each as failed "(csp)": no script would run anyway.
    const real = options.javaScriptEnabled === false ? problems.filter((p) => !/\.js \(csp\)$/.test(p)) : problems;
    assert.deepEqual(real, [], real.join("\n"));
  };
  return { page, context, problems, done };
}

const url = (path) => new URL(path, fixture.site.url).href;

/** defined waits until the custom element `name` is defined, i.e. its script has run. */
const defined = (page, name) => page.waitForFunction((n) => customElements.get(n) !== undefined, name);

/** search opens Starlight's search dialog, types `term` and returns the result links' hrefs. */
async function search(page, term) {
  // The button works once Starlight's <site-search> element is defined (its module has run).
  await defined(page, "site-search");
  const input = page.locator("dialog[open] input");
  // Under heavy CPU load the first click can land before Pagefind's UI has mounted in the dialog;
  // close and reopen rather than fail on timing (this test is about what search finds).
  for (let attempt = 1; ; attempt++) {
    if (!(await page.locator("dialog[open]").count())) await page.locator("button[data-open-modal]").click();
    try {
      await input.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
  await input.fill(term);
  await page.locator("dialog[open] .pagefind-ui__result-link").first().waitFor({ timeout: 20_000 });
  return page.locator("dialog[open] .pagefind-ui__result-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
}

describe("every chapter page", () => {
  it("is built for the primer and each of the five chapters in both languages", () => {
    const missing = missingChapterPages();
    assert.deepEqual(missing, [], `chapter pages not in dist/: ${missing.join(", ")}`);
  });

  it("loads without console or page errors and shows its h1 and every ## heading of its source", async () => {
    const { page, done } = await open();
    const report = [];
    for (const path of CHAPTER_PAGES) {
      const response = await page.goto(url(path), { waitUntil: "load" });
      if (response?.status() !== 200) {
        report.push(`${path}: HTTP ${response?.status()}`);
        continue;
      }
      const h1 = (await page.locator("h1").first().textContent())?.trim();
      // Markdown ## headings carry an id (their anchor); headings inside components (e.g. an exercise) do not.
      const h2 = await page.locator(".sl-markdown-content h2[id]").allTextContents();
      const [, lang, slug] = path.split("/");
      const expected = sourceH2Count(lang, slug);
      if (!h1) report.push(`${path}: no h1`);
      if (h2.length === 0 || h2.some((t) => t.trim() === "")) report.push(`${path}: ## headings ${JSON.stringify(h2)}`);
      if (expected !== undefined && h2.length !== expected) report.push(`${path}: found ${h2.length} ## headings, the source has ${expected}`);
    }
    assert.deepEqual(report, [], report.join("\n"));
    await done();
  });
});

describe("the Go | TypeScript tabs", () => {
  const selected = (page) =>
    page.$$eval("starlight-tabs[data-sync-key=code]", (groups) =>
      groups.map((g) => g.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.trim()),
    );
  const visibleCode = (page) =>
    page.$$eval("starlight-tabs[data-sync-key=code] [role=tabpanel]:not([hidden]) pre", (pres) => pres.map((p) => p.dataset.language));

  it("switch between Go and TypeScript and stay on the reader's choice across pages and reloads", async () => {
    const { page, done } = await open();
    const [first, second] = ["/en/sync-primitives/", "/en/pitfalls/"];
    await page.goto(url(first));
    const initially = await selected(page);
    assert.ok(initially.length > 0, `${first} has no tab groups`);
    assert.ok(initially.every((l) => l === "Go"), `before any choice, every group shows Go; found ${JSON.stringify(initially)}`);

    await defined(page, "starlight-tabs");
    await page.locator('starlight-tabs[data-sync-key=code] [role="tab"]', { hasText: "TypeScript" }).first().click();
    const afterClick = await selected(page);
    assert.ok(afterClick.every((l) => l === "TypeScript"), `after picking TypeScript once, every group on the page shows it; found ${JSON.stringify(afterClick)}`);
    assert.ok((await visibleCode(page)).every((lang) => lang === "ts"), "only TypeScript code is visible");

    await page.goto(url(second));
    const elsewhere = await selected(page);
    assert.ok(elsewhere.length > 0 && elsewhere.every((l) => l === "TypeScript"), `${second} shows TypeScript too; found ${JSON.stringify(elsewhere)}`);
    await page.reload();
    const reloaded = await selected(page);
    assert.ok(reloaded.every((l) => l === "TypeScript"), `after a reload: ${JSON.stringify(reloaded)}`);

    await page.locator('starlight-tabs[data-sync-key=code] [role="tab"]', { hasText: "Go" }).first().click();
    await page.goto(url(first));
    const back = await selected(page);
    assert.ok(back.every((l) => l === "Go"), `switching back to Go sticks too; found ${JSON.stringify(back)}`);
    assert.ok((await visibleCode(page)).every((lang) => lang === "go"), "only Go code is visible");
    await done();
  });
});

describe("search", () => {
  it("finds a Chinese term on a Chinese page, and only Chinese pages", async () => {
    const { page, done } = await open();
    await page.goto(url("/zh/sync-primitives/"));
    const hits = await search(page, "互斥锁");
    assert.ok(hits.length > 0, "no results for 互斥锁");
    assert.ok(hits.every((h) => h.startsWith("/zh/")), `results outside /zh/: ${hits.join(", ")}`);
    assert.ok(hits.some((h) => h.startsWith("/zh/sync-primitives/")), `the Mutex chapter is among the results: ${hits.join(", ")}`);
    await done();
  });

  it("finds an English term on an English page, and only English pages", async () => {
    const { page, done } = await open();
    await page.goto(url("/en/pitfalls/"));
    const hits = await search(page, "deadlock");
    assert.ok(hits.length > 0, "no results for deadlock");
    assert.ok(hits.every((h) => h.startsWith("/en/")), `results outside /en/: ${hits.join(", ")}`);
    await done();
  });
});

describe("dark mode", () => {
  it("switches the theme and keeps the diagrams legible in dark and light", async () => {
    const { page, done } = await open({ colorScheme: "light" });
    const path = CHAPTER_PAGES.find((p) => p.endsWith("/pitfalls/") && p.startsWith("/zh/"));
    await page.goto(url(path));
    assert.ok((await page.locator("figure.diagram svg").count()) > 0, `${path} has a diagram`);
    const look = () =>
      page.evaluate(() => {
        const figure = document.querySelector("figure.diagram");
        const text = figure.querySelector("svg .node text");
        const box = figure.querySelector("svg .node rect, svg .node polygon");
        return {
          theme: document.documentElement.dataset.theme,
          page: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(text).fill,
          box: getComputedStyle(box).fill,
          visible: figure.getBoundingClientRect().height > 0 && getComputedStyle(figure.querySelector("svg")).display !== "none",
        };
      });
    await defined(page, "starlight-theme-select");
    const select = page.locator("starlight-theme-select select").first();
    await select.selectOption("dark");
    const dark = await look();
    await select.selectOption("light");
    const light = await look();
    assert.equal(dark.theme, "dark");
    assert.equal(light.theme, "light");
    for (const [name, v] of Object.entries({ dark, light })) {
      assert.ok(v.visible, `${name}: the diagram's SVG is displayed`);
      const onPage = contrastRatio(v.text, v.page);
      const onBox = contrastRatio(v.text, v.box);
      assert.ok(onPage >= 7 && onBox >= 4.5, `${name}: label ${v.text} on page ${v.page} (${onPage.toFixed(1)}:1) and on node ${v.box} (${onBox.toFixed(1)}:1); expected ≥ 7:1 and ≥ 4.5:1`);
    }
    assert.notEqual(dark.text, light.text, "the diagram's colours follow the theme");
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light", "the choice survives a reload");
    await done();
  });
});

describe("the language switch", () => {
  it("keeps the reader on the same chapter in the other language, and / then remembers the choice", async () => {
    const { page, done } = await open({ locale: "zh-CN" });
    const built = CHAPTERS.filter((slug) => !missingChapterPages().some((p) => p.endsWith(`/${slug}/`)));
    assert.ok(built.length > 0, "no chapter is built in both languages");
    for (const slug of built) {
      await page.goto(url(`/zh/${slug}/`));
      await defined(page, "starlight-lang-select");
      await Promise.all([page.waitForURL(url(`/en/${slug}/`)), page.locator("starlight-lang-select select").first().selectOption({ label: "English" })]);
      await Promise.all([page.waitForURL(url(`/zh/${slug}/`)), page.locator("starlight-lang-select select").first().selectOption({ label: "简体中文" })]);
    }
    await Promise.all([page.waitForURL(url(`/en/${built.at(-1)}/`)), page.locator("starlight-lang-select select").first().selectOption({ label: "English" })]);
    await page.goto(url("/"));
    await page.waitForURL(url("/en/"));
    await done();
  });
});

describe("where the reader is", () => {
  it("switching language keeps the reader at the same section of the chapter", async () => {
    const { page, done } = await open({ locale: "zh-CN", viewport: { width: 1366, height: 800 } });
    await page.goto(url("/zh/pitfalls/"));
    await defined(page, "starlight-lang-select");
    const headings = page.locator(".sl-markdown-content h2");
    const count = await headings.count();
    assert.ok(count >= 3, "chapter 3 has several sections");
    const target = Math.floor(count / 2);
    // The reader has scrolled to just below the section's heading. Scrolled there in one jump, the
    // blocks near it are drawn for the first time and can move it: scroll again until it stays.
    await headings.nth(target).evaluate(async (h) => {
      for (let i = 0; i < 20 && Math.abs(h.getBoundingClientRect().top + 10) > 1; i++) {
        window.scrollTo(0, window.scrollY + h.getBoundingClientRect().top - 10);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
    });
    await Promise.all([page.waitForURL(url("/en/pitfalls/")), page.locator("starlight-lang-select select").first().selectOption({ label: "English" })]);
    await page.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 10_000 });
    // The page settles there within a few frames (the blocks near the section are drawn for the
    // first time, then the heading is put back in place): read where it ends up.
    await page
      .waitForFunction((i) => Math.abs(document.querySelectorAll(".sl-markdown-content h2")[i].getBoundingClientRect().top + 10) <= 40, target, { timeout: 2000 })
      .catch(() => undefined);
    const top = await page.locator(".sl-markdown-content h2").nth(target).evaluate((h) => Math.round(h.getBoundingClientRect().top));
    assert.ok(Math.abs(top + 10) <= 40, `the English page opens at the same section (its heading ${target} is at y=${top}, want about -10)`);
    await done();
  });

  it("titles the home pages once (not \"SyncLab | SyncLab\")", async () => {
    const { page, done } = await open();
    for (const path of ["/zh/", "/en/"]) {
      await page.goto(url(path));
      const title = await page.title();
      assert.doesNotMatch(title, /SyncLab \| SyncLab/, `${path} title`);
      assert.match(title, /^SyncLab — /, `${path} title`);
    }
    await done();
  });

  it("answers an unknown address with a 404 page in the address's language", async () => {
    const { page, problems, done } = await open();
    for (const [path, lang, text] of [
      ["/en/nope/", "en", /not a page of SyncLab/],
      ["/zh/nope/", "zh-CN", /不是 SyncLab 的页面/],
    ]) {
      const res = await page.goto(url(path));
      assert.equal(res?.status(), 404, `${path} status`);
      assert.equal(await page.locator("html").getAttribute("lang"), lang, `${path} language`);
      assert.match(await page.locator("main").innerText(), text);
    }
    // The browser logs the documents' own 404 status; anything else is still a problem.
    const expected = (p) => /\/(en|zh)\/nope\/: Failed to load resource: .* 404/.test(p);
    problems.splice(0, problems.length, ...problems.filter((p) => !expected(p)));
    await done();
  });
});

describe("the root page /", () => {
  for (const [locale, expected] of [
    ["en-US", "/en/"],
    ["zh-CN", "/zh/"],
    ["fr-FR", "/en/"],
  ]) {
    it(`sends a browser in ${locale} to ${expected}`, async () => {
      const { page, done } = await open({ locale });
      await page.goto(url("/"));
      await page.waitForURL(url(expected));
      await done();
    });
  }

  it("shows both language links and works without JavaScript", async () => {
    const { page, done } = await open({ javaScriptEnabled: false, locale: "en-US" });
    await page.goto(url("/"));
    assert.equal(new URL(page.url()).pathname, "/");
    for (const [href, name] of [
      ["/zh/", "简体中文"],
      ["/en/", "English"],
    ]) {
      const link = page.locator(`a[href="${href}"]`);
      assert.ok(await link.isVisible(), `a visible link to ${href}`);
      assert.match(await link.textContent(), new RegExp(name));
    }
    await page.locator('a[href="/zh/"]').click();
    await page.waitForURL(url("/zh/"));
    await done();
  });
});

describe("offline", () => {
  it("loads every built page and runs a search with every request to another host failing", async () => {
    const { page, done } = await open();
    const paths = ["/", "/zh/", "/en/", ...CHAPTER_PAGES.filter((p) => !missingChapterPages().includes(p))];
    for (const path of paths) await page.goto(url(path), { waitUntil: "networkidle" });
    await page.goto(url("/en/sync-primitives/"));
    const hits = await search(page, "mutex");
    assert.ok(hits.length > 0, "search for mutex found nothing offline");
    await done();
  });
});
