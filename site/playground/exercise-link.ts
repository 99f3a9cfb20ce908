/**
 * exercise-link — from an exercise to "Be the scheduler": after each Run, the exercise gets, below
 * its verdict, a link that opens the judged code in the playground with one of the exercise's hidden
 * tests as its program (the first that failed, else the first), in be-the-scheduler mode with no
 * choice made yet. The link carries the code, the test's name and the hidden tests in its
 * fragment (share.ts); the hidden tests are already on the page (the exercise judges in the
 * browser), so nothing new is disclosed. Runs on the page's main thread; it listens for the
 * exercise island's `synclab:verdict` event and loads the link's encoder on the first one.
 */
import type { Verdict } from "../../runner/browser/protocol.ts";
import { afterNextPaint } from "../exercise/after-paint.ts";

/** LINK_TEXT is the link's words in each language; {test} is the test's name. */
export const LINK_TEXT = {
  en: "Be the scheduler for “{test}” in the playground",
  zh: "在演练场中为“{test}”当调度器",
} as const;

interface VerdictDetail {
  id: string;
  code: string;
  verdict: Verdict;
}

/** linkExercisesToPlayground starts listening (once per page). */
export function linkExercisesToPlayground(): void {
  const w = window as { __synclabSchedulerLink?: boolean };
  if (w.__synclabSchedulerLink) return;
  w.__synclabSchedulerLink = true;
  // The link is an extra: when its encoder's chunk cannot load (the learner left the page while
  // it loaded, or a new deploy replaced the chunk), the exercise goes without it, and no uncaught
  // error is left behind.
  document.addEventListener("synclab:verdict", (e) => void place(e.target as HTMLElement, (e as CustomEvent<VerdictDetail>).detail).catch(() => undefined));
}

async function place(root: HTMLElement, detail: VerdictDetail): Promise<void> {
  // The link is built once the verdict is on screen: encoding it (the code and the hidden tests,
  // compressed) took ~4 ms of the frame that showed each warm Run's verdict.
  await afterNextPaint();
  const after = root.querySelector<HTMLElement>('[data-role="after"]');
  const raw = root.querySelector('script[data-role="data"]')?.textContent;
  if (!after || !raw || !detail?.verdict) return;
  const data = JSON.parse(raw) as { tests?: string; limits?: { strategy?: string; seed?: number; runs?: number } };
  const judged = detail.verdict.tests.filter((t) => t.status !== "skipped");
  const test = judged.find((t) => t.status !== "pass") ?? judged[0];
  if (!test || typeof data.tests !== "string") return;
  const lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
  const title = (lang === "zh" ? test.zh?.name : undefined) ?? test.name;
  const { programFragment } = await import("./share.ts");
  const fragment = programFragment({
    code: detail.code,
    seed: data.limits?.seed ?? 1,
    choices: [],
    exercise: { id: detail.id, test: test.name, title, tests: data.tests },
  });
  const base = import.meta.env.BASE_URL.replace(/\/?$/, "/");
  let link = after.querySelector<HTMLAnchorElement>("a.sx-scheduler");
  if (!link) {
    link = document.createElement("a");
    link.className = "sx-scheduler";
    after.prepend(link);
  }
  link.href = `${base}${lang}/playground/${fragment}`;
  link.textContent = LINK_TEXT[lang].replace("{test}", title);
}
