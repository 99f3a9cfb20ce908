/**
 * sidebar — draws the learner's progress into Starlight's sidebar (Sidebar.astro): the overall
 * count and bar, and beside each chapter with exercises "passed/total" with a bar, from
 * localStorage (state.ts). Redrawn when a state changes in this page (a Run) or in another tab
 * (the storage event). Runs on the page's main thread.
 */
import { STATE_EVENT, exerciseState } from "./state.ts";
import { ct, type CourseLang } from "./strings.ts";

/** CourseData is the catalog Sidebar.astro embeds as `#synclab-course`. */
export interface CourseData {
  lang: CourseLang;
  chapters: { href: string; title: string; exercises: { id: string; title: string; href: string }[] }[];
}

/** courseData reads the catalog embedded in the page, or null (a page without the sidebar). */
export function courseData(): CourseData | null {
  const script = document.getElementById("synclab-course");
  try {
    return script ? (JSON.parse(script.textContent ?? "") as CourseData) : null;
  } catch {
    return null;
  }
}

/** markSidebar draws the marks now and whenever a state changes. */
export function markSidebar(): void {
  const data = courseData();
  if (!data) return;
  const draw = () => drawMarks(data);
  draw();
  addEventListener(STATE_EVENT, draw);
  addEventListener("storage", (e) => {
    if (e.key === null || e.key.startsWith("synclab:")) draw();
  });
}

function drawMarks(data: CourseData): void {
  let passed = 0;
  let total = 0;
  for (const chapter of data.chapters) {
    const done = chapter.exercises.filter((e) => exerciseState(e.id) === "passed").length;
    passed += done;
    total += chapter.exercises.length;
    for (const link of document.querySelectorAll<HTMLAnchorElement>(`#starlight__sidebar a[href="${CSS.escape(chapter.href)}"]`)) {
      let mark = link.querySelector<HTMLElement>(".sx-course-mark");
      if (!mark) {
        mark = document.createElement("span");
        mark.className = "sx-course-mark";
        mark.append(document.createElement("progress"), document.createElement("span"));
        link.append(mark);
      }
      const bar = mark.querySelector("progress")!;
      bar.max = chapter.exercises.length;
      bar.value = done;
      bar.setAttribute("aria-hidden", "true");
      const text = mark.querySelector("span")!;
      text.textContent = `${done}/${chapter.exercises.length}`;
      // The link's name says it in words: "Chapter 1 … 1 of 2 exercises passed".
      mark.dataset.state = done === chapter.exercises.length ? "passed" : done > 0 ? "attempted" : "not-started";
      mark.setAttribute("aria-label", ct(data.lang, "course.chapter.mark", { passed: done, total: chapter.exercises.length }));
      mark.setAttribute("role", "img");
    }
  }
  const overall = document.querySelector<HTMLElement>('[data-course="overall"]');
  if (overall) {
    overall.hidden = false;
    overall.querySelector('[data-course="overall-text"]')!.textContent = ct(data.lang, "course.overall", { passed, total });
    const bar = overall.querySelector("progress")!;
    bar.max = total;
    bar.value = passed;
  }
}
