// expect: fail "returns the answer of the fastest replica"
// "The replicas are interchangeable, so just ask the first one": no goroutine, nothing to leak
// — and nothing gained from the replicas either. The caller waits as long as the first replica
// takes, however slow it is today.
export type Replica<T> = () => Promise<T>;

export async function firstResult<T>(replicas: Replica<T>[]): Promise<T> {
  return await replicas[0]!();
}
