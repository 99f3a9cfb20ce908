import { describe, expect, it } from "vitest";
import { checkFlowchart } from "./flowchart-check.ts";
import { mermaidMdastPlugin, parseAlt } from "./integration.ts";
import { renderDiagram } from "./render.ts";

// The source tutorial's eight flowcharts as the chapters keep them (labels with parentheses quoted).
const SOURCE_DIAGRAMS = [
  `graph TD\n  A[函数开始执行] --> B{遇到defer}\n  B --> C[将函数压入defer栈]\n  C --> D[继续执行后续代码]\n  D --> E{函数return}\n  E --> F[触发defer栈弹出]\n  F --> G[按LIFO执行所有defer]\n  G --> H[函数真正返回]`,
  `graph TD\n  A[初始化 count=0] --> B["Add(n): count += n"]\n  B --> C{count == 0?}\n  C -->|Yes| D[释放每个等待者]\n  C -->|No| E[继续等待]`,
  `graph TD\n  A[Main Goroutine] --> B["wg.Add(N)"]\n  B --> C[启动N个worker]\n  C --> D[每个worker执行]\n  D --> E["defer wg.Done()"]\n  E --> F[wg计数减1]\n  F --> G[全部完成时Wait解除阻塞]`,
  `graph TD\n  A[主线程] --> B{"调用 wg.Add(1)"}\n  B --> C[启动 goroutine]\n  C --> D[子协程执行任务]\n  D --> E["调用 wg.Done()"]\n  A --> F["调用 wg.Wait()"]\n  F --> G{等待计数归零}\n  E --> G`,
  `graph TD\n  A[客户端请求] --> B{API Server}\n  B --> C[数据库查询]\n  B --> D[缓存调用]\n  C --> E[(MySQL)]\n  D --> F[(Redis)]\n  Timeout[2s context timeout] --> B\n  B -.-> C\n  B -.-> D\n  style Timeout stroke:#f00,stroke-width:2px`,
  `graph TD\n  A[分发批量任务] --> B[启动N个Worker]\n  B --> C[Worker监听任务通道]\n  C --> D[处理任务并发送完成信号]\n  D --> E[主协程等待所有完成信号]\n  E --> F[触发后续汇总逻辑]`,
  `graph TD\n  A[接收聚合请求] --> B{解析子任务}\n  B --> C[并发调度HTTP请求]\n  C --> D[等待所有响应]\n  D --> E{是否有失败?}\n  E -->|是| F[返回部分结果或错误]\n  E -->|否| G[合并响应并返回]`,
  `graph TD\n  A[请求获取实例] --> B{实例已创建?}\n  B -->|否| C[获取互斥锁]\n  C --> D{再次检查实例}\n  D -->|是| E[返回实例]\n  D -->|否| F[创建实例]\n  F --> G[赋值并释放锁]\n  G --> H[返回实例]\n  B -->|是| E`,
];

describe("checkFlowchart", () => {
  it("accepts each of the source tutorial's eight flowcharts", () => {
    for (const source of SOURCE_DIAGRAMS) expect(checkFlowchart(source), source).toEqual([]);
  });

  it("accepts & groups, subgraphs, text edges, comments and trailing semicolons", () => {
    const source = "flowchart LR\n  %% a comment\n  subgraph S [Group]\n    direction TB\n    A & B --> C;\n  end\n  C -- yes --> D((done))\n  D ==> E>flag]";
    expect(checkFlowchart(source)).toEqual([]);
  });

  it("reports a label that is never closed, with its line", () => {
    const problems = checkFlowchart("graph TD\n  A[start --> B");
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(2);
    expect(problems[0].message).toContain('not closed with "]"');
  });

  it("asks for quotes when an unquoted label contains parentheses", () => {
    const [problem] = checkFlowchart("graph TD\n  A --> B[Add(n)]");
    expect(problem.message).toContain('quote it, e.g. B["Add(n)"]');
  });

  it("rejects a line of prose that a lenient parser would turn into a node", () => {
    const [problem] = checkFlowchart("graph TD\n  A --> B\n  this is not a statement");
    expect(problem.line).toBe(3);
    expect(problem.message).toContain("could not read an edge");
  });

  it("rejects an unknown header, a dangling edge and an unbalanced subgraph", () => {
    expect(checkFlowchart("grph TD\nA-->B")[0].message).toContain('expected "graph TD"');
    expect(checkFlowchart("graph TD\nA -->")[0].message).toContain("no target node");
    expect(checkFlowchart("graph TD\nsubgraph X\nA-->B")[0].message).toContain("not closed with `end`");
  });
});

describe("renderDiagram", () => {
  it("renders every source flowchart to a figure whose accessible name is the alt text", () => {
    for (const source of SOURCE_DIAGRAMS) {
      const html = renderDiagram(source, 'Flowchart: "quoted" & <escaped>');
      expect(html).toMatch(/^<figure class="diagram" data-diagram style="--diagram-width: \d+px"><svg id="diagram-[0-9a-f]+" role="img" aria-label="Flowchart: &quot;quoted&quot; &amp; &lt;escaped&gt;" /);
      expect(html).toContain('<figcaption class="sr-only">Flowchart: &quot;quoted&quot; &amp; &lt;escaped&gt;</figcaption>');
    }
  });

  it("loads nothing from another host and keeps its CSS and ids inside its own svg", () => {
    const html = renderDiagram(SOURCE_DIAGRAMS[4], "alt");
    const id = /<svg id="(diagram-[0-9a-f]{10})"/.exec(html)?.[1];
    expect(id, "the svg root carries a hashed id").toBeDefined();
    expect(html).not.toMatch(/@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ref.startsWith(`${id}-`), ref).toBe(true);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    for (const [, selector] of css.matchAll(/([^{}]+)\{/g)) expect(selector.trim().startsWith(`#${id}`), selector).toBe(true);
  });

  it("takes its colours from Starlight's theme variables so it follows light and dark mode", () => {
    expect(renderDiagram(SOURCE_DIAGRAMS[0], "alt")).toContain("--bg:var(--sl-color-bg);--fg:var(--sl-color-white)");
  });

  it("throws with the diagram line when the flowchart does not parse", () => {
    expect(() => renderDiagram("graph TD\n  A[x --> B", "alt")).toThrow(/line 2: .*not closed/);
  });
});

describe("mermaidMdastPlugin", () => {
  const fileURL = new URL("file:///work/main/content/chapters/zh/02-defer-waitgroup.mdx");
  const code = (meta: string | null, value = SOURCE_DIAGRAMS[0]) => ({ type: "code" as const, lang: "mermaid", meta, value, position: { start: { line: 40 } } });

  it("replaces a mermaid block in MDX with a Fragment that sets the figure's HTML", () => {
    const out = mermaidMdastPlugin.code(code('alt="defer 的执行流程"'), { fileURL, sourceFormat: "mdx" }) as { name: string; attributes: { name: string; value: string }[] };
    expect(out.name).toBe("Fragment");
    expect(out.attributes[0].name).toBe("set:html");
    expect(out.attributes[0].value).toContain('aria-label="defer 的执行流程"');
  });

  it("replaces a mermaid block in Markdown with raw HTML", () => {
    const out = mermaidMdastPlugin.code(code('alt="x"'), { fileURL, sourceFormat: "markdown" }) as { type: string };
    expect(out.type).toBe("html");
  });

  it("leaves other code blocks alone", () => {
    expect(mermaidMdastPlugin.code({ ...code(null), lang: "go" }, { fileURL, sourceFormat: "mdx" })).toBeUndefined();
  });

  it("fails naming the file and line when the alt text is missing or blank", () => {
    for (const meta of [null, "", 'alt=""', "title=x"]) {
      expect(() => mermaidMdastPlugin.code(code(meta), { fileURL, sourceFormat: "mdx" })).toThrow(
        /content\/chapters\/zh\/02-defer-waitgroup\.mdx:40: mermaid diagram has no text alternative/,
      );
    }
  });

  it("fails naming the file, the fence line and the file line of a broken diagram", () => {
    expect(() => mermaidMdastPlugin.code(code('alt="x"', "graph TD\nA --> B\nnonsense here"), { fileURL, sourceFormat: "mdx" })).toThrow(
      /02-defer-waitgroup\.mdx:40: mermaid diagram cannot be rendered \(file line 43\):\nline 3: /,
    );
  });
});

describe("parseAlt", () => {
  it("reads a double-quoted alt with escaped quotes and ignores other meta", () => {
    expect(parseAlt('title="t" alt="say \\"hi\\"" other')).toBe('say "hi"');
    expect(parseAlt("alt=unquoted")).toBeUndefined();
  });
});
