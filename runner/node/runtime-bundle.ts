/**
 * runtime-bundle.ts — the Node sandbox's code: child.ts with gosync, the harness and
 * @vitest/expect bundled by native esbuild (core/runtime-bundle.ts) into one classic script
 * whose value is a function of `require`, once per process, and written to a cache file beside
 * the loader that every sandbox process of this host starts from (sandbox-loader.cjs, which
 * compiles the script with V8's code cache for it: code-cache.ts). Those three files are the
 * only ones Node's permission model lets a sandbox read. A Run's own bundle holds only the
 * learner's code and the hidden tests. Runs in the Node host (main thread).
 *
 * The files are named by their content's hash under a directory private to this user
 * (os.tmpdir()/synclab-<uid>, mode 0700): another user cannot plant a runtime or a code cache
 * there, and processes that share the directory (vitest's workers, a CLI run twice) write the
 * same text.
 */
import { createHash, randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EsbuildLike } from "../core/bundle.ts";
import { buildRuntimeBundle, runtimeUrl, type RuntimeTarget } from "../core/runtime-bundle.ts";

/** NODE_RUNTIME is the Node sandbox's entry and name. */
const NODE_RUNTIME: RuntimeTarget = {
  entry: fileURLToPath(new URL("./child.ts", import.meta.url)),
  name: "node-sandbox.js",
  platform: "node",
  // Without comments the runtime is ASCII and a third smaller: a sandbox process starts ~25 ms
  // sooner (Node decodes and V8 scans a one-byte source faster). Identifiers stay.
  compact: true,
  // A classic script, not a module: V8 takes a code cache only for scripts compiled through
  // node:vm (sandbox-loader.cjs). Node's built-ins come from the loader's `require`.
  esbuild: { format: "iife", banner: { js: "(function (require) {" }, footer: { js: "})" } },
};

/** LOADER is the sandbox process's entry (sandbox-loader.cjs), copied into the private directory beside the runtime. */
const LOADER = fileURLToPath(new URL("./sandbox-loader.cjs", import.meta.url));

/** RUNTIME_URL names the runtime bundle in stacks; gosync treats frames under `gosync/dist/` as its own, not the learner's. */
export const RUNTIME_URL = runtimeUrl(NODE_RUNTIME);

/** SandboxLaunch says how a sandbox process starts: `node <flags> <entry> <warmMs> ...files`, reading nothing but those. */
export interface SandboxLaunch {
  /** absolute path of the script Node runs (the loader) */
  entry: string;
  /** absolute paths it is given, in order, and may read: the runtime, then its code cache (which may not exist yet) */
  files: string[];
}

/** RuntimeBundle is the built sandbox runtime. */
export interface RuntimeBundle {
  code: string;
  /** how a sandbox process starts from it */
  launch: SandboxLaunch;
  /** time to build it (and write it, if the cache did not hold it) */
  ms: number;
}

let cached: Promise<RuntimeBundle> | undefined;

/** buildRuntime bundles the sandbox module with `esbuild` and writes it to its cache file; the first call builds, later calls share the result. */
export function buildRuntime(esbuild: EsbuildLike): Promise<RuntimeBundle> {
  cached ??= buildRuntimeBundle(esbuild, NODE_RUNTIME).then(({ code, ms }) => {
    const t0 = performance.now();
    const runtime = cacheFile("node-sandbox", code, "js");
    const entry = cacheFile("node-sandbox-loader", readFileSync(LOADER, "utf8"), "cjs");
    // The code cache is V8's, for this Node: named by the runtime and Node's version and arch.
    const codeCache = runtime.replace(/\.js$/, `.${process.version}-${process.arch}.v8cache`);
    return { code, launch: { entry, files: [runtime, codeCache] }, ms: ms + performance.now() - t0 };
  });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** cacheDir is this user's private directory for runtime files; it throws if the path is not one. */
function cacheDir(): string {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `synclab-${uid ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const private_ = st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o077) === 0));
  if (!private_) {
    throw new Error(
      `synclab: ${dir} is not a directory private to this user (found ${st.isSymbolicLink() ? "a symbolic link" : `mode ${(st.mode & 0o777).toString(8)}, owner ${st.uid}`}; expected a directory of mode 700 owned by uid ${uid}): remove it and run again`,
    );
  }
  return dir;
}

/** cacheFile returns the path of a file holding `code`, named `<stem>-<hash>.<ext>`, writing it if absent or different. */
function cacheFile(stem: string, code: string, ext: string): string {
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 32);
  const file = join(cacheDir(), `${stem}-${hash}.${ext}`);
  try {
    if (readFileSync(file, "utf8") === code) return file;
  } catch {
    // absent: written below
  }
  // Written under a unique name and renamed: a sandbox never starts from a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(tmp, code, { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}
