// expect: fail "reports every failed release, each once, with the acquisition failure"
// Every release runs, newest first, and no failure is silent — but several failures are thrown
// as one new Error whose message joins theirs. The caller can no longer tell which error it
// was, check its type or read its fields: "reported together" means the errors themselves, as
// Go's errors.Join keeps them (errors.Is still finds each one).
export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  const errors: Error[] = [];
  let result: T | undefined;
  try {
    for (const get of acquire) resources.push(await get());
    result = await body(resources);
  } catch (e) {
    errors.push(e as Error);
  }
  for (let i = resources.length - 1; i >= 0; i--) {
    try {
      resources[i]!.release();
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new Error(errors.map((e) => e.message).join("; "));
  return result as T;
}
