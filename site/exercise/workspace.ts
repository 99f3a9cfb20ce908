/**
 * workspace — the exercise card's layout controls, live before the editor loads: the tabs of the
 * side pane (Instructions · Tests · Hints), the two splitters (instructions | editor, editor /
 * results) and full-screen (focus) mode. Runs on the page's main thread, armed by island.ts with
 * each exercise root; the card's layout itself is CSS (Exercise.astro).
 *
 * The tabs follow the WAI-ARIA tabs pattern: one tab in the tab order, arrows and Home/End move
 * between tabs and select them. A splitter is a focusable `role="separator"` (the window
 * splitter pattern): dragged with the pointer, or moved with the arrow keys (Home/End to its
 * limits); its position is a percentage in a CSS variable of the card, kept for the page's
 * life. Full screen is the card fixed over the page (not the Fullscreen API: the site's own
 * dialogs and Monaco's widgets keep working over it, and the browser keeps its controls);
 * Esc leaves it unless something inside (a Monaco widget, a dialog) used the key first.
 */

/** SPLIT_STEP is how far one arrow key press moves a splitter, in percent. */
const SPLIT_STEP = 5;

/** selectTab shows the side pane's tab `name` ("instructions", "tests", "hints"); focus moves to the tab only when asked. */
export function selectTab(root: HTMLElement, name: string, focus = false): void {
  const tabs = Array.from(root.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]'));
  for (const tab of tabs) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    const panel = root.querySelector<HTMLElement>(`#${CSS.escape(tab.getAttribute("aria-controls") ?? "")}`);
    if (panel) panel.hidden = !on;
    if (on && focus) tab.focus();
  }
}

function armTabs(root: HTMLElement): void {
  const list = root.querySelector<HTMLElement>('[role="tablist"]');
  if (!list) return;
  list.addEventListener("click", (e) => {
    const tab = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    if (tab?.dataset.tab) selectTab(root, tab.dataset.tab);
  });
  list.addEventListener("keydown", (e) => {
    const tabs = Array.from(list.querySelectorAll<HTMLElement>('[role="tab"]'));
    const at = tabs.indexOf(e.target as HTMLElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    selectTab(root, tabs[(next + tabs.length) % tabs.length].dataset.tab!, true);
  });
}

/**
 * armSplitter makes a separator move the boundary between the element before it and the one
 * after it: `data-split-var` names the card's CSS variable holding the first one's share (%),
 * `aria-orientation` says which way it moves (vertical: a column boundary, moved left/right).
 */
function armSplitter(root: HTMLElement, sep: HTMLElement): void {
  const vertical = sep.getAttribute("aria-orientation") === "vertical";
  const variable = sep.dataset.splitVar!;
  const min = Number(sep.getAttribute("aria-valuemin"));
  const max = Number(sep.getAttribute("aria-valuemax"));
  const set = (value: number) => {
    const v = Math.round(Math.min(max, Math.max(min, value)));
    sep.setAttribute("aria-valuenow", String(v));
    root.style.setProperty(variable, `${v}%`);
  };
  const now = () => Number(sep.getAttribute("aria-valuenow"));
  sep.addEventListener("keydown", (e) => {
    const less = vertical ? "ArrowLeft" : "ArrowUp";
    const more = vertical ? "ArrowRight" : "ArrowDown";
    const to = e.key === less ? now() - SPLIT_STEP : e.key === more ? now() + SPLIT_STEP : e.key === "Home" ? min : e.key === "End" ? max : undefined;
    if (to === undefined) return;
    e.preventDefault();
    set(to);
  });
  sep.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const box = sep.parentElement!.getBoundingClientRect();
    sep.setPointerCapture(e.pointerId);
    sep.focus();
    const move = (m: PointerEvent) => set(vertical ? ((m.clientX - box.left) / box.width) * 100 : ((m.clientY - box.top) / box.height) * 100);
    const up = () => {
      sep.removeEventListener("pointermove", move);
      sep.removeEventListener("pointerup", up);
      sep.removeEventListener("pointercancel", up);
      root.classList.remove("sx-resizing");
    };
    root.classList.add("sx-resizing");
    sep.addEventListener("pointermove", move);
    sep.addEventListener("pointerup", up);
    sep.addEventListener("pointercancel", up);
  });
}

/** setFocusMode puts the card over the whole page (on) or back in the chapter (off). */
export function setFocusMode(root: HTMLElement, on: boolean): void {
  const button = root.querySelector<HTMLButtonElement>('[data-workspace="focus"]');
  root.classList.toggle("sx-focus-mode", on);
  document.documentElement.classList.toggle("sx-has-focus-mode", on || document.querySelector(".sx-focus-mode") !== null);
  if (!button) return;
  button.setAttribute("aria-pressed", String(on));
  button.textContent = button.dataset[on ? "leave" : "enter"] ?? button.textContent;
  if (!on) {
    // Back in the chapter, the card is where the reader left it, and so is the focus.
    button.focus();
    root.scrollIntoView({ block: "nearest" });
  }
}

function armFocusMode(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-workspace="focus"]');
  button?.addEventListener("click", () => setFocusMode(root, !root.classList.contains("sx-focus-mode")));
  root.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented || !root.classList.contains("sx-focus-mode")) return;
    if (root.querySelector("dialog[open]")) return;
    e.preventDefault();
    setFocusMode(root, false);
  });
}

/** armWorkspace wires an exercise root's tabs, splitters and full-screen button (once per root). */
export function armWorkspace(root: HTMLElement): void {
  if (root.dataset.workspace) return;
  root.dataset.workspace = "armed";
  armTabs(root);
  for (const sep of root.querySelectorAll<HTMLElement>('[role="separator"][data-split-var]')) armSplitter(root, sep);
  armFocusMode(root);
}
