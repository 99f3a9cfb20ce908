/**
 * next — the exercise that follows one in the course: the next one not yet passed after it in
 * the chapters' order (wrapping round to the first), from the catalog the sidebar embeds
 * (Sidebar.astro) and the states (state.ts). Runs on the page's main thread.
 */
import { courseData } from "./sidebar.ts";
import { exerciseState } from "./state.ts";

/** nextExercise returns the next unpassed exercise after `id`, or null when every other exercise is passed (or the page has no catalog). */
export function nextExercise(id: string): { id: string; title: string; href: string } | null {
  const data = courseData();
  if (!data) return null;
  const all = data.chapters.flatMap((c) => c.exercises);
  const at = all.findIndex((e) => e.id === id);
  for (let i = 1; i < all.length; i++) {
    const e = all[(at + i + all.length) % all.length];
    if (e.id !== id && exerciseState(e.id) !== "passed") return e;
  }
  return null;
}
