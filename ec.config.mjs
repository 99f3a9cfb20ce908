// Expressive Code's options for the chapters' code blocks (Starlight reads this file).
// The one addition to Starlight's defaults: each TypeScript block of a chapter links to the
// playground with its code (site/playground/open-in-playground.ts).
import { defineEcConfig } from "@astrojs/starlight/expressive-code";
import { openInPlayground } from "./site/playground/open-in-playground.ts";

export default defineEcConfig({
  plugins: [openInPlayground()],
});
