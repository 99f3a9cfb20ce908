/**
 * zoom — opens a diagram full size. Runs on the page's main thread of every page (injected by
 * integration.ts; a page without diagrams does nothing). Each `figure[data-diagram]` gets a
 * button, "Enlarge the diagram"; it, or a click on the diagram, opens a modal dialog with the
 * SVG at its natural size (scrolling where it is larger than the screen). Esc, the Close button
 * or a click on the backdrop closes it, and the focus returns to the button.
 *
 * The diagrams themselves stay build-time SVG: this only copies one into the dialog.
 */

const TEXT = {
  en: { open: "Enlarge the diagram", close: "Close" },
  zh: { open: "放大图示", close: "关闭" },
} as const;

function words() {
  return document.documentElement.lang.startsWith("zh") ? TEXT.zh : TEXT.en;
}

function open(figure: HTMLElement, returnTo: HTMLElement): void {
  const svg = figure.querySelector("svg");
  if (!svg) return;
  const w = words();
  const dialog = document.createElement("dialog");
  dialog.className = "diagram-dialog";
  dialog.setAttribute("aria-label", svg.getAttribute("aria-label") ?? w.open);
  const close = dialog.appendChild(document.createElement("button"));
  close.type = "button";
  close.className = "diagram-close";
  close.textContent = w.close;
  close.addEventListener("click", () => dialog.close());
  const body = dialog.appendChild(document.createElement("div"));
  body.className = "diagram-full";
  body.tabIndex = 0;
  body.append(svg.cloneNode(true));
  // A click on the backdrop (the dialog element itself, outside its content) closes it.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    returnTo.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

function arm(figure: HTMLElement): void {
  if (figure.dataset.zoom) return;
  figure.dataset.zoom = "armed";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "diagram-open";
  button.setAttribute("aria-haspopup", "dialog");
  button.textContent = words().open;
  button.addEventListener("click", () => open(figure, button));
  figure.querySelector("svg")?.addEventListener("click", () => open(figure, button));
  figure.prepend(button);
}

document.querySelectorAll<HTMLElement>("figure[data-diagram]").forEach(arm);
