import { DisposableStack } from "gosync";

/** Resource is something held that must be given back: a file, a connection, a lock. */
export interface Resource {
  readonly name: string;
  /** release gives the resource back; it may throw. Call it once per resource. */
  release(): void;
}

/** Acquire obtains one resource, or throws if it cannot. */
export type Acquire = () => Promise<Resource>;

/**
 * withResources acquires one resource from each of `acquire`, in order, calls `body` with them
 * and returns what body returns.
 *
 * Every resource it acquired is released exactly once, newest first, after body has finished —
 * however withResources ends: body returning or throwing, or an acquisition failing (then the
 * ones acquired before it are released, and body is not called). A release that throws does not
 * stop the others. If one thing failed, that error is thrown as it is; if several did, the
 * thrown error holds each of them (a SuppressedError chain, built by DisposableStack).
 */
export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  // Go: one `defer r.Release()` per resource, written right after it was acquired. The stack
  // runs them last-in first-out when this function ends, every one of them even when an
  // earlier one throws; each later error wraps the one before it in a SuppressedError.
  using stack = new DisposableStack();
  const resources: Resource[] = [];
  for (const get of acquire) {
    const r = await get(); // a throw here disposes the stack: the ones acquired so far are released
    stack.defer(() => r.release());
    resources.push(r);
  }
  // `return await`, not `return`: the stack is disposed when this block is left, and a bare
  // `return body(…)` leaves it while body is still running.
  return await body(resources);
}
