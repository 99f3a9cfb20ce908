// expect: deadlock "gives every lock back on every path: goroutines whose work fails never block the others"
// The releases are deferred on a DisposableStack, but only once every resource has been
// acquired. When the third acquisition fails, nothing is on the stack yet: the first two stay
// held forever — when they are locks, every other goroutine waits for them forever (and the
// test that checks the release log fails too). Defer each release right after its own
// acquisition, as Go writes `defer f.Close()` right after the `os.Open` that succeeded.
import { DisposableStack } from "gosync";

export interface Resource {
  readonly name: string;
  release(): void;
}
export type Acquire = () => Promise<Resource>;

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const resources: Resource[] = [];
  for (const get of acquire) resources.push(await get());
  using stack = new DisposableStack();
  for (const r of resources) stack.defer(() => r.release());
  return await body(resources);
}
