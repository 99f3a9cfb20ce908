// expect: fail "reports a failed release together with the body's error"
// Every resource is released, newest first, and a throwing release does not stop the others —
// but when a release fails, its error is thrown instead of the body's. The caller learns that a
// flush failed and never hears why the work itself failed. Go's `err = errors.Join(err,
// f.Close())` keeps both; so does a DisposableStack (a SuppressedError).
export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  let releaseError: unknown = undefined;
  let failed = false;
  try {
    for (const get of acquire) resources.push(await get());
    return await body(resources);
  } finally {
    for (let i = resources.length - 1; i >= 0; i--) {
      try {
        resources[i]!.release();
      } catch (e) {
        if (!failed) releaseError = e;
        failed = true;
      }
    }
    if (failed) throw releaseError; // replaces whatever the body threw
  }
}
