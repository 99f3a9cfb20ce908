/**
 * strings — the timeline's words in both languages, by dotted key (one table per language).
 * Wait reasons stay as Go prints them (`chan receive`, `sync.Mutex.Lock`): they are Go's.
 */
export const strings = {
  en: {
    "timeline.label": "Schedule timeline",
    "timeline.summary": "{lanes} goroutines over {steps} steps ({events} events)",
    "timeline.first": "First step",
    "timeline.prev": "Previous step",
    "timeline.next": "Next step",
    "timeline.last": "Last step",
    "timeline.scrubber": "Step",
    "timeline.keys": "← → move a step, Home and End go to the first and last",
    "timeline.step": "Step {step} of {last}",
    "timeline.time": "t = {t} ms",
    "timeline.ran": "goroutine {g} ran: {what}",
    "timeline.runtime": "the runtime: {what}",
    "timeline.nothing": "nothing ran",
    "timeline.goroutine": "goroutine {g}",
    "timeline.main": "goroutine 1 (main)",
    "timeline.line": "line {line}",
    "timeline.state.running": "running",
    "timeline.state.runnable": "runnable",
    "timeline.state.blocked": "blocked",
    "timeline.state.finished": "finished",
    "timeline.state.sleep": "sleeping",
    "timeline.stuck": "stuck at the end (deadlock): {reason}",
    "timeline.leaked": "still blocked after main returned (leak): {reason}",
    "timeline.race": "data race: {kind} of {addr} at line {line}",
    "timeline.race.read": "read",
    "timeline.race.write": "write",
    "timeline.legend": "Legend",
    "timeline.legend.edge": "happens-before",
    "timeline.legend.race": "racing access",
    "timeline.legend.main": "main returned",
    "timeline.legend.waitfor": "waits for (deadlock)",
    "timeline.waitsFor": "goroutine {g} waits for lock #{obj}, held by goroutine {holder}",
    "timeline.empty": "No trace was recorded for this run.",
  },
  zh: {
    "timeline.label": "调度时间线",
    "timeline.summary": "{lanes} 个 goroutine，共 {steps} 步（{events} 个事件）",
    "timeline.first": "第一步",
    "timeline.prev": "上一步",
    "timeline.next": "下一步",
    "timeline.last": "最后一步",
    "timeline.scrubber": "步",
    "timeline.keys": "← → 前后移动一步，Home 和 End 跳到第一步和最后一步",
    "timeline.step": "第 {step} 步，共 {last} 步",
    "timeline.time": "t = {t} ms",
    "timeline.ran": "goroutine {g} 运行：{what}",
    "timeline.runtime": "运行时：{what}",
    "timeline.nothing": "没有 goroutine 运行",
    "timeline.goroutine": "goroutine {g}",
    "timeline.main": "goroutine 1（main）",
    "timeline.line": "第 {line} 行",
    "timeline.state.running": "运行中",
    "timeline.state.runnable": "可运行",
    "timeline.state.blocked": "阻塞",
    "timeline.state.finished": "已结束",
    "timeline.state.sleep": "休眠",
    "timeline.stuck": "结束时仍卡住（死锁）：{reason}",
    "timeline.leaked": "main 返回后仍阻塞（泄漏）：{reason}",
    "timeline.race": "数据竞争：第 {line} 行对 {addr} 的{kind}",
    "timeline.race.read": "读",
    "timeline.race.write": "写",
    "timeline.legend": "图例",
    "timeline.legend.edge": "happens-before",
    "timeline.legend.race": "竞争的访问",
    "timeline.legend.main": "main 返回",
    "timeline.legend.waitfor": "等待（死锁）",
    "timeline.waitsFor": "goroutine {g} 在等锁 #{obj}，它被 goroutine {holder} 持有",
    "timeline.empty": "这次运行没有记录事件。",
  },
} as const;

export type TimelineLang = keyof typeof strings;
export type TimelineKey = keyof (typeof strings)["en"];

/** t formats `key` in `lang`, replacing {name} by `vars[name]`. */
export function t(lang: TimelineLang, key: TimelineKey, vars: Record<string, string | number> = {}): string {
  return strings[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
