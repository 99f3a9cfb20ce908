/**
 * goruntime.ts — gosync/runtime: the parts of Go's runtime package that concurrency code uses.
 */
import { rt } from "./runtime.ts";

/** numGoroutine returns the number of goroutines that currently exist (main included). */
export function numGoroutine(): number {
  return rt().numGoroutine();
}

/** gosched yields the processor, allowing other goroutines to run; the current one resumes later. */
export function gosched(): Promise<void> {
  return rt().yield("gosched");
}
