// /sandbox.html — the isolated document learner code runs in (see runner/browser/sandbox-host.ts).
// Built at site build by native esbuild; the Exercise island loads it in a sandboxed iframe.
import { buildSandboxHtml } from "../../runner/browser/build-sandbox.ts";

export const prerender = true;

export async function GET(): Promise<Response> {
  return new Response(await buildSandboxHtml(), { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
