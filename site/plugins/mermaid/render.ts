import { createHash } from "node:crypto";
import { renderMermaidSVG } from "beautiful-mermaid";
import { checkFlowchart } from "./flowchart-check.ts";

/**
 * DiagramError is a diagram that cannot be rendered: its message says what was read and what
 * was expected; `line` is the 1-based line inside the diagram source when one is known.
 */
export class DiagramError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "DiagramError";
  }
}

/**
 * Colours are CSS custom properties, not fixed values: the SVG takes Starlight's page colours
 * and follows the light/dark switch live (`:root[data-theme]`), so one SVG per diagram is
 * legible in both themes and no script is needed. `--sl-color-white` is Starlight's
 * highest-contrast text colour in either theme (near-black in light mode).
 */
const COLORS = { fg: "var(--sl-color-white)", bg: "var(--sl-color-bg)" } as const;

/**
 * renderDiagram turns Mermaid source into the HTML of an accessible figure: the inline SVG,
 * marked `role="img"` with `alt` as its accessible name and again as a visually hidden caption
 * (so the text alternative is also in the page text and the search index). The figure carries
 * the SVG's natural width (`--diagram-width`): the page's CSS never shrinks a diagram so far that
 * its labels cannot be read (it scrolls instead), and zoom.ts opens it at that size.
 *
 * The SVG is made safe to inline several times in one page: it loads nothing (beautiful-mermaid's
 * web-font `@import` is removed: the site must work offline and uses system fonts), its ids are
 * prefixed with a hash of the source, and its `<style>` rules are scoped to that SVG instead of
 * applying to every `svg`/`text` on the page.
 *
 * Throws DiagramError when the source is not a diagram the site can render faithfully.
 */
export function renderDiagram(source: string, alt: string): string {
  const header = source.trimStart().split("\n", 1)[0]?.trim() ?? "";
  if (/^(graph|flowchart)\b/.test(header)) {
    const problems = checkFlowchart(source);
    if (problems.length > 0) {
      const [first] = problems;
      throw new DiagramError(problems.map((p) => `line ${p.line}: ${p.message}`).join("\n"), first.line);
    }
  }
  let svg: string;
  try {
    svg = renderMermaidSVG(source, { ...COLORS, transparent: true, font: "system-ui" });
  } catch (error) {
    throw new DiagramError(`beautiful-mermaid could not render it: ${(error as Error).message}`);
  }
  const id = `diagram-${createHash("sha256").update(source).digest("hex").slice(0, 10)}`;
  const text = escapeHtml(alt);
  const figureSvg = scopeSvg(svg, id, text);
  const width = Number(/^<svg [^>]*?\bwidth="([\d.]+)"/.exec(figureSvg)?.[1]);
  const style = Number.isFinite(width) && width > 0 ? ` style="--diagram-width: ${Math.ceil(width)}px"` : "";
  return (
    `<figure class="diagram" data-diagram${style}>` +
    figureSvg +
    `<figcaption class="sr-only">${text}</figcaption></figure>`
  );
}

/** scopeSvg prefixes every id in `svg` with `id`, gives the root that id and its accessible name (`label`, HTML-escaped), and scopes its CSS. */
function scopeSvg(svg: string, id: string, label: string): string {
  let out = svg
    .replace(/\bid="([^"]+)"/g, `id="${id}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${id}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${id}-$1"`);
  out = out.replace(/<style>([\s\S]*?)<\/style>/g, (_, css: string) => `<style>${scopeCss(css, id)}</style>`);
  if (!out.startsWith("<svg ")) throw new DiagramError(`beautiful-mermaid returned something other than an <svg> element: "${out.slice(0, 40)}…"`);
  return out.replace(/^<svg /, `<svg id="${id}" role="img" aria-label="${label}" focusable="false" `);
}

/**
 * scopeCss drops `@import` lines and rewrites each top-level rule's selectors to apply inside
 * `#id` only (`svg` becomes `#id`). Nested at-rules are not expected from beautiful-mermaid;
 * if a future version emits them this throws rather than shipping unscoped CSS.
 */
function scopeCss(css: string, id: string): string {
  const withoutImports = css.replace(/@import[^;]*;/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const rules: string[] = [];
  const leftover = withoutImports.replace(/([^{}]+)\{([^{}]*)\}/g, (_, selectors: string, body: string) => {
    const scoped = selectors
      .split(",")
      .map((s) => s.trim())
      .map((s) => (s === "svg" ? `#${id}` : s.startsWith("svg ") ? `#${id} ${s.slice(4)}` : `#${id} ${s}`))
      .join(", ");
    rules.push(`${scoped}{${body.trim()}}`);
    return "";
  });
  if (leftover.trim() !== "") throw new DiagramError(`unexpected CSS in beautiful-mermaid's output, cannot scope it: "${leftover.trim().slice(0, 80)}"`);
  return rules.join("");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
