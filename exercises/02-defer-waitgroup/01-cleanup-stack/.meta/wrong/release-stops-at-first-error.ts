// expect: fail "a release that throws does not stop the others, and its error is thrown as it is"
// try/finally written by hand, newest first — but the releases are one loop in the finally
// block: the first release that throws leaves the loop, so the resources acquired before it are
// never released (and its error replaces the body's). Go runs every deferred call even when one
// of them panics; each release needs a try of its own.
export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  try {
    for (const get of acquire) resources.push(await get());
    return await body(resources);
  } finally {
    for (let i = resources.length - 1; i >= 0; i--) resources[i]!.release();
  }
}
