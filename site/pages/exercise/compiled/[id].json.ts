// /exercise/compiled/<id>.json — an exercise's files compiled at site build, by the same
// esbuild-wasm and the same options as the sandbox's bundler (core/bundle.ts compileFile): its
// hidden tests, its starter, and the empty solution.ts the sandbox compiles for its own
// collection of the tests. The page gives them to its sandbox (runner/browser/client.ts seed),
// which then bundles a Run of those texts without esbuild: on a link to an exercise, the
// starter's first Run no longer waits for esbuild.wasm (3 MB) to download and start.
import * as esbuild from "esbuild-wasm";
import type { APIRoute, GetStaticPaths } from "astro";
import { compileFile, type CompiledAhead, type EsbuildLike } from "../../../../runner/core/bundle.ts";
import { LEARNER_FILE, TESTS_FILE } from "../../../../runner/core/modules.ts";
import { loadExercise, siteExerciseIds } from "../../../exercise/data.ts";

export const prerender = true;

export const getStaticPaths: GetStaticPaths = () => siteExerciseIds().map((id) => ({ params: { id } }));

export const GET: APIRoute = async ({ params }) => {
  const ex = loadExercise(String(params.id));
  const files: CompiledAhead[] = [];
  for (const [file, text] of [[TESTS_FILE, ex.tests], [LEARNER_FILE, ex.starter], [LEARNER_FILE, ""]] as const) {
    const compiled = await compileFile(esbuild as unknown as EsbuildLike, file, text);
    if (!compiled.ok && text !== ex.starter) {
      throw new Error(`exercise/compiled/${ex.id}.json: ${file} does not compile (${compiled.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("; ")}; expected the hidden tests and an empty solution.ts to compile, as the sandbox compiles them)`);
    }
    files.push({ file, text, compiled });
  }
  return new Response(JSON.stringify(files), { headers: { "Content-Type": "application/json" } });
};
