// A correct solution in another style: no DisposableStack. Every error is collected in a list —
// the body's or an acquisition's first, then each failed release — and the releases run newest
// first after the try. One error is thrown as it is; several are joined in one AggregateError,
// the nearest thing to Go's errors.Join.
export interface Resource {
  readonly name: string;
  release(): void;
}

export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const held: Resource[] = [];
  const errors: unknown[] = [];
  let result: T | undefined;
  try {
    for (const get of acquire) held.push(await get());
    result = await body([...held]);
  } catch (e) {
    errors.push(e);
  }
  for (let i = held.length - 1; i >= 0; i--) {
    try {
      held[i]!.release();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `withResources: ${errors.length} errors`);
  return result as T;
}
