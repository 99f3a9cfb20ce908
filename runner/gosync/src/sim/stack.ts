/**
 * stack.ts — where the learner's code is: the first frames outside gosync of the current stack
 * (captureWhere, at blocking points and shared accesses when stacks are on) or of a thrown
 * error's (whereOfError, for a panic). Go's runtime/traceback.go plays this part in Go.
 *
 * Learner code can install an Error.prepareStackTrace that throws or returns junk: a location
 * is then missing, never a crash of the scheduler.
 */
import type { Where } from "./race.ts";
import { NativeError, apply, captureStackTrace, isArray } from "../commons.ts";
import { hostError } from "./host-error.ts";

/** gosyncDir is the directory of gosync's sources; frames inside it are not the learner's. */
const gosyncDir = (() => {
  try {
    const u = new URL("..", import.meta.url);
    return u.protocol === "file:" ? decodeURIComponent(u.pathname) : u.href;
  } catch {
    return "/gosync/src/";
  }
})();

/** SPEC_FRAME matches a frame in one of gosync's own specs, which counts as the program's. */
const SPEC_FRAME = /\.(spec|test)\.[cm]?[jt]s:/;

function isOwnFrame(f: string): boolean {
  return (f.includes(gosyncDir) && !SPEC_FRAME.test(f)) || f.includes("node:internal") || f.includes("/node_modules/") || f.includes("gosync/dist/");
}

/**
 * stackText is the text of the current stack, from the caller of captureWhere down. Where V8's
 * Error.captureStackTrace is there it fills a plain object: `new Error()` in a realm ses has
 * hardened captured every stack twice (its tamed constructor captures again to hide itself), and
 * replaying a failing schedule captures at every operation (build-waitgroup's starter: a fifth
 * of judging the Run was that constructor).
 */
function stackText(): unknown {
  if (captureStackTrace === undefined) return new NativeError().stack;
  const holder: { stack?: unknown } = {};
  captureStackTrace(holder, captureWhere);
  return holder.stack;
}

/** frameOf extracts `file:line:col` from one line of a V8 (`at f (x)`) or Firefox/Safari (`f@x`) stack. */
function frameOf(line: string): string | null {
  const m = /^\s*at (?:async )?(?:.*? \()?(.*?)\)?$/.exec(line) ?? /@(.*)$/.exec(line);
  if (m === null || m[1] === undefined || m[1] === "" || !/:\d+/.test(m[1])) return null;
  return m[1].replace(/^async /, "").replace(/^file:\/\//, "");
}

/** CallSite is the part of V8's structured stack frames captureWhere reads. */
interface CallSite {
  getScriptNameOrSourceURL(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

type V8Error = {
  stackTraceLimit?: number;
  prepareStackTrace?: unknown;
  captureStackTrace?: (target: object, constructorOpt?: unknown) => void;
};

/**
 * callSites returns the current stack below `below` (all of it for null) as V8's structured
 * frames where that is the fast way to read it, else null (then the text of `new Error().stack`
 * is parsed). In Node every stack's text
 * is built by Node's own JavaScript hook (ErrorPrepareStackTrace): replaying a failing schedule
 * captures the stack at every operation, and formatting and parsing that text was half of
 * judging a failing Run there (safe-counter's starter: 13.1 → 9.4 ms with call sites). In a
 * sandbox, ses's hook formats the text in JavaScript: the frames are read there through the
 * realm's Error as it was before lockdown (host-error.ts), whatever hook ses or the program set.
 * Chromium without ses formats the text natively, where building call sites measured no faster
 * and the judge slower, so it keeps the text. Any other hook (a test runner's source maps) and
 * Node's --enable-source-maps map positions in the text only: the text then too.
 */
function callSites(below: ((...args: never[]) => unknown) | null = captureWhere): CallSite[] | null {
  const E = (hostError ?? NativeError) as unknown as V8Error;
  const capture = E.captureStackTrace;
  const hook = E.prepareStackTrace;
  if (noSites || typeof capture !== "function" || typeof hook !== "function" || (hostError === undefined && hook.name !== "ErrorPrepareStackTrace")) return null;
  if ((globalThis as { process?: { sourceMapsEnabled?: boolean } }).process?.sourceMapsEnabled === true) return null;
  const limit = E.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    E.prepareStackTrace = returnSites;
    E.stackTraceLimit = 40;
    apply(capture, E, below === null ? [holder] : [holder, below]);
    const sites = holder.stack;
    if (isArray(sites) && sites.length > 0 && typeof sites[0]?.getLineNumber === "function") return sites as CallSite[];
    // An engine with captureStackTrace but no prepareStackTrace hook (Firefox) gives the text:
    // it is not asked again.
    if (typeof sites === "string") noSites = true;
    return null;
  } catch {
    return null;
  } finally {
    E.prepareStackTrace = hook;
    E.stackTraceLimit = limit;
  }
}

/** noSites turns true once a capture set to return frames returned text: the engine has no such hook. */
let noSites = false;

/** returnSites is the hook callSites sets for its one capture: the frames themselves. */
function returnSites(_: unknown, sites: CallSite[]): CallSite[] {
  return sites;
}

/** frameOfSite writes a structured frame as frameOf reads its text: `file:line:col` (no `file://`). */
function frameOfSite(site: CallSite): string | null {
  const name = site.getScriptNameOrSourceURL();
  const line = site.getLineNumber();
  if (!name || line === null) return null;
  return `${name.replace(/^file:\/\//, "")}:${line}:${site.getColumnNumber() ?? 0}`;
}

/** ownScript is the name of the script this file is in, once a capture has read it ("": it has none). */
let ownScript: string | undefined;

/** FRAME_LIMIT is how much of one stack frame a report keeps. */
const FRAME_LIMIT = 500;

/** MAX_FRAMES is how many of the learner's frames a Where's stack keeps. */
const MAX_FRAMES = 8;

/** keepFrame tells whether a frame's text is the learner's, and gives it as a report keeps it. */
function keepFrame(f: string | null): string | null {
  if (f === null || isOwnFrame(f) || f === "<anonymous>" || f.startsWith("new Promise")) return null;
  // A script's name is the program's to choose (a sourceURL comment), of any length.
  return f.length > FRAME_LIMIT ? `${f.slice(0, FRAME_LIMIT)}…` : f;
}

/**
 * SitesWhere is a Where read from V8's structured frames: its first frame is written at once,
 * the rest of its stack only when something reads it (a report). Replaying a failing schedule
 * captures a Where at every operation and almost none of them reach a report: writing each one's
 * eight frames was a tenth of judging a failing Run (build-waitgroup's starter). Its `stack` is
 * a getter: spread or serialized, a SitesWhere must be copied with plainWhere.
 */
class SitesWhere implements Where {
  readonly at: string | undefined;
  step?: number;
  #sites: CallSite[] | null;
  #stack: string[] | undefined;

  constructor(sites: CallSite[]) {
    this.at = learnerFrames(sites, 1)[0];
    this.#sites = this.at === undefined ? null : sites;
    if (this.at === undefined) this.#stack = [];
  }

  get stack(): string[] {
    if (this.#stack !== undefined) return this.#stack;
    let frames: string[] = [];
    try {
      frames = learnerFrames(this.#sites ?? [], MAX_FRAMES);
    } catch {
      // a frame that cannot be read: no stack
    }
    this.#sites = null; // the frames hold the functions they ran: let them go
    return (this.#stack = frames);
  }
}

/** learnerFrames writes the first `max` of the learner's frames among `sites`, passing over this script's own. */
function learnerFrames(sites: CallSite[], max: number): string[] {
  const frames: string[] = [];
  for (const site of sites) {
    if (ownScript !== "" && site.getScriptNameOrSourceURL() === ownScript) continue;
    const f = keepFrame(frameOfSite(site));
    if (f !== null && frames.push(f) >= max) break;
  }
  return frames;
}

/** plainWhere copies a Where into a plain object (a SitesWhere's stack is a getter, which spreading and JSON skip). */
export function plainWhere(w: Where): Where {
  const out: Where = {};
  if (w.at !== undefined) out.at = w.at;
  if (w.stack !== undefined) out.stack = w.stack;
  if (w.step !== undefined) out.step = w.step;
  return out;
}

/** captureWhere returns where the learner's code is now: the first frame outside gosync (its at), and up to eight of its frames (its stack). */
export function captureWhere(): Where {
  const E = NativeError as unknown as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  // Learner code can install an Error.prepareStackTrace that throws or returns junk: a location
  // is then missing, never a crash of the scheduler.
  try {
    const sites = callSites();
    if (sites !== null) {
      // Frames of this file's script are passed over before their text is built: in a sandbox
      // gosync and the harness are one script, most of every stack; from gosync's sources (Node,
      // the specs) it is this file alone, and isOwnFrame knows the others.
      if (ownScript === undefined) ownScript = callSites(null)?.[0]?.getScriptNameOrSourceURL() || "";
      return new SitesWhere(sites);
    }
    const frames: string[] = [];
    E.stackTraceLimit = 40;
    const raw = stackText();
    if (typeof raw === "string") {
      for (const line of raw.split("\n")) {
        // gosync's own frames, most of a stack's top, are passed over before any parsing
        if (line.includes(gosyncDir) && !SPEC_FRAME.test(line)) continue;
        const f = keepFrame(frameOf(line));
        if (f !== null && frames.push(f) >= MAX_FRAMES) break;
      }
    }
    return { at: frames[0], stack: frames };
  } catch {
    return { at: undefined, stack: [] };
  } finally {
    E.stackTraceLimit = limit;
  }
}

/**
 * withoutErrorStacks runs `f` with V8 asked to record no frames in the stack of an Error made
 * meanwhile (Error.stackTraceLimit 0, restored when f settles); captureWhere still takes its own.
 * explore's runs are never shown: the failing one is replayed, with stacks, for its report. An
 * Error made in a sandbox hardened by ses records its frames twice (its tamed constructor captures
 * again to hide itself): judging worker-pool's solution, whose tests throw in every schedule,
 * spent a tenth of its time there (bench-judge-realm: 34.3/35.6 → 29.7/30.5 ms). A program that
 * reads a stack's frames finds none while it is explored.
 */
export async function withoutErrorStacks<T>(f: () => Promise<T>): Promise<T> {
  const E = (hostError ?? NativeError) as unknown as V8Error;
  const limit = E.stackTraceLimit;
  if (typeof limit !== "number") return f();
  E.stackTraceLimit = 0;
  try {
    return await f();
  } finally {
    E.stackTraceLimit = limit;
  }
}

/** whereOfError finds the learner's frame in a thrown error's stack. */
export function whereOfError(e: unknown): Where | null {
  let stack: unknown;
  try {
    stack = e instanceof Error ? e.stack : undefined; // a getter of the program's may throw
  } catch {
    return null;
  }
  if (typeof stack !== "string") return null;
  const frames: string[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const f = frameOf(line);
    if (f === null || isOwnFrame(f)) continue;
    frames.push(f);
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames.length > 0 ? { at: frames[0], stack: frames } : null;
}
