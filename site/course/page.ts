/**
 * page — the exercises page's behaviour (ExerciseList.astro): each exercise's state and each
 * chapter's progress from localStorage (state.ts), and the export, import and reset buttons
 * (backup.ts; the reset and an import that would replace drafts ask first, in an in-page dialog).
 * Runs on the page's main thread.
 */
import { confirmDialog } from "../exercise/dialog.ts";
import { BACKUP_MAX_BYTES, conflictsOf, exportCourse, mergeBackup, parseBackup } from "./backup.ts";
import { STATE_EVENT, clearCourse, exerciseState } from "./state.ts";
import { courseStrings, type CourseKey, type CourseLang } from "./strings.ts";

export function armCoursePage(): void {
  const root = document.querySelector<HTMLElement>('[data-course="page"]');
  const dataScript = root?.querySelector('[data-course="page-data"]');
  if (!root || !dataScript) return;
  const { strings } = JSON.parse(dataScript.textContent ?? "{}") as { lang: CourseLang; strings: (typeof courseStrings)["en"] };
  const s = (key: CourseKey, vars: Record<string, string | number> = {}) =>
    strings[key].replace(/\{(\w+)\}/g, (_, n: string) => String(vars[n] ?? `{${n}}`));
  const message = root.querySelector<HTMLElement>('[data-course="message"]')!;
  const say = (text: string, kind: "info" | "error" = "info") => {
    message.dataset.kind = kind;
    message.textContent = text;
  };

  const draw = () => {
    for (const chapter of root.querySelectorAll<HTMLElement>("[data-chapter]")) {
      const rows = Array.from(chapter.querySelectorAll<HTMLElement>("[data-exercise-row]"));
      let passed = 0;
      for (const row of rows) {
        const state = exerciseState(row.dataset.exerciseRow!);
        if (state === "passed") passed++;
        const cell = row.querySelector<HTMLElement>(".sx-course-state")!;
        cell.dataset.state = state;
        cell.textContent = s(`course.state.${state}`);
      }
      chapter.querySelector("progress")!.value = passed;
      chapter.querySelector('[data-course="chapter-count"]')!.textContent = s("course.chapter.progress", { passed, total: rows.length });
    }
  };
  draw();
  addEventListener(STATE_EVENT, draw);
  addEventListener("storage", draw);

  const file = root.querySelector<HTMLInputElement>('[data-course="file"]')!;
  const actions: Record<string, () => void | Promise<void>> = {
    export: () => {
      const blob = new Blob([JSON.stringify(exportCourse(), null, 2)], { type: "application/json" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `synclab-progress-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
    import: () => file.click(),
    reset: async () => {
      const yes = await confirmDialog(root, { message: s("course.reset.confirm"), confirm: s("course.reset.action"), cancel: s("course.cancel") });
      if (!yes) return;
      clearCourse();
      say(s("course.reset.done"));
    },
  };
  root.addEventListener("click", (e) => {
    const name = (e.target as HTMLElement).closest<HTMLElement>("[data-course-action]")?.dataset.courseAction;
    if (name && actions[name]) void actions[name]();
  });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    if (chosen.size > BACKUP_MAX_BYTES) {
      say(s("course.import.bad.size", { file: chosen.name, size: (chosen.size / 1024 / 1024).toFixed(1) }), "error");
      return;
    }
    const parsed = parseBackup(await chosen.text());
    if (!parsed.ok) {
      const p = parsed.problem;
      say(
        p.kind === "json"
          ? s("course.import.bad.json", { file: chosen.name, detail: p.detail })
          : s("course.import.bad.format", { file: chosen.name, issues: p.issues.join("; ") }),
        "error",
      );
      return;
    }
    const conflicts = conflictsOf(parsed.backup);
    const replace =
      conflicts.length > 0 &&
      (await confirmDialog(root, {
        message: s("course.import.conflict", { n: conflicts.length, ids: conflicts.join(", ") }),
        confirm: s("course.import.replace"),
        cancel: s("course.import.keep"),
      }));
    const done = mergeBackup(parsed.backup, replace);
    say([s("course.import.done", { drafts: done.drafts, states: done.states }), done.kept.length ? s("course.import.kept", { ids: done.kept.join(", ") }) : ""].filter(Boolean).join(" "));
  });
}
