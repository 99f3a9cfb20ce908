/**
 * register — installs the site for offline use and says so on the page (the footer's
 * `[data-offline-status]` line, site/components/Footer.astro). Runs in the browser, on every page.
 *
 * The service worker (`/sw.js`, written by site/plugins/offline/integration.ts) precaches the
 * whole build. It is registered once the page has loaded and gone idle, so its downloads never
 * compete with what the reader opened the page for (the first Run's esbuild.wasm among them).
 *
 * States shown: saving for offline → ready offline; and, after a new deploy, "a new version is
 * ready" with a button that lets the new worker take over and reloads. Drafts and progress live in
 * localStorage, which neither the worker nor the reload touches. In `astro dev` there is no
 * worker (the script does nothing).
 */
import { Workbox } from "workbox-window";

type State = "saving" | "ready" | "update" | "unsupported" | "failed";

const REGISTER_AFTER_IDLE_MS = 2000;

function statusLines(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-offline-status]")];
}

function show(state: State): void {
  for (const line of statusLines()) {
    line.dataset.state = state;
    const text = line.querySelector<HTMLElement>(`[data-text="${state}"]`);
    for (const t of line.querySelectorAll<HTMLElement>("[data-text]")) t.hidden = t !== text;
    line.hidden = text === null;
  }
}

function start(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) {
    show("unsupported");
    return;
  }
  const wb = new Workbox("/sw.js", { scope: "/" });
  // A worker already in control means this build (or an older one) is cached; a new one may be
  // installing behind it, which "waiting" reports.
  if (navigator.serviceWorker.controller) show("ready");
  else show("saving");

  wb.addEventListener("waiting", () => show("update"));
  wb.addEventListener("activated", (event) => {
    if (!event.isUpdate) show("ready");
  });
  wb.addEventListener("controlling", (event) => {
    // The page asked the new worker to take over (the update button): reload onto the new build.
    if (event.isUpdate) window.location.reload();
  });
  for (const line of statusLines()) {
    line.querySelector<HTMLButtonElement>("[data-offline-update]")?.addEventListener("click", () => wb.messageSkipWaiting());
  }
  wb.register().then(
    (registration) => {
      // Already active and nothing installing: this visit needs no download.
      if (registration?.active && !registration.installing && !registration.waiting) show("ready");
    },
    (error: unknown) => {
      console.warn("SyncLab: the offline copy could not be installed:", error);
      show("failed");
    },
  );
}

function whenIdle(run: () => void): void {
  const later = () => setTimeout(() => ("requestIdleCallback" in window ? requestIdleCallback(run, { timeout: 5000 }) : run()), REGISTER_AFTER_IDLE_MS);
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
}

whenIdle(start);
