/**
 * checkFlowchart reads Mermaid flowchart source line by line and returns the problems it finds,
 * each with the 1-based line inside the diagram. An empty list means every statement was
 * understood.
 *
 * Why this exists: beautiful-mermaid's parser is lenient. `A[unclosed --> B` renders as a lone
 * node "A" and a stray line of prose renders as a node named after its first word, so a typo in a
 * chapter would ship a silently wrong diagram. This checker accepts the flowchart subset the
 * chapters use (nodes with the usual shapes, chains of edges with optional |labels|, `&` groups,
 * subgraph/end, direction, style/classDef/class/linkStyle, %% comments) and rejects the rest with
 * a message that says what was read and what was expected.
 *
 * Unquoted labels must not contain brackets, parentheses, braces, pipes or quotes: official
 * Mermaid rejects them too, so the rule keeps the sources valid for every Mermaid renderer.
 */
export interface FlowchartProblem {
  /** 1-based line number inside the diagram source (line 1 is the `graph TD` header). */
  line: number;
  message: string;
}

const HEADER = /^(graph|flowchart)(\s+(TD|TB|BT|LR|RL))?\s*;?$/;
const ID = /^[\p{L}\p{N}_]+/u;
// Shape delimiters, longest openers first so `((` wins over `(`.
const SHAPES: ReadonlyArray<readonly [open: string, close: string]> = [
  ["(((", ")))"],
  ["((", "))"],
  ["([", "])"],
  ["[(", ")]"],
  ["[[", "]]"],
  ["{{", "}}"],
  ["[/", "/]"],
  ["[\\", "\\]"],
  ["[/", "\\]"],
  ["[\\", "/]"],
  [">", "]"],
  ["(", ")"],
  ["[", "]"],
  ["{", "}"],
];
const FORBIDDEN_IN_UNQUOTED = /[[\](){}|"]/;
const ARROW = /^<?(?:-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-)/;
const TEXT_ARROW = /^(--|==|-\.)\s+([^-=.|][^|]*?)\s+(-->|---|==>|===|\.->|\.-)/;
const EDGE_LABEL = /^\|([^|]*)\|/;
const KEYWORD = /^(style|classDef|class|linkStyle|direction|subgraph|end|click)\b/;

export function checkFlowchart(source: string): FlowchartProblem[] {
  const problems: FlowchartProblem[] = [];
  const lines = source.split("\n");
  const first = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("%%"));
  if (first < 0) return [{ line: 1, message: "the diagram is empty; expected a `graph TD` (or flowchart) header" }];
  if (!HEADER.test(lines[first].trim())) {
    return [{ line: first + 1, message: `read header "${lines[first].trim()}"; expected "graph TD" or "flowchart LR" (direction TD, TB, BT, LR or RL)` }];
  }
  let nodes = 0;
  let depth = 0;
  for (let i = first + 1; i < lines.length; i++) {
    // One statement per line; a trailing `;` is allowed (statements joined by `;` are not).
    const text = lines[i].trim().replace(/;$/, "");
    if (text === "" || text.startsWith("%%")) continue;
    const problem = checkStatement(text);
    if (typeof problem === "string") {
      problems.push({ line: i + 1, message: problem });
      continue;
    }
    nodes += problem.nodes;
    depth += problem.depth;
    if (depth < 0) {
      problems.push({ line: i + 1, message: "read `end` without an open `subgraph`" });
      depth = 0;
    }
  }
  if (depth > 0) problems.push({ line: lines.length, message: `${depth} subgraph(s) not closed with \`end\`` });
  if (nodes === 0 && problems.length === 0) problems.push({ line: first + 1, message: "the flowchart has no nodes" });
  return problems;
}

/** checkStatement returns a problem message, or what the statement adds (nodes, subgraph depth). */
function checkStatement(text: string): string | { nodes: number; depth: number } {
  const keyword = KEYWORD.exec(text)?.[1];
  if (keyword === "click") return `read "${text}": click handlers need JavaScript, and the site ships none for diagrams`;
  if (keyword === "end") return text === "end" ? { nodes: 0, depth: -1 } : `read "${text}"; expected "end" alone on its line`;
  if (keyword === "subgraph") return { nodes: 0, depth: 1 };
  if (keyword === "direction") {
    return /^direction\s+(TD|TB|BT|LR|RL)$/.test(text) ? { nodes: 0, depth: 0 } : `read "${text}"; expected "direction TD|TB|BT|LR|RL"`;
  }
  if (keyword) return /^\S+\s+\S+/.test(text) ? { nodes: 0, depth: 0 } : `read "${text}"; ${keyword} needs a target and a value`;
  return checkChain(text);
}

/** checkChain reads `node (& node)* (edge node (& node)*)*`. */
function checkChain(text: string): string | { nodes: number; depth: number } {
  let rest = text;
  let nodes = 0;
  for (;;) {
    // One group of nodes joined by `&`.
    for (;;) {
      const node = readNode(rest);
      if (typeof node === "string") return `in "${text}": ${node}`;
      nodes++;
      rest = node.rest.trimStart();
      if (!rest.startsWith("&")) break;
      rest = rest.slice(1).trimStart();
    }
    if (rest === "") return { nodes, depth: 0 };
    const edge = readEdge(rest);
    if (edge === null) {
      return `in "${text}": could not read an edge at "${rest}"; expected -->, ---, -.->, ==> (optionally followed by |label|) and then a node`;
    }
    rest = edge.trimStart();
    if (rest === "") return `in "${text}": the edge has no target node`;
  }
}

function readNode(text: string): string | { rest: string } {
  const id = ID.exec(text)?.[0];
  if (!id) return `expected a node id (letters, digits, _) at "${text}"`;
  let rest = text.slice(id.length);
  const shape = SHAPES.find(([open]) => rest.startsWith(open));
  if (shape) {
    const [open] = shape;
    const inner = rest.slice(open.length);
    if (inner.startsWith('"')) {
      const endQuote = inner.indexOf('"', 1);
      if (endQuote < 0) return `the quoted label of node ${id} is not closed with "`;
      const after = inner.slice(endQuote + 1);
      const close = SHAPES.find(([o, c]) => o === open && after.startsWith(c));
      if (!close) return `node ${id}: expected "${shape[1]}" right after the quoted label`;
      rest = after.slice(close[1].length);
    } else {
      const closers = SHAPES.filter(([o]) => o === open).map(([, c]) => c);
      let end = -1;
      let closer = "";
      for (const c of closers) {
        const at = inner.indexOf(c);
        if (at >= 0 && (end < 0 || at < end)) [end, closer] = [at, c];
      }
      if (end < 0) return `the label of node ${id} is not closed with "${closers.join('" or "')}"`;
      const label = inner.slice(0, end);
      const bad = FORBIDDEN_IN_UNQUOTED.exec(label);
      if (bad) return `the label "${label}" of node ${id} contains "${bad[0]}": quote it, e.g. ${id}${open}"${label}"${closer}`;
      if (label.trim() === "") return `node ${id} has an empty label`;
      rest = inner.slice(end + closer.length);
    }
  }
  const cls = /^:::[\p{L}\p{N}_-]+/u.exec(rest);
  if (cls) rest = rest.slice(cls[0].length);
  return { rest };
}

function readEdge(text: string): string | null {
  const textual = TEXT_ARROW.exec(text);
  if (textual) return text.slice(textual[0].length);
  const arrow = ARROW.exec(text);
  if (!arrow) return null;
  let rest = text.slice(arrow[0].length);
  const label = EDGE_LABEL.exec(rest);
  if (label) rest = rest.slice(label[0].length);
  return rest;
}
