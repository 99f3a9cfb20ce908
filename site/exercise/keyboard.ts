/**
 * keyboard — what makes an exercise usable from the keyboard alone, beyond Monaco's own: the
 * toolbar's "Tab moves focus" toggle (Monaco's tab-focus mode, page-wide, shortcut Ctrl+M, ⌃⇧M
 * on a Mac), a rescue that puts the focus back inside the exercise when the element holding it
 * disappears or is disabled (it would otherwise fall to <body>, and the next Tab would start
 * from the top of the page), and a live region that announces each verdict once, in a sentence.
 * Runs on the page's main thread, from the controller.
 */

export interface TabFocusSwitch {
  get(): boolean;
  set(on: boolean): void;
  onChange(fn: (on: boolean) => void): void;
}

/** isMac tells whether Monaco binds its tab-focus toggle to ⌃⇧M (macOS) rather than Ctrl+M. */
function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/**
 * addTabFocusToggle puts the toggle in the toolbar, before the shortcut hint: a button whose
 * pressed state is whether Tab moves the focus (it follows Ctrl+M too), its shortcut shown.
 */
export function addTabFocusToggle(toolbar: HTMLElement, label: string, tabFocus: TabFocusSwitch): HTMLButtonElement {
  const shortcut = isMac() ? "⌃⇧M" : "Ctrl+M";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "sx-tabfocus";
  button.dataset.role = "tabfocus";
  button.setAttribute("aria-keyshortcuts", isMac() ? "Control+Shift+M" : "Control+M");
  const text = button.appendChild(document.createElement("span"));
  text.textContent = label;
  const key = button.appendChild(document.createElement("kbd"));
  key.textContent = shortcut;
  const show = (on: boolean) => button.setAttribute("aria-pressed", String(on));
  show(tabFocus.get());
  tabFocus.onChange(show);
  button.addEventListener("click", () => tabFocus.set(!tabFocus.get()));
  const before = toolbar.querySelector(".sx-shortcut, .sx-note");
  toolbar.insertBefore(button, before);
  return button;
}

/** focusable tells whether el can hold the focus now: connected, enabled, shown, and focusable at all. */
function focusable(el: Element | null): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected) return false;
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) return false;
  return el.getClientRects().length > 0 && !el.closest("[hidden], [inert]");
}

/**
 * keepFocusInside watches the exercise: when the element inside it that had the focus goes away
 * (removed, disabled, hidden, no longer focusable) and the focus fell to <body>, it moves the
 * focus to `fallback()` instead. A focus the learner moved elsewhere on purpose (a click on the
 * page, Tab out) is left alone: the element it left is still there.
 */
export function keepFocusInside(root: HTMLElement, fallback: () => HTMLElement | null): void {
  let last: Element | null = null;
  root.addEventListener("focusin", (e) => {
    last = e.target as Element;
  });
  const rescue = () => {
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    if (!last || focusable(last)) return;
    last = null;
    const target = fallback();
    if (target && focusable(target)) target.focus();
  };
  // Chromium fires no focusout when the focused element is removed or disabled: a mutation of
  // the exercise (a re-drawn panel, a disabled button) is when to look.
  new MutationObserver(() => queueMicrotask(rescue)).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled", "hidden", "tabindex"] });
  root.addEventListener("focusout", (e) => {
    if (!(e as FocusEvent).relatedTarget) setTimeout(rescue, 0);
  });
}

/**
 * announcer makes the exercise's one polite live region for verdicts and returns `say`, which
 * announces a sentence once (the results panel itself is not live: re-drawn on every Run and
 * progress step, it was read out whole, several times).
 */
export function announcer(root: HTMLElement): (text: string) => void {
  const region = document.createElement("p");
  region.className = "sr-only";
  region.dataset.role = "announce";
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  root.append(region);
  return (text: string) => {
    // Emptied first, so that the same sentence twice in a row (the same verdict again) is read again.
    region.textContent = "";
    setTimeout(() => (region.textContent = text), 50);
  };
}
