/**
 * keep-place — switching language keeps the reader's place in the chapter. Runs in the browser
 * (main thread), on every page.
 *
 * The two languages of a chapter have the same sections in the same order (the content parity
 * check insists), but not the same heading ids (they come from the heading text). So before the
 * language picker navigates, rememberPlace() notes which section heading is at the top of the
 * screen, by its index among the page's headings, and how far below it the reader was; on the
 * page in the other language, restorePlace() scrolls to the same heading and offset. The note is
 * kept in sessionStorage for one navigation and only for the page it names.
 */
const PLACE_KEY = "synclab:place";
const HEADINGS = ".sl-markdown-content :is(h2, h3)";

interface Place {
  /** path is the page the note is for (the other language's URL path). */
  path: string;
  heading: number;
  /** offset is how far the top of the screen was below the heading, in px. */
  offset: number;
}

/** rememberPlace notes the reader's place for the page at `targetPath`. */
export function rememberPlace(targetPath: string): void {
  const headings = [...document.querySelectorAll<HTMLElement>(HEADINGS)];
  let index = -1;
  for (const [i, h] of headings.entries()) {
    if (h.getBoundingClientRect().top <= 80) index = i;
    else break;
  }
  if (index < 0) return; // at the top of the page: the new page opens there anyway
  const place: Place = { path: targetPath, heading: index, offset: Math.round(-headings[index]!.getBoundingClientRect().top) };
  try {
    sessionStorage.setItem(PLACE_KEY, JSON.stringify(place));
  } catch {
    // Storage blocked: the new page opens at its top.
  }
}

/** restorePlace scrolls to the noted place if the note is for this page, then forgets it. */
export function restorePlace(): void {
  let place: Place | null = null;
  try {
    place = JSON.parse(sessionStorage.getItem(PLACE_KEY) ?? "null") as Place | null;
    sessionStorage.removeItem(PLACE_KEY);
  } catch {
    return;
  }
  if (!place || place.path !== location.pathname || location.hash) return;
  const heading = document.querySelectorAll<HTMLElement>(HEADINGS)[place.heading];
  if (!heading) return;
  window.scrollTo({ top: window.scrollY + heading.getBoundingClientRect().top + place.offset, behavior: "instant" });
}
