// @ts-check
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import { fileURLToPath } from "node:url";

export default defineConfig({
  srcDir: "./site",
  site: "https://synclab.invalid",
  trailingSlash: "always",
  vite: {
    resolve: { alias: { "@site": fileURLToPath(new URL("./site", import.meta.url)) } },
  },
  integrations: [
    starlight({
      title: "SyncLab",
      defaultLocale: "zh",
      locales: {
        zh: { label: "简体中文", lang: "zh-CN" },
        en: { label: "English", lang: "en" },
      },
    }),
  ],
});
