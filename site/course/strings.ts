/**
 * strings — the course progress UI's text (sidebar marks, the exercises page, export, import and
 * reset), by dotted key, one table per language. Used at build (Sidebar.astro, ExerciseList.astro)
 * and in the browser (sidebar.ts, page.ts, backup.ts).
 */
export const courseStrings = {
  en: {
    "course.overall": "Exercises passed: {passed} of {total}",
    "course.overall.link": "All exercises",
    "course.chapter.mark": "{passed} of {total} exercises passed",
    "course.state.not-started": "not started",
    "course.state.attempted": "attempted",
    "course.state.passed": "passed",
    "course.table.exercise": "Exercise",
    "course.table.state": "State",
    "course.chapter.progress": "{passed} of {total} passed",
    "course.next": "Next exercise: {title}",
    "course.done": "You have passed every exercise of the course.",
    "course.backup.heading": "Move your work to another browser",
    "course.backup.intro": "Your drafts and progress live in this browser only. Export them to one file, and import that file in another browser (or after clearing this one).",
    "course.export": "Export drafts and progress",
    "course.import": "Import a file…",
    "course.reset": "Reset all progress…",
    "course.reset.confirm": "Delete every draft and all progress kept in this browser? Export them first if you may want them back.",
    "course.reset.action": "Delete everything",
    "course.reset.done": "Every draft and all progress were deleted from this browser.",
    "course.cancel": "Cancel",
    "course.import.done": "Imported {drafts} drafts and the progress of {states} exercises.",
    "course.import.conflict": "{n} of the file's drafts differ from the drafts in this browser ({ids}). Replace this browser's drafts with the file's? Either way, nothing else is lost: the other drafts and progress are merged.",
    "course.import.replace": "Use the file's drafts",
    "course.import.keep": "Keep this browser's",
    "course.import.kept": "Kept this browser's drafts of {ids}.",
    "course.import.bad.json": "“{file}” is not a SyncLab export: it is not JSON ({detail}).",
    "course.import.bad.format": "“{file}” is not a valid SyncLab export: {issues}. Nothing was imported.",
    "course.import.bad.size": "“{file}” is {size} MB; a SyncLab export is at most 8 MB. Nothing was imported.",
  },
  zh: {
    "course.overall": "已通过练习：{passed}/{total}",
    "course.overall.link": "全部练习",
    "course.chapter.mark": "{total} 道练习已通过 {passed} 道",
    "course.state.not-started": "未开始",
    "course.state.attempted": "已尝试",
    "course.state.passed": "已通过",
    "course.table.exercise": "练习",
    "course.table.state": "状态",
    "course.chapter.progress": "已通过 {passed}/{total}",
    "course.next": "下一道练习：{title}",
    "course.done": "你已通过本课程的全部练习。",
    "course.backup.heading": "把你的进度带到另一个浏览器",
    "course.backup.intro": "草稿和进度只保存在这个浏览器里。可以把它们导出成一个文件，再在另一个浏览器（或清空本浏览器之后）导入。",
    "course.export": "导出草稿和进度",
    "course.import": "导入文件…",
    "course.reset": "重置全部进度…",
    "course.reset.confirm": "删除这个浏览器里保存的全部草稿和进度？如果以后可能还需要，请先导出。",
    "course.reset.action": "全部删除",
    "course.reset.done": "已从这个浏览器删除全部草稿和进度。",
    "course.cancel": "取消",
    "course.import.done": "已导入 {drafts} 份草稿和 {states} 道练习的进度。",
    "course.import.conflict": "文件中有 {n} 份草稿与这个浏览器里的草稿不同（{ids}）。要用文件中的草稿替换吗？无论怎么选，其余草稿和进度都会合并，不会丢失。",
    "course.import.replace": "使用文件中的草稿",
    "course.import.keep": "保留本浏览器的",
    "course.import.kept": "保留了本浏览器中 {ids} 的草稿。",
    "course.import.bad.json": "“{file}”不是 SyncLab 导出文件：它不是 JSON（{detail}）。",
    "course.import.bad.format": "“{file}”不是有效的 SyncLab 导出文件：{issues}。没有导入任何内容。",
    "course.import.bad.size": "“{file}”有 {size} MB；SyncLab 导出文件最多 8 MB。没有导入任何内容。",
  },
} as const;

export type CourseLang = keyof typeof courseStrings;
export type CourseKey = keyof (typeof courseStrings)["en"];

/** ct returns the course string for key in lang, with {name} placeholders filled from vars. */
export function ct(lang: CourseLang, key: CourseKey, vars: Record<string, string | number> = {}): string {
  return courseStrings[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
