/**
 * island — the playground page's entry: the page is the editor, so the controller (Monaco, the
 * sandbox client) loads as soon as the page is interactive; the timeline loads on the first
 * Run's result (controller.ts). A few hundred bytes on the page itself.
 */
export function mountPlayground(): void {
  const root = document.querySelector<HTMLElement>("[data-playground]");
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "1";
  void import("./controller.ts").then((m) => m.mount(root));
}
