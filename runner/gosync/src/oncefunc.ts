/**
 * oncefunc.ts — Go 1.21's sync.OnceFunc, OnceValue and OnceValues.
 *
 * Each returns a function that calls f only once, however often and however concurrently it is
 * called; every call waits for that one call of f to finish (so the returned function is async).
 * If f panics (throws), the returned function panics with the same value on every call — the
 * first caller and every later one see the very same thrown object.
 */
import { Once } from "./once.ts";
import { markRepanicked, unmarkRepanicked } from "./panic.ts";

/**
 * memo runs f once under a Once and records its outcome; `get` returns the value or re-throws
 * the panic. Go keeps `valid` and `p` next to the Once for the same reason: the Once alone
 * remembers that f ran, not how it ended.
 */
function memo<T>(f: () => T | PromiseLike<T>): () => Promise<T> {
  const once = new Once();
  let fn: (() => T | PromiseLike<T>) | null = f;
  let valid = false;
  let panicValue: unknown;
  let result: T;
  const call = async (): Promise<void> => {
    try {
      result = await fn!();
      valid = true;
    } catch (e) {
      panicValue = e;
      // Go's OnceFunc recovers f's panic and panics again with it on this first call.
      markRepanicked(e);
      throw e;
    } finally {
      // Drop f so whatever it captured can be collected, as Go's OnceFunc sets f = nil.
      fn = null;
    }
  };
  return async (): Promise<T> => {
    await once.do(call); // the call that runs f throws from here, marked as repanicked
    if (!valid) {
      // Every other call panics afresh with the value (Go: panic(p) after once.Do).
      unmarkRepanicked(panicValue);
      throw panicValue;
    }
    return result;
  };
}

/**
 * onceFunc returns a function that invokes f only once. The returned function may be called
 * concurrently. If f panics, the returned function will panic with the same value on every call.
 */
export function onceFunc(f: () => unknown): () => Promise<void> {
  const get = memo(f);
  return async () => {
    await get();
  };
}

/**
 * onceValue returns a function that invokes f only once and returns the value returned by f.
 * The returned function may be called concurrently. If f panics, the returned function will
 * panic with the same value on every call.
 */
export function onceValue<T>(f: () => T | PromiseLike<T>): () => Promise<T> {
  return memo(f);
}

/**
 * onceValues returns a function that invokes f only once and returns the values returned by f
 * (Go's two results are a two-element tuple). The returned function may be called concurrently.
 * If f panics, the returned function will panic with the same value on every call.
 */
export function onceValues<T1, T2>(f: () => readonly [T1, T2] | PromiseLike<readonly [T1, T2]>): () => Promise<[T1, T2]> {
  const get = memo(f);
  return async () => {
    const [a, b] = await get();
    return [a, b];
  };
}
