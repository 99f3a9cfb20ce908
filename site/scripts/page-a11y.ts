/**
 * page-a11y — two fixes to Starlight's markup that axe reports as serious, made once the page has
 * loaded (Sidebar.astro loads it on every page with the sidebar). Runs on the page's main thread.
 *
 * - The search button's accessible name ("Search") left out its visible shortcut ("Ctrl K"):
 *   WCAG 2.5.3 wants the visible text inside the name, so the name becomes "Search Ctrl K".
 * - A code block or a table wider (or taller) than its box scrolls, but could not be scrolled from the
 *   keyboard: each one that overflows joins the tab order (WCAG 2.1.1).
 */
export function fixPageA11y(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-open-modal]")) {
    const label = button.querySelector("span")?.textContent?.trim();
    const keys = Array.from(button.querySelectorAll<HTMLElement>("kbd kbd"));
    if (!label || keys.length === 0) continue;
    // The text reads "Search Ctrl K", not "SearchCtrlK" (spaces between the parts; a flex box does not draw them).
    const parts = [button.querySelector("span")!, ...keys.slice(0, -1)];
    for (const part of parts) if (part.nextSibling?.nodeType !== Node.TEXT_NODE) part.after(" ");
    button.setAttribute("aria-label", `${label} ${keys.map((k) => k.textContent?.trim()).join(" ")}`);
  }
  const scrollable = () => {
    for (const pre of document.querySelectorAll<HTMLElement>("pre:not([tabindex]), .sl-markdown-content table:not([tabindex])")) {
      if (pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1) pre.tabIndex = 0;
    }
  };
  scrollable();
  addEventListener("resize", scrollable, { passive: true });
}
