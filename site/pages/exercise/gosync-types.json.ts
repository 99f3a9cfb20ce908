// /exercise/gosync-types.json — gosync's generated declarations for the editor's TypeScript
// (runner/gosync/dist/types, from `npm run gosync:types`, which `npm run build` runs before
// astro build), and which file each learner specifier means, read from gosync's package.json
// `exports` (so `gosync/runtime` is goruntime.d.ts, not the internal runtime.d.ts).
// Fetched by the Exercise island when Monaco loads, never by the page itself. A missing
// declaration fails the build: without it the editor would flag every gosync import.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { LEARNER_SPECIFIERS } from "../../../runner/core/modules.ts";

export const prerender = true;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

export function GET(): Response {
  const pkgDir = resolve(process.cwd(), "runner/gosync");
  const dir = join(pkgDir, "dist/types");
  if (!existsSync(dir)) {
    throw new Error(`gosync-types.json: ${relative(process.cwd(), dir)} is missing (expected \`npm run gosync:types\` to run before astro build, as \`npm run build\` does)`);
  }
  const exportsMap = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).exports as Record<string, { types?: string }>;
  const files: Record<string, string> = {};
  for (const path of walk(dir)) files[`types/${relative(dir, path).split("\\").join("/")}`] = readFileSync(path, "utf8");
  const specifiers: Record<string, string> = {};
  for (const spec of LEARNER_SPECIFIERS) {
    const key = spec === "gosync" ? "." : `./${spec.slice("gosync/".length)}`;
    const types = exportsMap[key]?.types;
    const file = types?.replace(/^\.\/dist\//, "");
    if (!file || !(file in files)) {
      throw new Error(`gosync-types.json: no declaration for "${spec}" (package.json exports["${key}"].types is ${JSON.stringify(types)}, expected a file under dist/types)`);
    }
    specifiers[spec] = file;
  }
  return new Response(JSON.stringify({ files, specifiers }), { headers: { "Content-Type": "application/json" } });
}
