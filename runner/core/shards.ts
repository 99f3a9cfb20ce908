/**
 * shards.ts — splitting one Run's tests among several sandboxes judging at once (a Node worker
 * or a browser run worker each), and which tests each one judges. Pure functions; the hosts
 * plan, the harness filters, the collector (collect.ts) merges back in test order.
 */

/**
 * Shard is one part of a Run judged in parallel: this realm judges the tests listed in `tests`
 * (indices among all tests, as the host assigned them), or without a list the tests whose
 * index % count === index.
 */
export interface Shard {
  index: number;
  count: number;
  tests?: number[];
}

/** inShard reports whether test `i` belongs to `shard` (every test does when there is no shard). */
export function inShard(i: number, shard: Shard | undefined): boolean {
  if (shard === undefined) return true;
  return shard.tests ? shard.tests.includes(i) : i % shard.count === shard.index;
}

/**
 * assignShards shares tests out among `count` shards so that their summed costs (ms each test
 * took last time) come out as even as it can: the costliest test first, each to the least
 * loaded shard (longest processing time first). Each shard's list is in test order.
 */
export function assignShards(costs: readonly number[], count: number): number[][] {
  const shards = Array.from({ length: count }, () => ({ load: 0, tests: [] as number[] }));
  const order = costs.map((c, i) => [Math.max(0, c), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [cost, i] of order) {
    let least = shards[0]!;
    for (const s of shards) if (s.load < least.load || (s.load === least.load && s.tests.length < least.tests.length)) least = s;
    least.load += cost;
    least.tests.push(i);
  }
  return shards.map((s) => s.tests.sort((a, b) => a - b));
}

/** ShardPlan is how a host splits a Run among sandboxes: `count` shards, each judging `assignment[i]` when the tests' costs are known. */
export interface ShardPlan {
  count: number;
  assignment?: number[][];
}

/**
 * planShards splits a Run among at most `most` sandboxes: never more shards than tests, and
 * by cost (assignShards) once a Run of the same tests has told what each test costs.
 */
export function planShards(costs: readonly number[] | undefined, most: number): ShardPlan {
  const count = Math.max(1, Math.min(most, costs?.length ?? most));
  return count > 1 && costs ? { count, assignment: assignShards(costs, count) } : { count };
}

/** shardOf is shard `index` of `plan`, as a RunRequest carries it (none when the Run is not split). */
export function shardOf(plan: ShardPlan, index: number): Shard | undefined {
  if (plan.count <= 1) return undefined;
  return { index, count: plan.count, ...(plan.assignment ? { tests: plan.assignment[index]! } : {}) };
}
