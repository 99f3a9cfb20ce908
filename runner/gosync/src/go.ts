/**
 * go.ts — Go's go statement.
 */
import { rt } from "./runtime.ts";

/**
 * go starts fn in a new goroutine and returns at once, as Go's `go f(x)` does: `go(() => f(x))`.
 * fn may be async. If fn throws (panics) and does not catch it, the whole program ends with
 * `panic: …`, as in Go; in the real runtime the rejection is left unhandled.
 */
export function go(fn: () => unknown): void {
  rt().go(fn);
}
