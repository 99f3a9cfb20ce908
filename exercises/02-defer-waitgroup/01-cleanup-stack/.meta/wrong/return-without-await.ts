// expect: fail "keeps every resource until the body has finished, however long it takes"
// A DisposableStack with one deferred release per resource, as it should be — but the last line
// is `return body(resources)` without await. The function leaves the `using` block as soon as
// body returns its promise, so the stack releases everything while the body is still running
// (with locks, the release is an unlock started while the body's sleep is pending: the
// simulator stops the goroutine with "a missing await?").
import { DisposableStack } from "gosync";

export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  using stack = new DisposableStack();
  const resources: Resource[] = [];
  for (const get of acquire) {
    const r = await get();
    stack.defer(() => r.release());
    resources.push(r);
  }
  return body(resources);
}
