/**
 * page-sandbox — the page's one sandbox client (runner/browser/client.ts), shared by its
 * exercises, and warmSandbox, which starts it ahead of the first Run.
 *
 * A module of its own, imported by nothing but the client, so that island.ts can start the sandbox
 * the moment an exercise is in view or linked to, without waiting for the editor controller's
 * chunk (it asked ~0.35 s later on a link to an exercise: the sandbox document was requested at
 * ~0.87 s of the page, its <head> having asked for esbuild.wasm at ~0.1 s). Runs on the page's
 * main thread.
 */
import wasmURL from "esbuild-wasm/esbuild.wasm?url";
import { sandboxClient } from "../../runner/browser/client.ts";

const base = import.meta.env.BASE_URL.replace(/\/?$/, "/");

/** pageClient is the page's one sandbox client: the sandbox document, esbuild.wasm and the run workers' runtime are the site's. */
export function pageClient(): ReturnType<typeof sandboxClient> {
  return sandboxClient({
    sandboxURL: `${base}sandbox.html`,
    wasmURL,
    runtimeURL: `${base}exercise/gosync/dist/browser-sandbox.js`,
  });
}

let warmed = false;

/** wasWarmed tells whether island.ts asked for the sandbox at once (warmSandbox). */
export function wasWarmed(): boolean {
  return warmed;
}

/**
 * warmSandbox starts the page's sandbox now — the sandbox document, esbuild.wasm and the run
 * workers' runtime fetched, the wasm compiled — for an exercise the learner is looking at (in
 * view, or opened by a link to it): their downloads then overlap Monaco's instead of following
 * it, and its first Run finds esbuild ready. island.ts calls it; a failure is the first Run's to report.
 */
export function warmSandbox(): void {
  warmed = true;
  void pageClient().start().catch(() => undefined);
}
