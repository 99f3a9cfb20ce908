/**
 * island — the only Exercise code a chapter page loads up front (a few hundred bytes).
 *
 * Runs on the page's main thread. It watches each `[data-exercise]` root and loads the editor
 * controller and Monaco, side by side, when the root comes within LOAD_MARGIN of the viewport,
 * or at once when the learner focuses or clicks inside it. Once the root is in view, or the page
 * was opened on it (a link to the exercise's heading, a share link), the sandbox starts too
 * (page-sandbox.ts warmSandbox: esbuild.wasm and the runtime download while Monaco does; for a
 * link the page's <head> has already asked for the wasm, Head.astro). A Run
 * or another button the learner presses before the editor is there (a click, or Ctrl/Cmd+Enter)
 * is kept in `data-pending-action` and replayed once it is, whatever started the loading. The
 * workspace's tabs, splitters and full-screen button (workspace.ts, a few KB) work from the
 * start, before any of that loads, and so does typing: a click or the focus on the code opens a
 * plain editor that Monaco takes over once it is there (plain-editor.ts).
 */
import { armPlainEditor } from "./plain-editor.ts";
import { armWorkspace } from "./workspace.ts";

// LOAD_MARGIN: how near the viewport an exercise starts loading. Monaco takes ~0.5 s to arrive
// and start even on a fast machine, so loading begins well over a screen ahead while reading
// down; every exercise in the chapters sits more than 2300 px below the first screen, so a page
// still loads none of it before the reader scrolls (tests/browser/js-budget.test.mjs).
const LOAD_MARGIN = "1200px 0px";

type Controller = typeof import("./controller.ts");
let controller: Promise<Controller> | null = null;

/** loadController requests the controller and, beside it, Monaco (once per page). */
function loadController(): Promise<Controller> {
  if (!controller) {
    // Monaco is requested together with the controller, not by it once it has arrived: the
    // controller's own `import("./monaco.ts")` then finds it loading or loaded (no waterfall).
    // A failure is the controller's to report when it awaits the same import.
    import("./monaco.ts").catch(() => undefined);
    controller = import("./controller.ts");
  }
  return controller;
}

function activate(root: HTMLElement): void {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "loading";
  void loadController().then((m) => m.mount(root));
}

/**
 * warm loads the exercise and starts the sandbox at once: the learner is looking at it. The
 * sandbox is started from its own small chunk (page-sandbox.ts), not once the controller's has
 * arrived, and asked for first, before the controller and Monaco.
 */
function warm(root: HTMLElement): void {
  void import("./page-sandbox.ts").then((m) => m.warmSandbox(), () => undefined);
  activate(root);
}

/** keep remembers `action` for the controller to replay once the editor is live (controller.ts mount). */
function keep(root: HTMLElement, action: string | undefined): void {
  if (action) root.dataset.pendingAction = action;
}

/** mountAll arms every exercise root on the page (once each). */
export function mountAll(): void {
  const roots = Array.from(document.querySelectorAll<HTMLElement>("[data-exercise]")).filter((r) => !r.dataset.armed);
  if (roots.length === 0) return;
  const near = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        near.unobserve(entry.target);
        activate(entry.target as HTMLElement);
      }
    },
    { rootMargin: LOAD_MARGIN },
  );
  // In view (no margin): the learner is about to Run, and the sandbox takes the longest to arrive.
  const inView = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      inView.unobserve(entry.target);
      warm(entry.target as HTMLElement);
    }
  });
  // A link to an exercise (its heading's fragment, or a share link `#share:<id>:…`, share.ts)
  // opens at it: it loads, with the sandbox, before any observer reports; the controller shows
  // a shared code.
  const shared = /^#share:([a-z0-9-]+):/.exec(location.hash)?.[1];
  const target = !shared && location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const linked = roots.find((r) => r.dataset.exercise === shared || (target !== null && r.contains(target)));
  if (linked) {
    if (shared) linked.scrollIntoView({ block: "start" });
    warm(linked);
  }
  for (const root of roots) {
    root.dataset.armed = "1";
    armWorkspace(root);
    armPlainEditor(root);
    near.observe(root);
    inView.observe(root);
    root.addEventListener("focusin", () => activate(root), { once: true });
    root.addEventListener("click", (e) => {
      if (root.dataset.mounted === "live") return;
      keep(root, (e.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset.action);
      warm(root);
    });
    root.addEventListener("keydown", (e) => {
      if (root.dataset.mounted === "live" || e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      keep(root, "run");
      warm(root);
    });
  }
}
