/**
 * gosync — Go's concurrency primitives in TypeScript: goroutines, channels, select, shared
 * state for the race detector, and Go's panics. See gosync/sync, gosync/time, gosync/sim….
 */
export { go } from "./go.ts";
export { chan, Chan } from "./chan.ts";
export { select, recv, send, type SelectCase } from "./select.ts";
export { shared } from "./shared.ts";
export { GoPanic, GoFatalError } from "./panic.ts";
export { DisposableStack, AsyncDisposableStack } from "./disposable.ts";
