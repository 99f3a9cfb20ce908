// What the built site sends over the wire: the build writes Brotli and gzip copies of text and wasm
// assets, and scripts/serve.mjs (npm start, npm run preview) sends the one the request's
// Accept-Encoding allows. esbuild.wasm, the biggest file of a first Run, is the one that matters:
// 14 MB as is, ~3 MB in Brotli.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DIST, serveSite } from "./support/site.mjs";

const wasmName = readdirSync(join(DIST, "_astro")).find((f) => /^esbuild\..*\.wasm$/.test(f));
const wasmPath = `/_astro/${wasmName}`;
const wasmSize = wasmName ? statSync(join(DIST, "_astro", wasmName)).size : 0;

let site;
before(async () => {
  site = await serveSite();
});
after(() => site?.close());

/** get fetches `path` from the served site with the given Accept-Encoding and reads the whole body. */
async function get(path, acceptEncoding) {
  const res = await fetch(new URL(path, site.url), { headers: { "accept-encoding": acceptEncoding } });
  const body = new Uint8Array(await res.arrayBuffer());
  return { res, bytes: body.byteLength };
}

describe("compressed delivery", () => {
  it("the build wrote esbuild.wasm", () => {
    assert.ok(wasmName, `no _astro/esbuild.*.wasm in ${DIST}; run npm run build`);
  });

  it("sends esbuild.wasm in Brotli to a browser that accepts it, still as application/wasm", async () => {
    const { res, bytes } = await get(wasmPath, "gzip, deflate, br");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-encoding"), "br", `Content-Encoding of ${wasmPath}`);
    assert.equal(res.headers.get("content-type"), "application/wasm", "streaming compilation needs application/wasm");
    assert.match(res.headers.get("vary") ?? "", /accept-encoding/i, "a cache must not hand the Brotli copy to a client that did not ask for it");
    // fetch() decodes the body, so what arrives is the whole module again.
    assert.equal(bytes, wasmSize, "the decoded body is esbuild.wasm");
    const onWire = Number(res.headers.get("content-length"));
    assert.ok(onWire > 0 && onWire < 4_500_000, `esbuild.wasm took ${onWire} bytes on the wire; want under 4.5 MB (it is ${wasmSize} bytes as is)`);
  });

  it("sends gzip to a client that accepts only gzip, and the file as is to one that accepts neither", async () => {
    const gz = await get(wasmPath, "gzip");
    assert.equal(gz.res.headers.get("content-encoding"), "gzip");
    assert.equal(gz.bytes, wasmSize);
    const plain = await get(wasmPath, "identity");
    assert.equal(plain.res.headers.get("content-encoding"), null);
    assert.equal(Number(plain.res.headers.get("content-length")), wasmSize);
  });

  it("compresses the pages and scripts too", async () => {
    const page = await get("/en/sync-primitives/", "br");
    assert.equal(page.res.headers.get("content-encoding"), "br", "a chapter page");
    assert.match(page.res.headers.get("content-type") ?? "", /^text\/html/);
  });
});
