/**
 * console-capture.ts — the `console` a Run's code sees (a Compartment global, compartment.ts):
 * it keeps the first CONSOLE_LINES lines, each cut at CONSOLE_LINE_CHARS, and only counts the
 * rest, so a million lines cannot flood the host. Runs in the sandbox realm.
 */

/** CONSOLE_LINES is how many console lines a Run keeps; later ones are only counted. */
export const CONSOLE_LINES = 200;
/** CONSOLE_LINE_CHARS is where one kept line is cut. */
export const CONSOLE_LINE_CHARS = 500;

/** ConsoleCapture is what a Run's code printed: the first lines kept, the rest only counted. */
export interface ConsoleCapture {
  lines: string[];
  dropped: number;
}

const LEVELS = ["log", "info", "warn", "error", "debug", "trace"] as const;

const objectToString = Object.prototype.toString;
const stringify = JSON.stringify;

/** safeString prints any value without letting it throw out of console.log. */
function safeString(value: unknown): string {
  try {
    return typeof value === "object" && value !== null ? (stringify(value) ?? String(value)) : String(value);
  } catch {
    try {
      return objectToString.call(value);
    } catch {
      return "(a value that cannot be printed)";
    }
  }
}

/** ConsoleSink is a capture: the console object to endow, and its per-Run state. */
export interface ConsoleSink {
  /** console is the object a Run's code calls (frozen once the caller hardens the endowments). */
  readonly console: Readonly<Record<(typeof LEVELS)[number], (...args: unknown[]) => void>>;
  /** reset forgets what the last Run printed. */
  reset(): void;
  /** mute drops (true) or keeps again (false) what is printed: the files' top level prints once per Run, not once per load. */
  mute(on: boolean): void;
  /** snapshot copies what this Run printed so far. */
  snapshot(): ConsoleCapture;
}

/** createConsoleCapture makes one capture for a realm; each Run starts with reset(). */
export function createConsoleCapture(): ConsoleSink {
  const lines: string[] = [];
  let dropped = 0;
  let muted = false;
  const write = (level: string) =>
    function (...args: unknown[]): void {
      if (muted) return;
      if (lines.length >= CONSOLE_LINES) {
        dropped++;
        return;
      }
      let text = args.map((a) => (typeof a === "string" ? a : safeString(a))).join(" ");
      if (text.length > CONSOLE_LINE_CHARS) text = `${text.slice(0, CONSOLE_LINE_CHARS)}…`;
      lines.push(level === "log" ? text : `[${level}] ${text}`);
    };
  const console = Object.fromEntries(LEVELS.map((level) => [level, write(level)])) as ConsoleSink["console"];
  return {
    console,
    reset() {
      lines.length = 0;
      dropped = 0;
      muted = false;
    },
    mute(on: boolean) {
      muted = on;
    },
    snapshot() {
      return { lines: lines.slice(), dropped };
    },
  };
}
