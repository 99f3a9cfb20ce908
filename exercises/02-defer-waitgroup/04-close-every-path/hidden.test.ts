// Hidden tests for "close-every-path". Each test body runs as goroutine 1 of a gosync simulation,
// explored over many schedules with the race, deadlock and leak detectors on. Time is virtual:
// every operation of the fake file system sleeps a fixed number of milliseconds, so "while the
// second input is being read" is an exact instant.
import { test, expect, describe } from "vitest";
import { go } from "gosync";
import * as context from "gosync/context";
import * as time from "gosync/time";
import { concat, type File, type FileSystem } from "./solution.ts";

/** Virtual time each operation takes (ms); close takes none. */
const OPEN_MS = 1;
const READ_MS = 10;
const WRITE_MS = 2;

/** Faults says which operation fails on which file, and how. */
interface Faults {
  /** open (or create, for the output) returns an error */
  open?: string[];
  /** read returns an error */
  read?: string[];
  /** read throws: a bug in the file system, not an error value (Go: a panic) */
  readThrows?: Map<string, unknown>;
  /** write returns an error */
  write?: string[];
  /** close returns an error (for a written file: the data did not reach the disk) */
  close?: string[];
}

/** Handle is one successful open or create, as the fake file system saw it. */
interface Handle {
  name: string;
  written: boolean;
  /** ms after the test started */
  openedAt: number;
  closes: number;
}

/** returned holds every error a fake file system has returned, so a test can tell them from copies. */
const returned = new WeakSet<Error>();

/** fsError is an error of the fake file system, worded like Go's *PathError. */
function fsError(op: string, name: string, why: string): Error {
  const e = new Error(`${op} ${name}: ${why}`);
  returned.add(e);
  return e;
}

/**
 * FakeFS is an in-memory file system whose operations sleep in virtual time and fail where
 * `faults` says. It records every handle it gives out, how many times each was closed, and
 * the most inputs open at the same moment.
 */
class FakeFS implements FileSystem {
  readonly handles: Handle[] = [];
  readonly files: Map<string, string>;
  readonly faults: Faults;
  mostInputsOpen = 0;
  readonly #start = time.now();

  constructor(files: Record<string, string>, faults: Faults = {}) {
    this.files = new Map(Object.entries(files));
    this.faults = faults;
  }

  async open(name: string): Promise<[File, null] | [undefined, Error]> {
    await time.sleep(OPEN_MS * time.Millisecond);
    if (this.faults.open?.includes(name)) return [undefined, fsError("open", name, "permission denied")];
    if (!this.files.has(name)) return [undefined, fsError("open", name, "no such file or directory")];
    return [this.#handle(name, false), null];
  }

  async create(name: string): Promise<[File, null] | [undefined, Error]> {
    await time.sleep(OPEN_MS * time.Millisecond);
    if (this.faults.open?.includes(name)) return [undefined, fsError("open", name, "read-only file system")];
    this.files.set(name, "");
    return [this.#handle(name, true), null];
  }

  /** open lists the handles still open now. */
  openNow(): Handle[] {
    return this.handles.filter((h) => h.closes === 0);
  }

  #handle(name: string, written: boolean): File {
    const h: Handle = { name, written, openedAt: time.since(this.#start), closes: 0 };
    this.handles.push(h);
    const inputs = this.openNow().filter((x) => !x.written).length;
    this.mostInputsOpen = Math.max(this.mostInputsOpen, inputs);
    const fs = this;
    return {
      async read() {
        await time.sleep(READ_MS * time.Millisecond);
        if (h.closes > 0) return [undefined, fsError("read", name, "file already closed")];
        if (fs.faults.readThrows?.has(name)) throw fs.faults.readThrows.get(name);
        if (fs.faults.read?.includes(name)) return [undefined, fsError("read", name, "input/output error")];
        return [fs.files.get(name) ?? "", null];
      },
      async write(data: string) {
        await time.sleep(WRITE_MS * time.Millisecond);
        if (h.closes > 0) return fsError("write", name, "file already closed");
        if (fs.faults.write?.includes(name)) return fsError("write", name, "no space left on device");
        fs.files.set(name, (fs.files.get(name) ?? "") + data);
        return null;
      },
      close() {
        h.closes++;
        if (h.closes > 1) return fsError("close", name, "file already closed");
        if (fs.faults.close?.includes(name)) return fsError("close", name, written ? "no space left on device" : "input/output error");
        return null;
      },
    };
  }
}

/**
 * causes lists err and what it wraps: `cause`, an AggregateError's `errors`, a
 * SuppressedError's `error` and `suppressed` — so an error joined with another still counts as
 * returned (Go: errors.Is through errors.Join and %w).
 */
function causes(err: unknown, seen = new Set<unknown>()): unknown[] {
  if (err === null || err === undefined || seen.has(err)) return [];
  seen.add(err);
  const out: unknown[] = [err];
  if (typeof err === "object") {
    const e = err as { cause?: unknown; errors?: unknown; error?: unknown; suppressed?: unknown };
    out.push(...causes(e.cause, seen));
    if (Array.isArray(e.errors)) for (const x of e.errors) out.push(...causes(x, seen));
    if (err instanceof Error && err.name === "SuppressedError") out.push(...causes(e.error, seen), ...causes(e.suppressed, seen));
  }
  return out;
}

/**
 * expectReturns checks that err is the error whose message is `want` — the very object the file
 * system or the context returned, not a copy of its text — or wraps it.
 */
function expectReturns(err: Error | null, want: string, what: { en: string; zh: string }): void {
  const all = causes(err);
  const same = all.filter((e): e is Error => e instanceof Error && e.message === want);
  const original = same.some((e) => returned.has(e) || e === context.Canceled || e === context.DeadlineExceeded);
  const messages = all.map((e) => (e instanceof Error ? e.message : String(e)));
  const got = original ? want : err === null ? null : same.length > 0 ? `a copy of "${want}"` : messages.join(" + ");
  const copied = same.length > 0 && !original;
  const copy = copied ? ` — an error with that text, but not the one that was returned to concat: return that error itself (or wrap it: new Error(…, { cause }))` : "";
  const copyZh = copied ? `——文本相同，但不是返回给 concat 的那个错误：返回那个错误本身（或包装它：new Error(…, { cause })）` : "";
  expect(got, {
    en: `${what.en}: the error concat returned (an error that wraps the one wanted counts as it)${copy}`,
    zh: `${what.zh}：concat 返回的错误（包装了所需错误的错误也算）${copyZh}`,
  }).toBe(want);
}

/** expectEveryFileClosedOnce checks, at concat's return, that every file opened was closed exactly once. */
function expectEveryFileClosedOnce(fs: FakeFS, when: { en: string; zh: string }): void {
  const wrong = fs.handles.filter((h) => h.closes !== 1).map((h) => `${h.name} (opened at ${h.openedAt} ms) closed ${h.closes} time${h.closes === 1 ? "" : "s"}`);
  expect(wrong, { en: `files not closed exactly once when concat ${when.en}`, zh: `concat ${when.zh}时，没有恰好关闭一次的文件` }).toEqual([]);
}

const INPUTS = { "a.txt": "alpha\n", "b.txt": "bravo\n", "c.txt": "charlie\n" };
const NAMES = ["a.txt", "b.txt", "c.txt"];

/** opened lists the names of the files opened, in order. */
function opened(fs: FakeFS): string[] {
  return fs.handles.map((h) => h.name);
}

describe("concat", () => {
  test({ en: "copies every input into the output, in order, and closes every file", zh: "按顺序把每个输入复制到输出，并关闭每个文件" }, async () => {
    const fs = new FakeFS(INPUTS);
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expect(err, { en: "error returned when nothing fails", zh: "一切成功时返回的错误" }).toBeNull();
    expect(fs.files.get("out.txt"), { en: "content of out.txt", zh: "out.txt 的内容" }).toBe("alpha\nbravo\ncharlie\n");
    expectEveryFileClosedOnce(fs, { en: "succeeded", zh: "成功" });
  });

  test({ en: "with no inputs, creates an empty output and closes it", zh: "没有输入时，创建空的输出并关闭它" }, async () => {
    const fs = new FakeFS({});
    const err = await concat(context.background(), fs, [], "out.txt");
    expect(err, { en: "error returned for no inputs", zh: "没有输入时返回的错误" }).toBeNull();
    expect(fs.files.get("out.txt"), { en: "content of out.txt", zh: "out.txt 的内容" }).toBe("");
    expectEveryFileClosedOnce(fs, { en: "had no inputs", zh: "没有输入" });
  });

  test({ en: "closes each input before it opens the next one", zh: "打开下一个输入之前先关闭当前输入" }, async () => {
    const fs = new FakeFS(INPUTS);
    await concat(context.background(), fs, NAMES, "out.txt");
    expect(fs.mostInputsOpen, { en: "most inputs open at the same moment (a file deferred for closing in a loop stays open until the function ends)", zh: "同一时刻打开的输入数的最大值（在循环里推迟关闭的文件会一直打开到函数结束）" }).toBe(1);
  });

  test({ en: "returns the error of an input that cannot be opened, and closes what it opened", zh: "返回无法打开的输入的错误，并关闭已打开的文件" }, async () => {
    const fs = new FakeFS(INPUTS, { open: ["b.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "open b.txt: permission denied", { en: "b.txt cannot be opened", zh: "b.txt 无法打开" });
    expect(opened(fs), { en: "files opened (c.txt must not be, after b.txt failed)", zh: "打开过的文件（b.txt 失败之后不能再打开 c.txt）" }).toEqual(["out.txt", "a.txt"]);
    expectEveryFileClosedOnce(fs, { en: "returned the open error", zh: "返回打开错误" });
  });

  test({ en: "returns the error of an output that cannot be created, and opens no input", zh: "返回无法创建的输出的错误，且不打开任何输入" }, async () => {
    const fs = new FakeFS(INPUTS, { open: ["out.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "open out.txt: read-only file system", { en: "out.txt cannot be created", zh: "out.txt 无法创建" });
    expect(opened(fs), { en: "files opened", zh: "打开过的文件" }).toEqual([]);
  });

  test({ en: "returns a read error, and closes the file it could not read and every other", zh: "返回读取错误，并关闭读取失败的文件和其他所有文件" }, async () => {
    const fs = new FakeFS(INPUTS, { read: ["b.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "read b.txt: input/output error", { en: "reading b.txt fails", zh: "读取 b.txt 失败" });
    expect(opened(fs), { en: "files opened (c.txt must not be, after b.txt failed)", zh: "打开过的文件（b.txt 失败之后不能再打开 c.txt）" }).toEqual(["out.txt", "a.txt", "b.txt"]);
    expectEveryFileClosedOnce(fs, { en: "returned the read error", zh: "返回读取错误" });
  });

  test({ en: "returns a write error, and closes every file", zh: "返回写入错误，并关闭每个文件" }, async () => {
    const fs = new FakeFS(INPUTS, { write: ["out.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "write out.txt: no space left on device", { en: "writing out.txt fails", zh: "写入 out.txt 失败" });
    expectEveryFileClosedOnce(fs, { en: "returned the write error", zh: "返回写入错误" });
  });

  test({ en: "returns the output's close error when everything else succeeded", zh: "其他一切都成功时，返回输出文件的关闭错误" }, async () => {
    // The data was written, but a close that fails means it may not have reached the disk:
    // the caller must not be told that the copy succeeded.
    const fs = new FakeFS(INPUTS, { close: ["out.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "close out.txt: no space left on device", { en: "closing the written out.txt fails", zh: "关闭写好的 out.txt 失败" });
    expectEveryFileClosedOnce(fs, { en: "returned the close error", zh: "返回关闭错误" });
  });

  test({ en: "a read error is not replaced by the output's close error", zh: "读取错误不会被输出文件的关闭错误取代" }, async () => {
    const fs = new FakeFS(INPUTS, { read: ["c.txt"], close: ["out.txt"] });
    const err = await concat(context.background(), fs, NAMES, "out.txt");
    expectReturns(err, "read c.txt: input/output error", { en: "reading c.txt fails, then closing out.txt fails too; the first error", zh: "读取 c.txt 失败，接着关闭 out.txt 也失败；第一个错误" });
    expectEveryFileClosedOnce(fs, { en: "returned the read error", zh: "返回读取错误" });
  });

  test({ en: "stops before the next file once the context is cancelled, returns Canceled, and closes every file", zh: "上下文被取消后在下一个文件之前停止，返回 Canceled，并关闭每个文件" }, async () => {
    // b.txt is read from 15 ms to 25 ms; the cancel comes at 20 ms, in the middle of it.
    const [ctx, cancel] = context.withCancel(context.background());
    go(async () => {
      await time.sleep(20 * time.Millisecond);
      cancel();
    });
    const fs = new FakeFS(INPUTS);
    const err = await concat(ctx, fs, NAMES, "out.txt");
    expectReturns(err, "context canceled", { en: "the context is cancelled at 20 ms, while b.txt is read", zh: "上下文在 20 ms 时被取消，此时正在读取 b.txt" });
    const late = fs.handles.filter((h) => h.openedAt >= 20).map((h) => `${h.name} at ${h.openedAt} ms`);
    expect(late, { en: "files opened after the context was cancelled at 20 ms", zh: "上下文在 20 ms 被取消之后打开的文件" }).toEqual([]);
    expectEveryFileClosedOnce(fs, { en: "returned after the cancel", zh: "在取消后返回" });
  });

  test({ en: "returns DeadlineExceeded when the deadline passes during the copy, and closes every file", zh: "复制途中截止时间已过时返回 DeadlineExceeded，并关闭每个文件" }, async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 5 * time.Millisecond);
    try {
      const fs = new FakeFS(INPUTS);
      const err = await concat(ctx, fs, NAMES, "out.txt");
      expectReturns(err, "context deadline exceeded", { en: "the deadline passes at 5 ms, while a.txt is read", zh: "截止时间在 5 ms 时到达，此时正在读取 a.txt" });
      const late = fs.handles.filter((h) => h.openedAt >= 5).map((h) => `${h.name} at ${h.openedAt} ms`);
      expect(late, { en: "files opened after the deadline at 5 ms", zh: "5 ms 的截止时间之后打开的文件" }).toEqual([]);
      expectEveryFileClosedOnce(fs, { en: "returned after the deadline", zh: "在截止时间后返回" });
    } finally {
      cancel();
    }
  });

  test({ en: "opens nothing when the context is already cancelled", zh: "上下文已被取消时什么也不打开" }, async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    cancel();
    const fs = new FakeFS(INPUTS);
    const err = await concat(ctx, fs, NAMES, "out.txt");
    expectReturns(err, "context canceled", { en: "the context was cancelled before the call", zh: "上下文在调用之前已被取消" });
    expect(opened(fs), { en: "files opened", zh: "打开过的文件" }).toEqual([]);
  });

  test({ en: "lets a throw from the file system reach the caller unchanged, after closing every file", zh: "文件系统抛出的异常在关闭每个文件之后原样传给调用者" }, async () => {
    // A read that throws is a bug in the file system (Go: a panic), not an error value: it is
    // not turned into a returned error, and it does not skip the closes (Go's deferred calls
    // run during a panic too).
    const bug = new RangeError("fake disk driver: offset out of range");
    const fs = new FakeFS(INPUTS, { readThrows: new Map([["b.txt", bug]]) });
    let thrown: unknown = "nothing was thrown";
    let returned: Error | null | undefined;
    let openAtThrow: string[] = [];
    try {
      returned = await concat(context.background(), fs, NAMES, "out.txt");
    } catch (e) {
      thrown = e;
      openAtThrow = fs.openNow().map((h) => h.name);
    }
    expect(returned, { en: "what concat returned; it must throw the RangeError b.txt's read threw instead", zh: "concat 返回了什么；它应当抛出读取 b.txt 时抛出的 RangeError" }).toBeUndefined();
    expect(causes(thrown).includes(bug) ? bug : thrown, { en: "what concat threw: the RangeError b.txt's read threw, unchanged", zh: "concat 抛出了什么：应是读取 b.txt 时抛出的 RangeError，原样不变" }).toBe(bug);
    expect(openAtThrow, { en: "files still open when the throw reached the caller", zh: "异常到达调用者时仍然打开的文件" }).toEqual([]);
    expectEveryFileClosedOnce(fs, { en: "threw", zh: "抛出" });
  });
});
