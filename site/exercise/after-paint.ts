/**
 * after-paint — afterNextPaint: wait until the next frame has been painted, then for a moment of
 * the lowest priority. Work a verdict does not need on screen (a link to build, a chunk to
 * preload) waits for it, so that the frame that shows the verdict is not held up by it.
 */

/** afterNextPaint settles after the next frame is painted, in a background task (at once in a hidden page, which paints none). */
export function afterNextPaint(): Promise<void> {
  if (document.visibilityState === "hidden") return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      // Queued from the frame's callback, a task runs once that frame has been drawn.
      const scheduler = (globalThis as { scheduler?: { postTask?: (f: () => void, o: { priority: "background" }) => Promise<void> } }).scheduler;
      if (typeof scheduler?.postTask === "function") void scheduler.postTask(resolve, { priority: "background" });
      else setTimeout(resolve, 0);
    });
  });
}
