import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { docsSchema } from "@astrojs/starlight/schema";

// Chapters live outside srcDir in content/chapters/{zh,en}/NN-slug.mdx; the numeric prefix orders
// files on disk and is dropped from the URL, so /zh/01-sync-primitives.mdx is served at /zh/sync-primitives/.
// {zh,en}/index.mdx are the locale home pages: their id is the locale itself ("zh"), as Starlight expects.
export const collections = {
  docs: defineCollection({
    loader: glob({
      base: "./content/chapters",
      pattern: "**/[^_]*.{md,mdx}",
      generateId: ({ entry }) => entry
          .replace(/\.mdx?$/, "")
          .replace(/(^|\/)\d+-/g, "$1")
          .replace(/\/index$/, ""),
    }),
    schema: docsSchema(),
  }),
};
