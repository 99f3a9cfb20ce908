/**
 * keep-place — switching language keeps the reader's place in the chapter. Runs in the browser
 * (main thread), on every page.
 *
 * The two languages of a chapter have the same sections in the same order (the content parity
 * check insists), but not the same heading ids (they come from the heading text). So before the
 * language picker navigates, rememberPlace() notes which section heading is at the top of the
 * screen, by its index among the page's headings, and how far below it the reader was; on the
 * page in the other language, restorePlace() scrolls to the same heading and offset. The note is
 * kept in sessionStorage for one navigation and only for the page it names. holdFragment() keeps
 * a section the reader jumped to (the table of contents, a link with a fragment) in place the
 * same way while the blocks around it are first drawn.
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
  settle(heading, () => window.scrollTo({ top: window.scrollY + heading.getBoundingClientRect().top + place!.offset, behavior: "instant" }));
}

/**
 * holdFragment keeps the element the URL's fragment names (a section from the table of contents,
 * a link to a heading) where the browser scrolled it, now and after each change of the fragment;
 * a fragment that names no element (a shared exercise's `#share:…`) is left alone.
 */
export function holdFragment(): void {
  const hold = () => {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      return; // not an element's id
    }
    const target = id ? document.getElementById(id) : null;
    if (target) settle(target, () => target.scrollIntoView({ block: "start", behavior: "instant" }));
  };
  hold();
  addEventListener("hashchange", hold);
}

/** SETTLE_FRAMES is how many frames settle watches its element at most. */
const SETTLE_FRAMES = 30;

/**
 * settle puts `el` in place with `align`, then keeps it at that height on the screen while the
 * blocks around it are drawn for the first time: a chapter's big blocks count as a placeholder
 * height until then (content-visibility in synclab.css), and drawing those near the screen can
 * move it, which the browser does not always make up for. It stops once the element has stayed
 * put for a few frames, after SETTLE_FRAMES, or as soon as the reader scrolls, taps or presses a
 * key: their own scrolling is never undone.
 */
function settle(el: HTMLElement, align: () => void): void {
  align();
  let want = el.getBoundingClientRect().top;
  let frames = 0;
  let still = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const type of INPUT_EVENTS) removeEventListener(type, stop, true);
  };
  for (const type of INPUT_EVENTS) addEventListener(type, stop, { capture: true, passive: true });
  const check = () => {
    if (stopped) return;
    if (Math.abs(el.getBoundingClientRect().top - want) > 1) {
      align();
      want = el.getBoundingClientRect().top;
      still = 0;
    } else still++;
    if (++frames >= SETTLE_FRAMES || still >= 3) stop();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** INPUT_EVENTS are the reader's own ways to move the page, which end settle's watch. */
const INPUT_EVENTS = ["wheel", "touchstart", "keydown", "pointerdown"] as const;
