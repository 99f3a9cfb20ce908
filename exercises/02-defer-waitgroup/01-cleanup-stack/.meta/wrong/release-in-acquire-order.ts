// expect: fail "acquires in order, hands every resource to the body, and releases them newest first"
// Every path releases every resource, and release errors are collected, but in the order the
// resources were acquired. Go's defer is a stack: what was acquired last may depend on what was
// acquired before it (a transaction on a connection, a buffered writer on a file), so it is
// released first.
export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  const errors: unknown[] = [];
  let result: T | undefined;
  try {
    for (const get of acquire) resources.push(await get());
    result = await body(resources);
  } catch (e) {
    errors.push(e);
  }
  for (const r of resources) {
    try {
      r.release();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "several failures");
  return result as T;
}
