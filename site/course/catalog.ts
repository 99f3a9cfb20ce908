/**
 * catalog — the course's exercises in order, by chapter, per language: read at site build from
 * the chapter files (`content/chapters/<lang>/NN-slug.mdx`, each `<Exercise id="…" />` in the
 * order it appears) and the exercises' own titles. The sidebar's marks, the exercises page and
 * "Next exercise" all read it, so they always list what the chapters embed. Runs in Node at site
 * build (frontmatter of Sidebar.astro and ExerciseList.astro).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { loadExercise, type Lang } from "../exercise/data.ts";

export interface CatalogExercise {
  id: string;
  title: string;
  /** href is the exercise in its chapter: the page and the exercise's heading. */
  href: string;
}

export interface CatalogChapter {
  slug: string;
  title: string;
  /** href is the chapter's page, as the sidebar links it (`/<lang>/<slug>/`). */
  href: string;
  exercises: CatalogExercise[];
}

// From the working directory, as data.ts finds exercises/: Astro runs this from a bundled chunk,
// where import.meta.url is not the source file's.
const chaptersDir = resolve(process.cwd(), "content/chapters");
const EXERCISE_TAG = /<Exercise\s+id="([^"]+)"/g;
const cache = new Map<Lang, CatalogChapter[]>();

/** courseCatalog lists the chapters of `lang` that embed exercises, in the sidebar's order, each with its exercises in page order. */
export function courseCatalog(lang: Lang): CatalogChapter[] {
  const hit = cache.get(lang);
  if (hit) return hit;
  const dir = join(chaptersDir, lang);
  const files = readdirSync(dir)
    .filter((f) => /^\d+-.+\.mdx?$/.test(f))
    .sort();
  const chapters: CatalogChapter[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    const ids = Array.from(text.matchAll(EXERCISE_TAG), (m) => m[1]);
    if (ids.length === 0) continue;
    const slug = file.replace(/\.mdx?$/, "").replace(/^\d+-/, "");
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    const title = String((parseYaml(front) as { title?: unknown } | null)?.title ?? slug);
    const href = `/${lang}/${slug}/`;
    chapters.push({
      slug,
      title,
      href,
      exercises: ids.map((id) => ({ id, title: loadExercise(id).title[lang], href: `${href}#exercise-${id}-title` })),
    });
  }
  cache.set(lang, chapters);
  return chapters;
}
