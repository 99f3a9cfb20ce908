// /exercise/gosync/dist/browser-sandbox.js — the run workers' runtime: gosync and the harness,
// bundled once at site build (runner/browser/build-sandbox.ts). The Exercise island fetches it
// and hands its bytes to the sandbox iframe (which may not fetch); the path contains
// `gosync/dist/`, as the module's sourceURL does, the name gosync knows its own frames by.
import { buildBrowserRuntime } from "../../../../../runner/browser/build-sandbox.ts";

export const prerender = true;

export async function GET(): Promise<Response> {
  const { code } = await buildBrowserRuntime();
  return new Response(code, { headers: { "Content-Type": "text/javascript; charset=utf-8" } });
}
