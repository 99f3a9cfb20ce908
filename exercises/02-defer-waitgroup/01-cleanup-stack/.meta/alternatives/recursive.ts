// A correct solution in another style: recursion, one resource per level. Each level acquires its
// resource, runs the levels below it (the deepest calls the body), then releases its own — so the
// releases unwind newest first, as deferred calls do. A release that fails while an error is on
// its way joins it in an AggregateError instead of replacing it; the levels above nest theirs.
export interface Resource {
  readonly name: string;
  release(): void;
}

export type Acquire = () => Promise<Resource>;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function withResources<T>(acquire: Acquire[], body: (resources: Resource[]) => Promise<T>): Promise<T> {
  const held: Resource[] = [];
  const level = async (i: number): Promise<T> => {
    if (i === acquire.length) return await body(held);
    const r = await acquire[i]!();
    held.push(r);
    let out: Outcome<T>;
    try {
      out = { ok: true, value: await level(i + 1) };
    } catch (error) {
      out = { ok: false, error };
    }
    try {
      r.release();
    } catch (releaseError) {
      if (out.ok) throw releaseError;
      throw new AggregateError([out.error, releaseError], `releasing ${r.name} failed too`);
    }
    if (out.ok) return out.value;
    throw out.error;
  };
  return await level(0);
}
