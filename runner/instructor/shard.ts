/**
 * shard.ts — `--shard i/n` and `synclab grade merge` (Node). A shard grades the files whose
 * position in the sorted list of all the batch's files is i-1 modulo n, and writes its records
 * as a shard file (JSON) instead of the outputs; `merge` checks that the shard files are of
 * one assignment (same hash) and of one split (same n, each i once, all present), joins their
 * records and writes the outputs exactly as an unsharded run would: the gradebook is sorted,
 * so the bytes are the same. A CI matrix grades a class of thousands this way.
 */
import type { GradedRecord } from "./batch.ts";

/** SHARD_FORMAT tags a shard file. */
export const SHARD_FORMAT = "synclab-grade-shard";
/** SHARD_VERSION is bumped on every change to a shard file's shape. */
export const SHARD_VERSION = 1;

/** Shard is `--shard i/n`: this is the i-th (1-based) of n slices. */
export interface Shard {
  index: number;
  count: number;
}

/** parseShard reads `i/n` (1 ≤ i ≤ n); it throws saying what it received and expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`--shard is "${text}", expected i/n with 1 ≤ i ≤ n, like 2/4`);
  return { index, count };
}

/** shardFiles keeps the files of shard `s` from the sorted list of all files. */
export function shardFiles(files: readonly string[], s: Shard): string[] {
  return files.filter((_, k) => k % s.count === s.index - 1);
}

/** ShardFile is what a shard writes. */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  assignment: { id: string; hash: string };
  /** the assignment file as grade was given it: merge loads it from there unless told --assignment */
  assignmentFile: string;
  shard: Shard;
  records: GradedRecord[];
}

/** shardFileText writes a shard file. */
export function shardFileText(assignment: { id: string; hash: string }, assignmentFile: string, shard: Shard, records: GradedRecord[]): string {
  const f: ShardFile = { format: SHARD_FORMAT, version: SHARD_VERSION, assignment, assignmentFile, shard, records };
  return `${JSON.stringify(f)}\n`;
}

/**
 * mergeShards checks and joins shard files' texts (`names` for messages) for the assignment
 * `assignment`; it throws naming the file that does not fit.
 */
export function mergeShards(texts: readonly string[], names: readonly string[], assignment: { id: string; hash: string }): GradedRecord[] {
  const seen = new Map<number, string>();
  let count: number | undefined;
  const records: GradedRecord[] = [];
  texts.forEach((text, k) => {
    const name = names[k]!;
    let f: ShardFile;
    try {
      f = JSON.parse(text) as ShardFile;
    } catch (e) {
      throw new Error(`${name}: is not a shard file (not JSON: ${(e as Error).message})`);
    }
    if (f?.format !== SHARD_FORMAT || f.version !== SHARD_VERSION || !Array.isArray(f.records) || typeof f.shard?.index !== "number") {
      throw new Error(`${name}: is not a shard file of version ${SHARD_VERSION} (expected what synclab grade --shard i/n --out writes)`);
    }
    if (f.assignment?.hash !== assignment.hash) {
      throw new Error(`${name}: was graded for assignment ${f.assignment?.id} with hash ${f.assignment?.hash}, expected ${assignment.id} with hash ${assignment.hash}`);
    }
    if (count !== undefined && f.shard.count !== count) throw new Error(`${name}: is shard ${f.shard.index}/${f.shard.count}, expected a shard of ${count}`);
    count = f.shard.count;
    const other = seen.get(f.shard.index);
    if (other) throw new Error(`${name}: is shard ${f.shard.index}/${f.shard.count}, which ${other} already is`);
    seen.set(f.shard.index, name);
    records.push(...f.records);
  });
  if (count === undefined) throw new Error("merge takes at least one shard file");
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new Error(`shards ${missing.map((i) => `${i}/${count}`).join(", ")} are missing, expected all ${count}`);
  return records;
}
