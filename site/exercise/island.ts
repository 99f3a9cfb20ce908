/**
 * island — the only Exercise code a chapter page loads up front (a few hundred bytes).
 *
 * Runs on the page's main thread. It watches each `[data-exercise]` root and loads the editor
 * controller and Monaco, side by side, when the root comes within LOAD_MARGIN of the viewport,
 * or at once when the learner focuses or clicks inside it. A click on a button before
 * the editor is there is remembered and replayed once it is. The workspace's tabs, splitters and
 * full-screen button (workspace.ts, a few KB) work from the start, before any of that loads.
 */
import { armWorkspace } from "./workspace.ts";

// LOAD_MARGIN: how near the viewport an exercise starts loading. Monaco takes ~0.5 s to arrive
// and start even on a fast machine, so loading begins well over a screen ahead while reading
// down; every exercise in the chapters sits more than 2300 px below the first screen, so a page
// still loads none of it before the reader scrolls (tests/browser/js-budget.test.mjs).
const LOAD_MARGIN = "1200px 0px";

type Controller = typeof import("./controller.ts");
let controller: Promise<Controller> | null = null;

function activate(root: HTMLElement, action?: string): void {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "loading";
  if (!controller) {
    // Monaco is requested together with the controller, not by it once it has arrived: the
    // controller's own `import("./monaco.ts")` then finds it loading or loaded (no waterfall).
    // A failure is the controller's to report when it awaits the same import.
    import("./monaco.ts").catch(() => undefined);
    controller = import("./controller.ts");
  }
  void controller.then((m) => m.mount(root, action));
}

/** mountAll arms every exercise root on the page (once each). */
export function mountAll(): void {
  const roots = Array.from(document.querySelectorAll<HTMLElement>("[data-exercise]")).filter((r) => !r.dataset.armed);
  if (roots.length === 0) return;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        activate(entry.target as HTMLElement);
      }
    },
    { rootMargin: LOAD_MARGIN },
  );
  // A share link (`#share:<id>:…`, share.ts) opens at its exercise: in view, it loads, and the
  // controller shows the shared code.
  const shared = /^#share:([a-z0-9-]+):/.exec(location.hash)?.[1];
  const sharedRoot = roots.find((r) => r.dataset.exercise === shared);
  if (sharedRoot) {
    sharedRoot.scrollIntoView({ block: "start" });
    activate(sharedRoot);
  }
  for (const root of roots) {
    root.dataset.armed = "1";
    armWorkspace(root);
    observer.observe(root);
    root.addEventListener("focusin", () => activate(root), { once: true });
    root.addEventListener("click", (e) => {
      if (root.dataset.mounted) return;
      const button = (e.target as HTMLElement).closest<HTMLElement>("[data-action]");
      activate(root, button?.dataset.action);
    });
  }
}
