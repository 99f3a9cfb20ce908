// Go's `// Output:` habit: every runnable TypeScript example in a chapter (a ```ts block that
// exports `async function main()` and ends with a `// Output:` or `// Unordered output:`
// comment block) runs as goroutine 1 on gosync's simulator, and what it prints must be what
// the chapter says — line for line, or as a multiset for unordered output. Each example runs
// under several seeds, since a reader's run may take any schedule.
import { format } from "node:util";
import * as esbuild from "esbuild";
import { describe, expect, test } from "vitest";
import * as gosync from "gosync";
import * as sync from "gosync/sync";
import * as atomic from "gosync/sync/atomic";
import * as time from "gosync/time";
import * as context from "gosync/context";
import * as errgroup from "gosync/errgroup";
import * as semaphore from "gosync/semaphore";
import * as runtime from "gosync/runtime";
import * as sim from "gosync/sim";
import { bundleRun } from "../../runner/core/bundle.ts";
import { evaluatePlain } from "../../runner/core/compartment.ts";
import { createModuleRegistry } from "../../runner/core/modules.ts";
import { chapterSources, codeBlocks } from "./chapter-blocks.ts";

const SEEDS = [1, 2, 3];

interface Example {
  file: string;
  line: number;
  code: string;
  unordered: boolean;
  want: string[];
}

/** examplesIn picks the runnable examples among one chapter's ```ts blocks. */
function examplesIn(file: string, text: string): Example[] {
  const out: Example[] = [];
  for (const { code, line } of codeBlocks(file, text).filter((b) => b.lang === "ts")) {
    if (!/export\s+async\s+function\s+main\s*\(/.test(code)) continue;
    const marker = /^\/\/ (Unordered output|Output):[ \t]*\n((?:\/\/.*\n?)*)\s*$/m.exec(code);
    if (!marker) continue;
    const want = marker[2]!.split("\n").filter((l) => l.startsWith("//")).map((l) => l.replace(/^\/\/ ?/, ""));
    out.push({ file, line, code, unordered: marker[1] === "Unordered output", want });
  }
  return out;
}

const examples = chapterSources().flatMap(({ file, text }) => examplesIn(file, text));

// The examples' gosync imports read the same gosync instance as `sim` (the module registry).
const registry = createModuleRegistry({
  gosync, "gosync/sync": sync, "gosync/sync/atomic": atomic, "gosync/time": time, "gosync/context": context,
  "gosync/errgroup": errgroup, "gosync/semaphore": semaphore, "gosync/runtime": runtime, "gosync/sim": sim, vitest: {},
});

/**
 * plainGlobals are an example's globals in this plain realm: the realm's own, with gosync's
 * virtual clock, randomness and timers over them (a sandbox endows its Compartments the same way).
 */
const plainGlobals = Object.assign(Object.create(globalThis) as object, sim.virtualGlobals);

/** load bundles an example (its imports limited to gosync, as the learner's), imports and instantiates it, and returns its main. */
async function load(ex: Example): Promise<() => Promise<void>> {
  const b = await bundleRun(esbuild, { solution: ex.code, tests: `export { main } from "./solution.ts";\n` });
  if (!b.ok) throw new Error(`${ex.file}:${ex.line}: the example does not compile: ${b.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("; ")}`);
  return (evaluatePlain(b.code, plainGlobals)(registry) as { main: () => Promise<void> }).main;
}

/**
 * runCapturing runs main on the simulator and returns the lines it printed before main
 * returned, the lines printed after, and the report. A Go program ends when main returns, so
 * only the first are its output: the simulator goes on past that point (report.mainReturnedAtStep)
 * to let runnable goroutines finish, as synctest does, and what they print then is not output.
 */
async function runCapturing(main: () => Promise<void>, seed: number) {
  const printed: string[] = [];
  const late: string[] = [];
  let returned = false;
  const original = console.log;
  console.log = (...args: unknown[]) => {
    (returned ? late : printed).push(...format(...args).split("\n"));
  };
  try {
    const report = await sim.run(
      async () => {
        await main();
        returned = true; // no scheduling point between main's return and this: the same step
      },
      { seed, strategy: "random" },
    );
    return { printed, late, report };
  } finally {
    console.log = original;
  }
}

describe("chapter examples print what their // Output: says", () => {
  test("the chapters hold runnable examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const ex of examples) {
    test(`${ex.file}:${ex.line} (${ex.unordered ? "unordered " : ""}${ex.want.length} line${ex.want.length === 1 ? "" : "s"})`, async () => {
      const main = await load(ex);
      for (const seed of SEEDS) {
        const { printed, late, report } = await runCapturing(main, seed);
        const got = ex.unordered ? [...printed].sort() : printed;
        const want = ex.unordered ? [...ex.want].sort() : ex.want;
        const about =
          `${ex.file}:${ex.line}, seed ${seed}, simulator outcome ${report.outcome}${report.message ? `: ${report.message}` : ""}` +
          (late.length > 0 ? ` (not counted: ${late.length} line(s) printed after main returned, which a Go program never prints: ${JSON.stringify(late)})` : "");
        expect(got, about).toEqual(want);
      }
    });
  }
});
