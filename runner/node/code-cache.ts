/**
 * code-cache.ts — V8's code cache for the Node sandbox's runtime: made once per runtime and
 * Node version by a priming sandbox process, then read by every sandbox process this user
 * starts (sandbox-loader.cjs), which skips compiling the ~1 MB runtime and much of the
 * warm-up's lazy compiling. Runs in the Node host (main thread).
 *
 * Measured on the 2-core dev machine: spawn → `loaded` went from ~90 to ~60 ms of CPU; a
 * grading batch of 450 judgments spends ~13 s less CPU (scripts/bench-grade.ts).
 *
 * Trust: the cache is machine code's recipe — V8 checks it against the source and its flags,
 * not against tampering — so only a process that runs no Run's code may write it. The primer
 * is a sandbox process under the same permission model plus write access to one fresh file of
 * the private directory (runtime-bundle.ts), given no Run: it warms up on the built-in
 * programs (core/warmup.ts), writes the cache and exits. The host renames the file into place;
 * a sandbox can read the cache and never write it. A missing, partial (never renamed) or
 * refused cache only costs the compile: nothing here changes a verdict.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { nodeFlags } from "./child-transport.ts";
import type { SandboxLaunch } from "./runtime-bundle.ts";

/** PRIME_WARM_MS is how long the primer warms up before it writes the cache: long enough to compile the judge's hot paths. */
const PRIME_WARM_MS = 400;
/** PRIME_LIMIT_MS is how long the host waits for a primer before it gives up (and kills it). */
const PRIME_LIMIT_MS = 20_000;

const priming = new Map<string, Promise<boolean>>();

/**
 * primeCodeCache makes the code cache `launch` names (its last file) unless it exists; the
 * first call per cache starts the primer, later calls share its promise. It resolves true
 * when the cache exists afterwards, false when priming failed (the sandboxes then compile
 * from source); it never rejects. The primer does not keep the host alive unless a caller
 * `waits` for it (a batch does; an interactive host primes in the background).
 */
export function primeCodeCache(launch: SandboxLaunch, memoryMb: number, options: { wait?: boolean } = {}): Promise<boolean> {
  const cache = launch.files.at(-1);
  if (cache === undefined) return Promise.resolve(false);
  let p = priming.get(cache);
  if (p === undefined) {
    p = existsSync(cache) ? Promise.resolve(true) : prime(launch, cache, memoryMb);
    priming.set(cache, p);
  }
  if (options.wait) {
    // The primer's handles are unref'd: a referenced timer keeps the event loop alive until it is done.
    const alive = setInterval(() => undefined, 60_000);
    void p.finally(() => clearInterval(alive));
  }
  return p;
}

function prime(launch: SandboxLaunch, cache: string, memoryMb: number): Promise<boolean> {
  const out = `${cache}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  return new Promise<boolean>((resolve) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags([launch.entry, ...launch.files], memoryMb), `--allow-fs-write=${out}`, launch.entry, String(PRIME_WARM_MS), ...launch.files, out],
      // stdin stays open and silent (a sandbox that reads EOF before its Run exits at once);
      // its messages on fd 3 are drained and dropped.
      { env: {}, stdio: ["pipe", "ignore", "ignore", "pipe"], windowsHide: true },
    );
    const limit = setTimeout(() => child.kill("SIGKILL"), PRIME_LIMIT_MS);
    limit.unref();
    child.unref();
    for (const s of child.stdio) {
      const stream = s as unknown as { unref?(): void; on?(e: string, f: () => void): void; resume?(): void } | null;
      stream?.on?.("error", () => undefined);
      stream?.unref?.();
    }
    (child.stdio[3] as unknown as { resume(): void }).resume();
    const done = (ok: boolean) => {
      clearTimeout(limit);
      try {
        if (ok && statSync(out).size > 0) {
          chmodSync(out, 0o600);
          renameSync(out, cache);
        }
        else ok = false;
      } catch {
        ok = false;
      }
      rmSync(out, { force: true });
      resolve(ok || existsSync(cache));
    };
    child.on("error", () => done(false));
    child.on("exit", (code) => done(code === 0));
  });
}
