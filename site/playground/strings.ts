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
    "playground.outcome.fail": "{status} on schedule {run} ({strategy}, seed {seed}): {message}",
    "playground.outcome.other": "{status}: {message}",
    "playground.badLink": "This link could not be read ({detail}); the editor keeps its program.",
    "playground.stepLine": "Step {step}: goroutine {g} at line {line}",
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
    "playground.outcome.fail": "第 {run} 个调度（{strategy}，种子 {seed}）上出现 {status}：{message}",
    "playground.outcome.other": "{status}：{message}",
    "playground.badLink": "无法读取这个链接（{detail}）；编辑器保留原来的程序。",
    "playground.stepLine": "第 {step} 步：goroutine {g} 在第 {line} 行",
  },
} as const;

export type PlaygroundLang = keyof typeof playgroundStrings;
export type PlaygroundStrings = (typeof playgroundStrings)["en"];

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
