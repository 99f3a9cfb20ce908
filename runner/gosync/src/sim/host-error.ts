/**
 * host-error.ts — the realm's own Error constructor, as it was before a sandbox locked the realm
 * down. ses's lockdown puts a tamed Error in its place and hangs its own hook on the original
 * (Error.prepareStackTrace), which formats every frame of every stack in JavaScript and keeps
 * each stack in a WeakMap; through the tamed constructor a hook only ever gets frames copied one
 * by one (measured: three times slower than formatting). gosync's stack capture (stack.ts) reads
 * the frames of the original directly, for a moment and on its own stack only. A failing schedule
 * is replayed with a capture at every operation: in Chromium, build-waitgroup's starter spent
 * 8.0 → 7.0 ms of a Run capturing (traced); V8's own capture of the frames is the rest.
 *
 * This module imports nothing, so that a sandbox entry can import it before lockdown without
 * loading any of gosync in an unhardened realm. What it keeps is gosync's alone: no entry point
 * re-exports it, and a program cannot import it (a sandbox serves only gosync's entry points).
 */

/** hostError is the realm's Error before lockdown, when a sandbox entry kept it (keepHostError); undefined elsewhere. */
export let hostError: ErrorConstructor | undefined;

/** keepHostError records the realm's Error; called once, by a sandbox entry right before lockdown. Later calls change nothing. */
export function keepHostError(E: ErrorConstructor): void {
  hostError ??= E;
}
