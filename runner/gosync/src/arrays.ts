/**
 * arrays.ts — the few array operations gosync's hot paths need, written as plain loops.
 *
 * Why not `slice`, `splice`, `map` or `filter`: a hardened realm (SyncLab's sandbox runs
 * `lockdown()`, as SES does) freezes Array.prototype and turns its `constructor` into an
 * accessor. That invalidates V8's array-species protector, and from then on every one of those
 * builtins looks up `constructor` through a JavaScript getter and takes its generic path: a
 * six-element `slice` goes from about 20 ns to about 600 ns. Indexing, `push`, `pop` and
 * `shift` have no species step and keep their speed, so these helpers use only them.
 */

/** copyOf returns a new array with a's elements (`a.slice()` without the species lookup). */
export function copyOf<T>(a: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  return out;
}

/** removeAt removes a[i], keeping the order of the rest (`a.splice(i, 1)` without the species lookup). */
export function removeAt<T>(a: T[], i: number): void {
  const n = a.length - 1;
  for (let j = i; j < n; j++) a[j] = a[j + 1];
  a.pop();
}

/** removeFirst removes the first k elements of a, keeping the order of the rest (`a.splice(0, k)`). */
export function removeFirst<T>(a: T[], k: number): void {
  const n = a.length - k;
  for (let j = 0; j < n; j++) a[j] = a[j + k];
  a.length = n;
}
