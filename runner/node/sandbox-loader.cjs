// sandbox-loader.cjs — the entry of every Node sandbox process (child-transport.ts starts it):
// compiles the sandbox runtime (runtime-bundle.ts: child.ts, gosync, the harness, bundled as
// one classic script whose value is a function of `require`) with V8's code cache for it when
// there is one (code-cache.ts), and calls it. Plain CommonJS, run as it is: it is the one piece
// of the sandbox that is not bundled.
//
//   node <flags> sandbox-loader.cjs <warmMs> <runtime file> <code cache file> [<prime output>]
//
// Why a loader: a sandbox process judges one Run and exits, so each one compiled the ~1 MB
// runtime from source; V8 takes a code cache only for a script compiled through node:vm
// (Node's own module compile cache needs write access, which a sandbox must not have). A cache
// that is absent, stale or refused by V8 (another Node, other flags) only costs the compile:
// V8 checks it against the source and falls back.
//
// <prime output> is given only to the priming process (code-cache.ts), which never receives a
// Run: it lets the runtime warm up for <warmMs>, writes the code cache V8 then has (the
// functions the warm-up compiled, not only the top level) to that one file, and exits.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { Script } = require("node:vm");

const proc = process;
const later = setTimeout;
const [, , warmArg, runtimeFile, cacheFile, primeFile] = proc.argv;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet: the runtime is compiled from source.
}
const script = new Script(readFileSync(runtimeFile, "utf8"), { filename: runtimeFile, cachedData });

if (primeFile) {
  later(() => {
    writeFileSync(primeFile, script.createCachedData());
    proc.exit(0);
  }, Number(warmArg) + 100);
}

script.runInThisContext()(require);
