/**
 * strings — the playground's words in both languages, by dotted key. Go's own texts (the
 * detectors' reports, wait reasons) are not translated: they are what Go prints.
 */
export const playgroundStrings = {
  en: {
    "playground.strategy": "Strategy",
    "playground.seed": "Seed",
    "playground.runs": "Runs",
    "playground.run": "Run",
    "playground.share": "Share link",
    "playground.shared": "Link to this program and schedule (also in the address bar):",
    "playground.editor": "Program (TypeScript against gosync; export async function main)",
    "playground.output": "Output",
    "playground.reports": "Detectors",
    "playground.schedule": "Schedule",
    "playground.loading": "Loading the editor…",
    "playground.running": "Running on the simulator…",
    "playground.noOutput": "(nothing printed)",
    "playground.noReports": "No data race, deadlock or leak on this schedule.",
    "playground.noMain": "The program exports no main: write export async function main() { … }, which runs as goroutine 1.",
    "playground.outcome.pass": "main returned: no race, deadlock or leak on {n} schedule(s) ({strategy}, seed {seed}); the timeline shows the first.",
    "playground.outcome.testPass": "The test passed on {n} schedule(s) ({strategy}, seed {seed}); the timeline shows the first.",
    "playground.outcome.fail": "{status} on schedule {run} ({strategy}, seed {seed}): {message}",
    "playground.outcome.other": "{status}: {message}",
    "playground.badLink": "This link could not be read ({detail}); the editor keeps its program.",
    "playground.stepLine": "Step {step}: goroutine {g} at line {line}",
    "playground.depth": "PCT depth",
    "playground.bound": "Bound",
    "playground.bound.title": "the highest preemption or delay bound the bounded search tries",
    "playground.exercise": "Exercise {id}, test “{test}”: the code is the exercise's solution.ts and the test's body runs as goroutine 1.",
    "scheduler.start": "Be the scheduler",
    "scheduler.title": "Be the scheduler",
    "scheduler.intro": "Pick which goroutine runs next, one decision at a time. Each choice runs the program again from the start to the next decision (a replay), so Undo costs nothing. Keys: 1–9 pick an option, Backspace undoes.",
    "scheduler.working": "Running your schedule…",
    "scheduler.pick": "Decision {index} (step {step}): who runs next?",
    "scheduler.pickCase": "Decision {index} (step {step}): goroutine {g}'s select has {n} ready cases. Which one?",
    "scheduler.option.start": "goroutine {g}: starts{at}",
    "scheduler.option.woken": "goroutine {g}: returns from {woken}{at}",
    "scheduler.option.op": "goroutine {g}: {op}{at}",
    "scheduler.option.step": "runtime step: the rest of goroutine {owner}'s operation",
    "scheduler.option.at": " at line {line}",
    "scheduler.option.atFile": " at {file}:{line}",
    "scheduler.option.preempts": " (preempts goroutine {last})",
    "scheduler.case": "case {i}",
    "scheduler.undo": "Undo",
    "scheduler.restart": "Start over",
    "scheduler.leave": "Leave",
    "scheduler.choices": "Your schedule: {list}",
    "scheduler.none": "(none yet)",
    "scheduler.ok": "The program ended on your schedule with no race, deadlock, leak or failure.",
    "scheduler.fired": "A detector fired on your schedule: {what}. {message}",
    "scheduler.firedGoesOn": "A detector fired on your schedule: {what}. {message} The program goes on: keep choosing, or Undo.",
    "scheduler.what.fail": "a failed assertion",
    "scheduler.what.race": "a data race",
    "scheduler.what.deadlock": "a deadlock",
    "scheduler.what.leak": "a goroutine leak",
    "scheduler.what.panic": "a panic",
    "scheduler.what.error": "an error",
    "scheduler.what.skipped": "no test ran",
    "scheduler.bad": "This schedule could not be followed: {message}",
  },
  zh: {
    "playground.strategy": "策略",
    "playground.seed": "种子",
    "playground.runs": "调度次数",
    "playground.run": "运行",
    "playground.share": "分享链接",
    "playground.shared": "指向这段程序和这个调度的链接（地址栏里也是它）：",
    "playground.editor": "程序（基于 gosync 的 TypeScript；导出 async function main）",
    "playground.output": "输出",
    "playground.reports": "检测器报告",
    "playground.schedule": "调度",
    "playground.loading": "正在加载编辑器…",
    "playground.running": "正在模拟器上运行…",
    "playground.noOutput": "（没有输出）",
    "playground.noReports": "这个调度上没有数据竞争、死锁或泄漏。",
    "playground.noMain": "程序没有导出 main：请写 export async function main() { … }，它作为 goroutine 1 运行。",
    "playground.outcome.pass": "main 已返回：{n} 个调度（{strategy}，种子 {seed}）上没有数据竞争、死锁或泄漏；时间线显示第一个。",
    "playground.outcome.testPass": "测试在 {n} 个调度（{strategy}，种子 {seed}）上都通过了；时间线显示第一个。",
    "playground.outcome.fail": "第 {run} 个调度（{strategy}，种子 {seed}）上出现 {status}：{message}",
    "playground.outcome.other": "{status}：{message}",
    "playground.badLink": "无法读取这个链接（{detail}）；编辑器保留原来的程序。",
    "playground.stepLine": "第 {step} 步：goroutine {g} 在第 {line} 行",
    "playground.depth": "PCT 深度",
    "playground.bound": "界限",
    "playground.bound.title": "有界搜索尝试的最大抢占或延迟界限",
    "playground.exercise": "练习 {id} 的测试“{test}”：代码是这个练习的 solution.ts，测试体作为 goroutine 1 运行。",
    "scheduler.start": "当调度器",
    "scheduler.title": "当调度器",
    "scheduler.intro": "一次一个决策，选择下一个运行的 goroutine。每次选择都会从头重新运行程序直到下一个决策点（重放），所以撤销不需要任何代价。按键：1–9 选择选项，Backspace 撤销。",
    "scheduler.working": "正在运行你的调度…",
    "scheduler.pick": "第 {index} 个决策（第 {step} 步）：下一个运行谁？",
    "scheduler.pickCase": "第 {index} 个决策（第 {step} 步）：goroutine {g} 的 select 有 {n} 个就绪分支。选哪一个？",
    "scheduler.option.start": "goroutine {g}：开始运行{at}",
    "scheduler.option.woken": "goroutine {g}：从 {woken} 返回{at}",
    "scheduler.option.op": "goroutine {g}：{op}{at}",
    "scheduler.option.step": "运行时步骤：goroutine {owner} 的操作的剩余部分",
    "scheduler.option.at": "，位于第 {line} 行",
    "scheduler.option.atFile": "，位于 {file}:{line}",
    "scheduler.option.preempts": "（抢占 goroutine {last}）",
    "scheduler.case": "分支 {i}",
    "scheduler.undo": "撤销",
    "scheduler.restart": "从头开始",
    "scheduler.leave": "退出",
    "scheduler.choices": "你的调度：{list}",
    "scheduler.none": "（还没有）",
    "scheduler.ok": "程序按你的调度结束：没有数据竞争、死锁、泄漏或失败。",
    "scheduler.fired": "检测器在你的调度上报告了{what}。{message}",
    "scheduler.firedGoesOn": "检测器在你的调度上报告了{what}。{message} 程序还在继续：可以接着选择，或撤销。",
    "scheduler.what.fail": "断言失败",
    "scheduler.what.race": "数据竞争",
    "scheduler.what.deadlock": "死锁",
    "scheduler.what.leak": "goroutine 泄漏",
    "scheduler.what.panic": "panic",
    "scheduler.what.error": "错误",
    "scheduler.what.skipped": "没有运行任何测试",
    "scheduler.bad": "无法按这个调度运行：{message}",
  },
} as const;

export type PlaygroundLang = keyof typeof playgroundStrings;
/** PlaygroundStrings is one language's table: every key of the English one, each a string. */
export type PlaygroundStrings = { readonly [K in keyof (typeof playgroundStrings)["en"]]: string };

/** STARTER is the program the playground opens with: two goroutines and a lost update. */
export const STARTER = `import { go, shared } from "gosync";
import { WaitGroup } from "gosync/sync";

export async function main(): Promise<void> {
  const s = shared({ n: 0 });
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.add(1);
    go(async () => {
      s.n = s.n + 1; // no lock: a data race
      wg.done();
    });
  }
  await wg.wait();
  console.log("n =", s.n);
}
`;
