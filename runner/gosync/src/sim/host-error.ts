/**
 * host-error.ts — the realm's own Error constructor, as it was before a sandbox locked the realm
 * down. ses's lockdown puts a tamed Error in its place and hangs its own hook on the original
 * (Error.prepareStackTrace), which formats every frame of every stack in JavaScript and keeps
 * each stack in a WeakMap; through the tamed constructor a hook only ever gets frames copied one
 * by one. gosync's stack capture (stack.ts) reads the frames of the original directly, for a
 * moment and on its own stack only: a failing schedule is replayed with a capture at every
 * operation, and the tamed way was two fifths of judging a failing Run (build-waitgroup's starter).
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
