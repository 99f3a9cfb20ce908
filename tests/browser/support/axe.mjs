// axe-core in the page, for the browser tests that check accessibility (axe.test.mjs, and the
// tests of a part of the page they add): axe from npm is injected into the page, never fetched.
import { createRequire } from "node:module";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * axeViolations runs axe-core in the page (within `include`, a selector, if given) and returns its
 * serious and critical violations. A chapter's big blocks skip drawing while off screen
 * (content-visibility in site/styles/synclab.css), and axe reads colours and overlaps from where
 * things are drawn: for the audit every block is drawn, as the reader sees each one on screen.
 */
export async function axeViolations(page, include) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const results = await page.evaluate(async (include) => {
    const drawn = document.createElement("style");
    drawn.textContent = "* { content-visibility: visible !important; }";
    document.head.append(drawn);
    const r = await window.axe.run(include ? { include: [include] } : document, { resultTypes: ["violations"] }).finally(() => drawn.remove());
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, include);
  return results.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** readable prints violations for a failure message. */
export function readable(where, violations) {
  return `${where}: ${violations.length} serious or critical axe violations\n` +
    violations
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.slice(0, 6).map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, "\n      ")}`).join("\n") + (v.nodes.length > 6 ? `\n    … and ${v.nodes.length - 6} more` : ""))
      .join("\n");
}
