import { describe, expect, it } from "vitest";
import { withModulePreloads } from "./integration.ts";

/** imports is a build's static import graph: island imports helper, which imports state. */
const imports = new Map([
  ["_astro/Exercise.js", ["_astro/island.js", "_astro/helper.js"]],
  ["_astro/island.js", ["_astro/helper.js"]],
  ["_astro/helper.js", ["_astro/state.js"]],
  ["_astro/state.js", []],
  ["_astro/Footer.js", []],
]);
const page = (head: string, body: string) => `<html><head>${head}</head><body>${body}</body></html>`;

describe("withModulePreloads", () => {
  it("lists every module a page's module scripts import, however deep, once each, before </head>", () => {
    const html = page("<title>x</title>", '<script type="module" src="/_astro/Exercise.js"></script>');
    expect(withModulePreloads(html, "/", imports)).toBe(
      page(
        '<title>x</title><link rel="modulepreload" href="/_astro/island.js"><link rel="modulepreload" href="/_astro/helper.js"><link rel="modulepreload" href="/_astro/state.js">',
        '<script type="module" src="/_astro/Exercise.js"></script>',
      ),
    );
  });

  it("leaves out what a script or link of the page already names", () => {
    const html = page('<link rel="modulepreload" href="/_astro/state.js">', '<script type="module" src="/_astro/Exercise.js"></script><script type="module" src="/_astro/island.js"></script>');
    const out = withModulePreloads(html, "/", imports);
    expect(out.match(/rel="modulepreload"/g)).toHaveLength(2);
    expect(out).toContain('<link rel="modulepreload" href="/_astro/helper.js"></head>');
  });

  it("returns the page as it was when its scripts import nothing", () => {
    const html = page("", '<script type="module" src="/_astro/Footer.js"></script><script type="module">inline()</script>');
    expect(withModulePreloads(html, "/", imports)).toBe(html);
  });

  it("reads the scripts' paths under the site's base", () => {
    const html = page("", '<script type="module" src="/synclab/_astro/island.js"></script>');
    expect(withModulePreloads(html, "/synclab/", imports)).toContain('<link rel="modulepreload" href="/synclab/_astro/helper.js"><link rel="modulepreload" href="/synclab/_astro/state.js"></head>');
  });
});
