import type { AstroIntegration } from "astro";
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { DiagramError, renderDiagram } from "./render.ts";

/**
 * mermaidDiagrams is an Astro integration that renders ```mermaid fenced blocks to inline SVG at
 * build time (runs in Node during `astro build`/`astro dev`; ships no JavaScript to the page).
 *
 * Every block must carry its text alternative in the fence meta, exactly `alt="…"` (written in
 * the page's language). A block without it, or a diagram that does not parse, fails the build
 * with the file, the line of the fence and what was wrong.
 *
 * It hooks into Astro's Markdown processor (Sätteri, Astro's default, which Starlight also
 * extends) as an mdast plugin, so it runs before Expressive Code sees the code block. Every page
 * also gets zoom.ts (about 1 KB): a button that opens each diagram full size.
 */
export function mermaidDiagrams(): AstroIntegration {
  return {
    name: "synclab:mermaid-diagrams",
    hooks: {
      "astro:config:setup": ({ config, injectScript }) => {
        injectScript("page", `import ${JSON.stringify(fileURLToPath(new URL("./zoom.ts", import.meta.url)))};`);
        const processor = config.markdown.processor as { name: string; options?: { mdastPlugins?: unknown[] } };
        if (processor.name !== "satteri" || !processor.options?.mdastPlugins) {
          throw new Error(
            `synclab:mermaid-diagrams: markdown.processor is "${processor.name}"; expected Astro's default Sätteri processor (astro.config.mjs)`,
          );
        }
        processor.options.mdastPlugins.push(mermaidMdastPlugin);
      },
    },
  };
}

interface CodeNode {
  type: "code";
  lang?: string | null;
  meta?: string | null;
  value: string;
  position?: { start: { line: number } };
}

interface PluginContext {
  fileURL: URL | undefined;
  sourceFormat: "markdown" | "mdx";
}

/** mermaidMdastPlugin is the Sätteri mdast plugin; exported for tests. */
export const mermaidMdastPlugin = {
  name: "synclab-mermaid-diagrams",
  options: { position: true },
  code(node: CodeNode, ctx: PluginContext) {
    if (node.lang !== "mermaid") return undefined;
    const where = `${displayPath(ctx.fileURL)}:${node.position?.start.line ?? "?"}`;
    const alt = parseAlt(node.meta ?? "");
    if (alt === undefined) {
      throw new Error(
        `${where}: mermaid diagram has no text alternative; write the fence as \`\`\`mermaid alt="what the diagram shows" (got meta: ${JSON.stringify(node.meta ?? "")})`,
      );
    }
    let html: string;
    try {
      html = renderDiagram(node.value, alt);
    } catch (error) {
      if (!(error instanceof DiagramError)) throw error;
      const line = error.line && node.position ? ` (file line ${node.position.start.line + error.line})` : "";
      throw new Error(`${where}: mermaid diagram cannot be rendered${line}:\n${error.message}`);
    }
    if (ctx.sourceFormat === "mdx") {
      // MDX would read raw HTML as JSX; Fragment set:html inserts the markup verbatim.
      return {
        type: "mdxJsxFlowElement",
        name: "Fragment",
        attributes: [{ type: "mdxJsxAttribute", name: "set:html", value: html }],
        children: [],
      };
    }
    return { type: "html", value: html };
  },
};

/** parseAlt reads `alt="…"` (backslash escapes allowed) from a fence's meta; undefined if absent or blank. */
export function parseAlt(meta: string): string | undefined {
  const match = /(?:^|\s)alt="((?:[^"\\]|\\.)*)"/.exec(meta);
  const alt = match?.[1].replace(/\\(.)/g, "$1").trim();
  return alt ? alt : undefined;
}

function displayPath(url: URL | undefined): string {
  if (!url) return "<unknown file>";
  return relative(process.cwd(), fileURLToPath(url));
}
