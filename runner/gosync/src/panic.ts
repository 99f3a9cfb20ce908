/**
 * panic.ts — how Go's panics and fatal errors surface in JavaScript.
 *
 * Go's runtime and library panics (send on closed channel, negative WaitGroup counter…) are
 * thrown as `GoPanic` with Go's exact text, so `catch` plays the part of `recover()`.
 * Go's fatal errors (unlock of an unlocked mutex, all goroutines asleep) cannot be recovered
 * in Go; inside the simulator they end the program at once (`rt().fatal`), and in the real
 * runtime they are thrown as `GoFatalError`, which callers should let propagate.
 */

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

/** panicText renders a thrown value the way Go's `panic: …` line shows a panic value. */
export function panicText(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
