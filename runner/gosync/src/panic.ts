/**
 * panic.ts — how Go's panics and fatal errors surface in JavaScript.
 *
 * Go's runtime and library panics (send on closed channel, negative WaitGroup counter…) are
 * thrown as `GoPanic` with Go's exact text, so `catch` plays the part of `recover()`.
 * Go's fatal errors (unlock of an unlocked mutex, all goroutines asleep) cannot be recovered
 * in Go; inside the simulator they end the program at once (`rt().fatal`), and in the real
 * runtime they are thrown as `GoFatalError`, which callers should let propagate.
 */

import { NativeWeakSet, objectToString } from "./commons.ts";

/** GoPanic is a Go runtime or library panic; `message` is Go's text word for word. */
export class GoPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoPanic";
  }
}

/** GoFatalError is a Go fatal error; `message` is the text after Go's `fatal error: ` prefix. */
export class GoFatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoFatalError";
  }
}

/**
 * panicText renders a thrown value the way Go's `panic: …` line shows a panic value. To the
 * engine's errors that a shared() proxy is the likely cause of, it adds what to do instead
 * (see proxyHint).
 */
export function panicText(value: unknown): string {
  // A thrown value's message, toString or toStringTag may be a getter that throws: the report
  // says so instead of the throw escaping the scheduler (found by a red-team round: it ended
  // the whole Run, every test's result lost).
  try {
    if (value instanceof Error) return clipText(String(value.message)) + proxyHint(value);
    if (typeof value === "string") return clipText(value);
    try {
      return clipText(String(value));
    } catch {
      return objectToString(value);
    }
  } catch {
    return UNPRINTABLE;
  }
}

/** UNPRINTABLE stands for a panic value whose text could not be read. */
const UNPRINTABLE = "(a value whose text cannot be read: reading it threw)";

/** repanicked holds panic values re-thrown by the code that recovered them, until thrown afresh. */
const repanicked = new NativeWeakSet<object>();

/**
 * markRepanicked records that `value`, recovered, is being thrown again as it is (the first call
 * of a function made by onceFunc does that): Go 1.25 then prints `panic: … [recovered,
 * repanicked]`. unmarkRepanicked undoes it when the same value is thrown afresh.
 */
export function markRepanicked(value: unknown): void {
  if (value !== null && typeof value === "object") repanicked.add(value);
}

export function unmarkRepanicked(value: unknown): void {
  if (value !== null && typeof value === "object") repanicked.delete(value);
}

/** panicLine is Go's first line for an unrecovered panic of `value`. */
export function panicLine(value: unknown): string {
  const again = value !== null && typeof value === "object" && repanicked.has(value);
  return `panic: ${panicText(value)}${again ? " [recovered, repanicked]" : ""}`;
}

/** PANIC_TEXT_LIMIT is how much of a panic's text a report keeps: a program may throw megabytes. */
export const PANIC_TEXT_LIMIT = 16_384;

/** clipText keeps the first PANIC_TEXT_LIMIT characters of s and says how many were left out. */
export function clipText(s: string): string {
  return s.length > PANIC_TEXT_LIMIT ? `${s.slice(0, PANIC_TEXT_LIMIT)}… (${s.length - PANIC_TEXT_LIMIT} more characters)` : s;
}

/**
 * proxyHint explains the two engine errors a shared() object, which is a Proxy, causes and
 * which shared() cannot catch itself: structuredClone refuses every Proxy (V8:
 * `#<Object> could not be cloned.`, Firefox: `Proxy object could not be cloned.`), and a class's
 * `#private` fields are not reachable through a proxy of its instance (V8: `Cannot read private
 * member #x from an object whose class did not declare it`). The same messages have other
 * causes (a WeakMap cloned, a method called on the wrong object), so the hint is conditional.
 */
function proxyHint(e: Error): string {
  const m = e.message;
  if (e.name === "DataCloneError" && /^(#<\w+>|\[object \w+\]|Proxy object|The object) c(ould|an) not be cloned/.test(m)) {
    return " (gosync: if the value is, or holds, a shared() object: structuredClone cannot copy a Proxy; copy it with { ...s }, Object.assign({}, s), [...a], new Map(m) or new Set(s))";
  }
  // esbuild's lowered `using` (every Run's) says "Object not disposable"; a native one says "… is not disposable".
  if (e instanceof TypeError && /^Object not disposable$|is not disposable/.test(m)) {
    return " (gosync: `using` needs an object with [Symbol.dispose]; if it was given a lock, the lock was not awaited: write `using _ = await mu.lock()`)";
  }
  if (e instanceof TypeError && /^Cannot assign to read only property|object is not extensible/.test(m)) {
    return " (in a graded Run, JavaScript's built-ins and gosync's classes are frozen so that tests cannot be tampered with: keep your own data on your own objects, or wrap a method instead of replacing it)";
  }
  if (e instanceof TypeError && /private (member|field|method)|must be an instance of class/i.test(m)) {
    return " (gosync: if the object went through shared(): #private fields cannot be reached through its Proxy: use TypeScript's `private` instead of `#`, or keep the object out of shared())";
  }
  return "";
}
