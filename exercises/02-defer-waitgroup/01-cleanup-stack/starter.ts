
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
 * This version releases only when everything goes well, and in the wrong order: an acquisition
 * that fails, a body that throws or a release that throws leaves resources held. See the
 * instructions for what must happen on each path.
 */
export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  for (const get of acquire) {
    resources.push(await get());
  }
  const result = await body(resources);
  for (const r of resources) {
    r.release();
  }
  return result;
}
