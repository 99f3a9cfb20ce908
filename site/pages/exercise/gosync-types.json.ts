// /exercise/gosync-types.json — gosync's generated declarations for the editor's TypeScript
// (runner/gosync/dist/types, from `npm run gosync:types`), and which file each specifier means.
// Fetched by the Exercise island when Monaco loads, never by the page itself.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const prerender = true;

const SPECIFIERS = ["gosync", "gosync/sync", "gosync/sync/atomic", "gosync/time", "gosync/context", "gosync/errgroup", "gosync/semaphore", "gosync/runtime"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

export function GET(): Response {
  const dir = resolve(process.cwd(), "runner/gosync/dist/types");
  const files: Record<string, string> = {};
  const specifiers: Record<string, string> = {};
  if (existsSync(dir)) {
    for (const path of walk(dir)) files[`types/${relative(dir, path)}`] = readFileSync(path, "utf8");
    for (const spec of SPECIFIERS) {
      const sub = spec === "gosync" ? "index" : spec.slice("gosync/".length);
      const candidates = [`types/${sub}.d.ts`, `types/${sub}/index.d.ts`, `types/src/${sub}.d.ts`, `types/src/${sub}/index.d.ts`];
      const hit = candidates.find((c) => c in files);
      if (hit) specifiers[spec] = hit;
    }
  }
  return new Response(JSON.stringify({ files, specifiers }), { headers: { "Content-Type": "application/json" } });
}
