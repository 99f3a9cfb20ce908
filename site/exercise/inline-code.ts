/**
 * inline-code — text with Markdown's inline code spans (`like this`) drawn as `<code>`, the
 * rest as text: test names and messages are written that way in the hidden tests. Runs on the
 * page's main thread; never parses HTML.
 */

/** appendInlineCode appends text to parent, each `…` span (backticks paired, not nested) as a <code> element. */
export function appendInlineCode(parent: HTMLElement, text: string): HTMLElement {
  const parts = text.split(/`([^`\n]+)`/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) parent.append(part);
    } else parent.appendChild(document.createElement("code")).textContent = part;
  });
  return parent;
}
