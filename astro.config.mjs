// @ts-check
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mermaidDiagrams } from "./site/plugins/mermaid/integration.ts";
import { monacoCssOnDemand } from "./site/exercise/monaco-css.ts";
import { monacoLeanWorkers } from "./site/exercise/monaco-lean-workers.ts";
import { offlineSite } from "./site/plugins/offline/integration.ts";
import { modulePreload } from "./site/plugins/modulepreload/integration.ts";
import compressor, { defaultFileExtensions, defaultFileFilter } from "astro-compressor";
import zlib from "node:zlib";

/** COMPRESSED_EXTENSIONS are the files the build precompresses: the compressor's text types, plus wasm and JSON. */
const COMPRESSED_EXTENSIONS = new Set([...defaultFileExtensions, ".wasm", ".json", ".map"]);

const chaptersDir = new URL("./content/chapters/", import.meta.url);

/**
 * chapterSlugs lists the chapter slugs found on disk (either language), ordered by their NN-
 * prefix, without the prefix — the same ids site/content.config.ts gives the pages. The sidebar
 * is built from the files so that it always matches the content; tests/unit/content.test.ts is
 * what insists that the primer and all five chapters exist in both languages.
 */
function chapterSlugs() {
  const files = ["zh", "en"].flatMap((lang) => {
    try {
      return readdirSync(new URL(`${lang}/`, chaptersDir));
    } catch {
      return [];
    }
  });
  const chapters = files.filter((f) => /^\d+-.+\.mdx?$/.test(f)).map((f) => f.replace(/\.mdx?$/, ""));
  return [...new Set(chapters)].sort().map((f) => f.replace(/^\d+-/, ""));
}

export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  site: "https://synclab.invalid",
  trailingSlash: "always",
  vite: {
    // Monaco's CSS loads with the editor, not with every page (site/exercise/monaco-css.ts);
    // its TS mode does not drag in every editor contribution (site/exercise/monaco-lean-workers.ts).
    plugins: [monacoCssOnDemand(), monacoLeanWorkers()],
    resolve: { alias: { "@site": fileURLToPath(new URL("./site", import.meta.url)) } },
  },
  integrations: [
    mermaidDiagrams(),
    starlight({
      title: "SyncLab",
      description:
        "SyncLab：动手学习 Go 的并发原语（Mutex、WaitGroup、channel、context），Go 与 TypeScript 对照。Learn Go's concurrency primitives by doing, with Go and TypeScript side by side.",
      favicon: "/favicon.svg",
      defaultLocale: "zh",
      locales: {
        zh: { label: "简体中文", lang: "zh-CN" },
        en: { label: "English", lang: "en" },
      },
      sidebar: [
        { slug: "index", label: "首页", translations: { en: "Home" } },
        ...chapterSlugs().map((slug) => ({ slug })),
        // Every exercise by chapter with the learner's state, export/import/reset (ExerciseList.astro).
        { slug: "exercises" },
        // Any program against gosync on the simulator, its schedule, and being the scheduler.
        { slug: "playground" },
        // The instructor's guide (content/chapters/{zh,en}/instructors.mdx). The assignment page
        // (assignment.mdx) is reached by the links `synclab assign` prints, not from the sidebar.
        { slug: "instructors" },
      ],
      customCss: ["./site/styles/synclab.css", "./site/styles/exercise-tools.css"],
      components: {
        LanguageSelect: "./site/components/LanguageSelect.astro",
        Footer: "./site/components/Footer.astro",
        // The sidebar with the learner's progress through the course (site/course/).
        Sidebar: "./site/components/Sidebar.astro",
        // On a page opened on an exercise, esbuild.wasm starts downloading from the <head>.
        Head: "./site/components/Head.astro",
      },
    }),
    // Before offlineSite: it rewrites the pages the service worker's precache list is made from.
    modulePreload(),
    offlineSite(),
    // Last, so it sees every file the build wrote: a Brotli and a gzip copy beside each text and
    // wasm asset, which scripts/serve.mjs sends by Accept-Encoding (esbuild.wasm: 14 MB → ~3.7 MB).
    // No zstd: browsers do not ask a plain-HTTP server for it and sirv would not send it.
    compressor({
      zstd: false,
      hooks: {
        fileFilter: ({ filePath, logger }) => defaultFileFilter(COMPRESSED_EXTENSIONS, filePath, logger),
        // Brotli's top quality costs ~25 s on esbuild.wasm for 12 % fewer bytes than quality 9
        // (3.06 MB vs 2.71 MB, measured): big files get quality 9, the rest the default (11).
        fileOptions: {
          brotli: ({ filePath }) =>
            statSync(filePath).size > 1_000_000 ? { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } } : undefined,
        },
      },
    }),
  ],
});
