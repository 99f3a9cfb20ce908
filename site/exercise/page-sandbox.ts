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

/** warmed is how island.ts started the sandbox ahead of the first Run: not, with the runtime only, or in full. */
let warmed: "no" | "runtime" | "full" = "no";

/** wasWarmed tells how island.ts started the sandbox ahead of the first Run (warmSandbox). */
export function wasWarmed(): "no" | "runtime" | "full" {
  return warmed;
}

/**
 * warmSandbox starts the page's sandbox now, for an exercise the learner is looking at, so that
 * its first Run finds it ready. `full` (a link opened the page on the exercise): the sandbox
 * document, the run workers' runtime and esbuild.wasm, fetched and started — their downloads then
 * overlap Monaco's instead of following it. Otherwise (the exercise came into view) the runtime
 * only: the starter's Run needs no esbuild (files compiled at site build, client.seed), and the
 * wasm's download and compile would compete with the editor the learner is about to type in;
 * the controller asks for it when the learner pauses. island.ts calls it; a failure is the
 * first Run's to report.
 */
export function warmSandbox(full: boolean): void {
  if (warmed !== "full") warmed = full ? "full" : "runtime";
  const client = pageClient();
  void (full ? client.start() : client.startRuntime()).catch(() => undefined);
}
